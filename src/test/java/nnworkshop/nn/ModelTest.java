package nnworkshop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import nnworkshop.WorkshopException;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Tensor;

/** ModelSpec parsing, Sequential's structure, state dict and buffers. */
class ModelTest {

    @Test
    void hiddenAndLayersOptions() {
        assertArrayEquals(new int[] {784, 128, 10}, ModelSpec.parse(null, null, "relu", 784, 10).sizes());
        assertArrayEquals(new int[] {784, 64, 10}, ModelSpec.parse("64", null, "relu", 784, 10).sizes());
        assertArrayEquals(new int[] {784, 256, 128, 10}, ModelSpec.parse("256, 128", null, "tanh", 784, 10).sizes());
        ModelSpec s = ModelSpec.parse(null, "784,256,128,10", "leaky-relu", 784, 10);
        assertArrayEquals(new int[] {784, 256, 128, 10}, s.sizes());
        assertEquals(Activation.LEAKY_RELU, s.activation());
        assertEquals("784-256-128-10 leaky_relu", s.describe());
        assertArrayEquals(new int[] {784, 10}, ModelSpec.parse(null, "784,10", "relu", 784, 10).sizes());
    }

    @Test
    void badModelOptionsGiveOneLineErrors() {
        assertMessage(() -> ModelSpec.parse("128", "784,128,10", "relu", 784, 10), "either --hidden or --layers");
        assertMessage(() -> ModelSpec.parse(null, "100,128,10", "relu", 784, 10), "must start with 784");
        assertMessage(() -> ModelSpec.parse(null, "784,128,9", "relu", 784, 10), "end with 10");
        assertMessage(() -> ModelSpec.parse("12a", null, "relu", 784, 10), "comma-separated whole numbers");
        assertMessage(() -> ModelSpec.parse("-5", null, "relu", 784, 10), "positive");
        assertMessage(() -> ModelSpec.parse(null, null, "swish", 784, 10), "unknown activation");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
        WorkshopException ex = assertThrows(WorkshopException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
        assertTrue(!ex.getMessage().contains("\n"), "one line");
    }

    @Test
    void sequentialHasPyTorchStructureAndNames() {
        Sequential m = ModelSpec.parse("256,128", null, "relu", 784, 10).build(Init.HE, new SplittableRandom(1));
        assertEquals(5, m.layers().size());
        assertTrue(m.layers().get(1) instanceof ReLU && m.layers().get(3) instanceof ReLU);
        Map<String, Tensor> sd = m.stateDict();
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"), new ArrayList<>(sd.keySet()));
        assertArrayEquals(new int[] {256, 784}, sd.get("0.weight").shape());
        assertArrayEquals(new int[] {256}, sd.get("0.bias").shape());
        assertArrayEquals(new int[] {10, 128}, sd.get("4.weight").shape());
        assertEquals(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, m.parameterCount());
        assertEquals(101_770, ModelSpec.parse(null, null, "relu", 784, 10).parameterCount());
        assertEquals(ModelSpec.parse("256,128", null, "relu", 784, 10), ModelSpec.fromStateDict(sd, Activation.RELU));
        assertTrue(m.toString().contains("(2): Linear(in_features=256, out_features=128)"), m.toString());
    }

    @Test
    void stateDictRoundTrip() {
        ModelSpec spec = ModelSpec.parse("5", null, "tanh", 6, 3);
        Sequential a = spec.build(Init.PYTORCH, new SplittableRandom(1));
        Sequential b = spec.build(Init.PYTORCH, new SplittableRandom(2));
        Matrix x = new Matrix(2, 6).fill(0.5f);
        float[] outA = a.forward(x).toArray();
        assertNotEquals(java.util.Arrays.toString(outA), java.util.Arrays.toString(b.forward(x).toArray()));
        b.loadStateDict(a.stateDict());
        assertArrayEquals(outA, b.forward(x).toArray());
        // the state dict is a copy: changing it leaves the model alone
        a.stateDict().get("0.weight").data()[0] = 99f;
        assertArrayEquals(outA, a.forward(x).toArray());
    }

    @Test
    void loadingAMismatchedStateDictSaysWhatDiffers() {
        Sequential m = ModelSpec.parse("5", null, "relu", 6, 3).build(Init.HE, new SplittableRandom(1));
        Map<String, Tensor> other = ModelSpec.parse("4", null, "relu", 6, 3).build(Init.HE, new SplittableRandom(1)).stateDict();
        assertMessage(() -> m.loadStateDict(other), "'0.weight' has shape (4, 6) but this model expects (5, 6)");
        Map<String, Tensor> missing = new LinkedHashMap<>(m.stateDict());
        missing.remove("2.bias");
        assertMessage(() -> m.loadStateDict(missing), "no tensor '2.bias'");
        Map<String, Tensor> extra = new LinkedHashMap<>(m.stateDict());
        extra.put("4.weight", new Tensor(new int[] {1}, new float[1]));
        assertMessage(() -> m.loadStateDict(extra), "unexpected tensor '4.weight'");
        float[] before = m.parameters().get(0).value().toArray();
        assertArrayEquals(before, m.parameters().get(0).value().toArray(), "nothing loaded on error");
    }

    @Test
    void buffersAreSizedOnceForFullAndPartialBatches() {
        Sequential m = ModelSpec.parse("8", null, "sigmoid", 4, 3).build(Init.XAVIER, new SplittableRandom(3));
        m.reserve(16);
        Matrix out = m.forward(new Matrix(16, 4));
        float[] buffer = out.data();
        Matrix part = m.forward(new Matrix(5, 4));
        assertSame(buffer, part.data());
        assertEquals(5, part.rows());
    }

    @Test
    void parameterNamesMustMatchLayerIndices() {
        assertThrows(IllegalArgumentException.class, () -> Sequential.of(new Dense("1", 2, 2)));
    }
}
