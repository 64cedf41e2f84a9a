package nnworkshop.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.WorkshopException;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Tensor;
import nnworkshop.util.Seeds;

class ModelFileTest {
    @TempDir Path tmp;

    private static ModelSpec spec() {
        return new ModelSpec(new int[] {6, 5, 4, 3}, Activation.TANH);
    }

    @Test
    void roundTripKeepsArchitectureNormalisationAndWeights() {
        Sequential m = spec().build(Init.HE, Seeds.init(3));
        Path f = ModelFile.save(tmp.resolve("m.safetensors"), spec(), m.stateDict(), new Normalization(0.13f, 0.31f),
                Map.of("dataset", "mnist"));
        ModelFile.Loaded back = ModelFile.load(f);
        assertEquals(spec(), back.spec());
        assertEquals(0.13f, back.normalization().mean());
        assertEquals(0.31f, back.normalization().std());
        assertEquals("mnist", back.metadata().get("dataset"));
        assertEquals(m.stateDict(), back.model().stateDict());
        assertEquals(java.util.List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                java.util.List.copyOf(SafeTensors.read(f).tensors().keySet()));
        assertArrayEquals(new int[] {5, 6}, SafeTensors.read(f).tensors().get("0.weight").shape());
    }

    @Test
    void aPlainStateDictWithoutOurMetadataLoadsAsReluOnUnitScale() {
        Sequential m = new ModelSpec(new int[] {4, 3, 2}, Activation.RELU).build(Init.HE, Seeds.init(1));
        Path f = SafeTensors.write(tmp.resolve("plain.safetensors"), new LinkedHashMap<>(m.stateDict()), Map.of());
        ModelFile.Loaded back = ModelFile.load(f);
        assertEquals(Activation.RELU, back.spec().activation());
        assertEquals(0f, back.normalization().mean());
        assertEquals(1f, back.normalization().std());
    }

    @Test
    void metadataThatContradictsTheTensorsIsRejected() {
        Sequential m = spec().build(Init.HE, Seeds.init(3));
        Path f = SafeTensors.write(tmp.resolve("bad.safetensors"), new LinkedHashMap<>(m.stateDict()),
                Map.of(ModelFile.LAYERS, "6,7,4,3"));
        WorkshopException e = assertThrows(WorkshopException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("bad.safetensors") && e.getMessage().contains("6,7,4,3"), e.getMessage());
    }

    /** Found by ModelFileFuzzTest: the metadata's activation was quoted with its escape sequence as it is. */
    @Test
    void controlCharactersInTheMetadataAreEscapedInTheMessage() {
        Sequential m = spec().build(Init.HE, Seeds.init(3));
        Path f = SafeTensors.write(tmp.resolve("esc.safetensors"), new LinkedHashMap<>(m.stateDict()),
                Map.of(ModelFile.ACTIVATION, "bad\u001b[0m"));
        WorkshopException e = assertThrows(WorkshopException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("bad\\x1b[0m") && !e.getMessage().contains("\u001b"), e.getMessage());
    }

    @Test
    void tensorsThatDoNotChainAreRejected() {
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("0.weight", new Tensor(new int[] {3, 4}, new float[12]));
        t.put("0.bias", new Tensor(new int[] {3}, new float[3]));
        t.put("2.weight", new Tensor(new int[] {2, 5}, new float[10]));
        t.put("2.bias", new Tensor(new int[] {2}, new float[2]));
        Path f = SafeTensors.write(tmp.resolve("chain.safetensors"), t, Map.of());
        WorkshopException e = assertThrows(WorkshopException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("2.weight"), e.getMessage());
    }

    @Test
    void badNormalisationMetadataIsRejected() {
        Sequential m = spec().build(Init.HE, Seeds.init(3));
        Path f = SafeTensors.write(tmp.resolve("norm.safetensors"), new LinkedHashMap<>(m.stateDict()),
                Map.of(ModelFile.ACTIVATION, "tanh", ModelFile.NORM_STD, "zero"));
        WorkshopException e = assertThrows(WorkshopException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("normalization_std"), e.getMessage());
    }

    @Test
    void missingFileIsAClearError() {
        WorkshopException e = assertThrows(WorkshopException.class, () -> ModelFile.load(tmp.resolve("none.safetensors")));
        assertTrue(e.getMessage().contains("none.safetensors"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("none.safetensors")));
    }
}
