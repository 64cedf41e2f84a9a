package nnworkshop.model;

import static nnworkshop.util.TestFiles.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.tensor.Tensor;
import nnworkshop.util.FileKind;
import nnworkshop.util.Seeds;
import nnworkshop.util.TestFiles;

/**
 * A model whose numbers cannot be used is refused when loaded, in one line naming the tensor or
 * field; the file itself is only read. And a model must have an output for every label.
 */
class ModelNumbersTest {
    @TempDir
    Path tmp;

    Path file;
    String shaBefore;

    @AfterEach
    void theFileIsUnchanged() throws IOException {
        if (shaBefore != null) assertEquals(shaBefore, TestFiles.sha256(file));
    }

    static LinkedHashMap<String, Tensor> weights() {
        return new LinkedHashMap<>(new ModelSpec(new int[] {6, 5, 3}, Activation.RELU).build(Init.HE, Seeds.init(1)).stateDict());
    }

    Path write(LinkedHashMap<String, Tensor> tensors, Map<String, String> meta) throws IOException {
        file = SafeTensors.write(tmp.resolve("model.safetensors"), tensors, meta);
        shaBefore = TestFiles.sha256(file);
        return file;
    }

    @ParameterizedTest
    @CsvSource({"0.weight, NaN", "0.bias, Infinity", "2.weight, -Infinity"})
    void aTensorThatIsNotFiniteIsRefused(String name, float value) throws IOException {
        LinkedHashMap<String, Tensor> t = weights();
        float[] d = t.get(name).data().clone();
        d[2] = value;
        d[d.length - 1] = Float.NaN;
        t.put(name, new Tensor(t.get(name).shape(), d));
        Path f = write(t, Map.of());
        assertOneLineError(() -> ModelFile.load(f), f + ": not a model this workshop can use: tensor '" + name + "'",
                "holds " + value + " at index 2 and 1 more values that are not finite", "train it again");
    }

    @Test
    void subnormalWeightsAreFine() throws IOException {
        LinkedHashMap<String, Tensor> t = weights();
        float[] d = t.get("0.weight").data().clone();
        d[0] = Float.MIN_VALUE;
        t.put("0.weight", new Tensor(t.get("0.weight").shape(), d));
        assertEquals(Float.MIN_VALUE, ModelFile.load(write(t, Map.of())).model().stateDict().get("0.weight").data()[0]);
    }

    @ParameterizedTest
    @CsvSource({"0, 'is 0.0, not positive'", "-0.5, 'is -0.5, not positive'", "NaN, is NaN", "Infinity, is Infinity",
            "1e999, is Infinity", "1e-40, 'is 1.0E-40, a subnormal number'", "0x1p-149, 'is 1.4E-45, a subnormal number'"})
    void aStdThatIsNotAPositiveNormalNumberIsRefused(String std, String says) throws IOException {
        Path f = write(weights(), Map.of(ModelFile.NORM_MEAN, "0.1307", ModelFile.NORM_STD, std));
        assertOneLineError(() -> ModelFile.load(f), f.toString(), "metadata normalization_std " + says,
                "at least " + Float.MIN_NORMAL);
    }

    @ParameterizedTest
    @CsvSource({"NaN", "Infinity", "-Infinity"})
    void aMeanThatIsNotFiniteIsRefused(String mean) throws IOException {
        Path f = write(weights(), Map.of(ModelFile.NORM_MEAN, mean, ModelFile.NORM_STD, "0.3"));
        assertOneLineError(() -> ModelFile.load(f), "metadata normalization_mean is", "must be a finite number");
    }

    @Test
    void aGoodNormalisationLoads() throws IOException {
        Path f = write(weights(), Map.of(ModelFile.NORM_MEAN, "0.1307", ModelFile.NORM_STD, "" + Float.MIN_NORMAL));
        assertEquals(Float.MIN_NORMAL, ModelFile.load(f).normalization().std());
    }

    @Test
    void aTensorNameWithControlCharactersIsShownEscaped() throws IOException {
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("evil\n\u001b[2Jname", Tensor.of(new float[] {Float.NaN}, 1));
        Path f = write(t, Map.of());
        String m = assertOneLineError(() -> ModelFile.load(f), "evil\\n\\x1b[2Jname");
        assertFalse(m.contains("\u001b"), m);
    }

    @Test
    void aFifoIsNeverOpened() {
        Path fifo = TestFiles.mkfifo(tmp.resolve("model.safetensors"));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertOneLineError(() -> ModelFile.load(fifo), fifo + ": is a FIFO (named pipe), not a regular file",
                    "not opened");
            assertOneLineError(() -> SafeTensors.read(fifo), "a FIFO");
        });
        assertEquals(FileKind.FIFO, FileKind.ofEntry(fifo));
    }

    @Test
    void aModelNeedsAnOutputForEveryLabelAndANameForEveryOutput() {
        Path m = Path.of("five.safetensors");
        assertOneLineError(() -> ModelFile.requireOutputsCoverLabels(m, 5, 9, "mnist"),
                "five.safetensors has 5 outputs (classes 0..4), but the mnist labels go up to 9", "--dataset");
        ModelFile.requireOutputsCoverLabels(m, 10, 9, "mnist");
        ModelFile.requireOutputsCoverLabels(m, 10, -1, "an empty set");
        List<String> names = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertOneLineError(() -> ModelFile.requireOutputsHaveNames(m, 12, names, "mnist"),
                "has 12 outputs, but mnist has 10 classes");
        ModelFile.requireOutputsHaveNames(m, 10, names, "mnist");
    }
}
