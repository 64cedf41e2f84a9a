package nnworkshop.torch;

import static nnworkshop.tensor.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Tensor;
import nnworkshop.scratch.Evaluator;
import nnworkshop.train.Evaluation;
import nnworkshop.util.Seeds;

/** Weights between the engines and through model files, and the errors a user can meet there. */
class TorchWeightsTest {
    @TempDir Path tmp;

    static final ModelSpec SPEC = new ModelSpec(new int[] {16, 12, 8, 4}, Activation.LEAKY_RELU);

    @Test
    void scratchToTorchAndBackIsExact() {
        Map<String, Tensor> original = SPEC.build(Init.PYTORCH, Seeds.init(7)).stateDict();
        try (TorchMlp torch = TorchMlp.fromStateDict(SPEC, original)) {
            Map<String, Tensor> back = torch.stateDict();
            assertEquals(List.copyOf(original.keySet()), List.copyOf(back.keySet()));
            assertEquals(original, back); // same shapes, bit-identical values
            assertArrayEquals(new int[] {12, 16}, back.get("0.weight").shape());
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"), torch.parameterNames());
        }
    }

    @Test
    void theBlockIsWhatADjlUserWouldWrite() {
        try (TorchMlp torch = TorchMlp.fromStateDict(SPEC, SPEC.build(Init.HE, Seeds.init(1)).stateDict())) {
            assertEquals(5, torch.block().getChildren().size()); // Linear, g, Linear, g, Linear
            assertTrue(torch.block().getChildren().get(0).getValue() instanceof ai.djl.nn.core.Linear);
        }
    }

    @Test
    void initializedStartsFromTheScratchEnginesWeights() {
        Sequential scratch = SPEC.build(Init.XAVIER, Seeds.init(42));
        try (TorchMlp torch = TorchMlp.initialized(SPEC, Init.XAVIER, Seeds.init(42))) {
            assertEquals(scratch.stateDict(), torch.stateDict());
        }
    }

    @Test
    void savedByTorchLoadedByEitherEngineGivesTheSameLogits() {
        Dataset data = images(50, 16, 3);
        Normalization norm = new Normalization(0.2f, 0.3f);
        Path file = tmp.resolve("m.safetensors");
        Matrix torchLogits;
        try (TorchModel m = TorchModel.of(SPEC, SPEC.build(Init.HE, Seeds.init(5)).stateDict(), norm)) {
            ModelFile.save(file, SPEC, m.stateDict(), norm, Map.of("trained_by", "torch"));
            torchLogits = m.logits(data, norm, 16);
        }
        try (TorchModel loaded = TorchModel.load(file)) {
            assertEquals(SPEC, loaded.spec());
            assertEquals(0.2f, loaded.normalization().mean());
            assertEquals("torch", loaded.metadata().get("trained_by"));
            assertArrayEquals(torchLogits.data(), loaded.logits(data, loaded.normalization(), 16).data()); // same batches: bit-identical
        }
        ModelFile.Loaded scratch = ModelFile.load(file);
        scratch.model().use(Backend.reference());
        Matrix scratchLogits = new Evaluator(scratch.model(), scratch.normalization(), 16).outputs(data);
        assertClose(torchLogits.data(), scratchLogits.data(), 0, 1e-5);
    }

    @Test
    void wholeSetEvaluationMatchesTheScratchEvaluator() {
        Dataset data = images(2003, 16, 4); // batches of 1000 and a last one of 3
        Sequential scratch = SPEC.build(Init.HE, Seeds.init(9));
        scratch.use(Backend.reference());
        for (LossKind loss : LossKind.values()) {
            Evaluation expected = new Evaluator(scratch, Normalization.UNIT).evaluate(data, loss);
            try (TorchModel torch = TorchModel.of(SPEC, scratch.stateDict(), Normalization.UNIT)) {
                Evaluation actual = torch.evaluate(data, Normalization.UNIT, 1000, loss);
                assertEquals(2003, actual.count());
                assertClose(actual.loss(), expected.loss(), 1e-5, 1e-7);
                assertEquals(expected.accuracy(), actual.accuracy());
                assertArrayEquals(expected.predictions(), actual.predictions());
                assertArrayEquals(expected.predictions(), torch.predict(data, Normalization.UNIT, 64));
            }
        }
    }

    @Test
    void aMissingModelFileIsAClearError() {
        Path missing = tmp.resolve("nope.safetensors");
        WorkshopException e = assertThrows(WorkshopException.class, () -> TorchModel.load(missing));
        assertTrue(e.getMessage().contains("nope.safetensors"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAModelIsAClearError() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.safetensors"), "this is not a safetensors file");
        WorkshopException e = assertThrows(WorkshopException.class, () -> TorchModel.load(junk));
        assertTrue(e.getMessage().contains("junk.safetensors"), e.getMessage());
    }

    @Test
    void aFileForAnotherArchitectureIsAClearError() {
        Path file = tmp.resolve("m.safetensors");
        ModelFile.save(file, SPEC, SPEC.build(Init.HE, Seeds.init(5)).stateDict(), Normalization.UNIT, Map.of());
        ModelSpec wider = new ModelSpec(new int[] {16, 20, 8, 4}, Activation.LEAKY_RELU);
        WorkshopException e = assertThrows(WorkshopException.class, () -> TorchModel.load(file, wider));
        assertTrue(e.getMessage().contains("m.safetensors") && e.getMessage().contains("0.weight")
                && e.getMessage().contains("(12, 16)") && e.getMessage().contains("(20, 16)"), e.getMessage());
        ModelSpec tanh = new ModelSpec(SPEC.sizes(), Activation.TANH);
        e = assertThrows(WorkshopException.class, () -> TorchModel.load(file, tanh));
        assertTrue(e.getMessage().contains("leaky_relu") && e.getMessage().contains("tanh"), e.getMessage());
    }

    @Test
    void missingOrExtraTensorsAreClearErrors() {
        Map<String, Tensor> state = new LinkedHashMap<>(SPEC.build(Init.HE, Seeds.init(5)).stateDict());
        state.remove("2.bias");
        WorkshopException e = assertThrows(WorkshopException.class, () -> TorchMlp.fromStateDict(SPEC, state));
        assertTrue(e.getMessage().contains("'2.bias'"), e.getMessage());
        state.put("2.bias", new Tensor(new int[] {8}, new float[8]));
        state.put("6.weight", new Tensor(new int[] {1, 4}, new float[4]));
        e = assertThrows(WorkshopException.class, () -> TorchMlp.fromStateDict(SPEC, state));
        assertTrue(e.getMessage().contains("'6.weight'"), e.getMessage());
    }

    @Test
    void inputsOfTheWrongSizeAreClearErrors() {
        try (TorchModel m = TorchModel.of(SPEC, SPEC.build(Init.HE, Seeds.init(5)).stateDict(), Normalization.UNIT)) {
            WorkshopException e = assertThrows(WorkshopException.class,
                    () -> m.evaluate(images(3, 25, 1), Normalization.UNIT, 10, LossKind.CROSS_ENTROPY));
            assertTrue(e.getMessage().contains("25") && e.getMessage().contains("16"), e.getMessage());
        }
    }

    /** n random images of side×side... as a flat row of {@code d} pixels (d a square), labels 0..3. */
    static Dataset images(int n, int d, long seed) {
        int side = (int) Math.round(Math.sqrt(d));
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        byte[] px = new byte[n * d];
        byte[] labels = new byte[n];
        for (int i = 0; i < px.length; i++) px[i] = (byte) r.nextInt(256);
        for (int i = 0; i < n; i++) labels[i] = (byte) r.nextInt(4);
        return new Dataset("random", n, side, side, px, labels);
    }
}
