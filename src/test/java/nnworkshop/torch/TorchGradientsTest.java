package nnworkshop.torch;

import static nnworkshop.tensor.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import nnworkshop.WorkshopException;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Loss;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Parameter;
import nnworkshop.tensor.Tensor;

/**
 * {@link TorchGradients} against the from-scratch engine (reference kernels): the same loss and the
 * same gradient of every tensor for the same weights and batch; calls are independent (gradients
 * do not accumulate, weights are replaced); the weights are not updated; bad weights are refused
 * with the engine's message. Measured here the gradients agree to about 1e-8 absolute; the bounds
 * (1e-6 absolute on gradients of size 1e-2 to 1e-1) fail on a 1% error in any one of them.
 */
class TorchGradientsTest {
    static final ModelSpec SPEC = ModelSpec.withHidden(20, 5, Activation.RELU, 16, 12);
    static final int N = TorchParityTest.N;

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void lossAndGradientsEqualTheScratchEngines(LossKind kind) {
        Sequential scratch = TorchParityTest.scratch(SPEC, 5);
        float[] x = TorchParityTest.inputs(N, SPEC.inputs(), 6);
        int[] y = TorchParityTest.labels(N, SPEC.classes(), 7);
        Loss loss = kind.create();
        double expectedLoss = loss.forward(scratch.forward(Matrix.wrap(x.clone(), N, SPEC.inputs())), y);
        scratch.backward(loss.backward());
        try (TorchGradients torch = new TorchGradients(SPEC, kind)) {
            TorchGradients.Result r = torch.compute(scratch.stateDict(), x, y, N);
            assertClose(r.loss(), expectedLoss, 1e-6, 0);
            assertEquals(6, r.gradients().size());
            for (Parameter p : scratch.parameters()) {
                Tensor g = r.gradients().get(p.name());
                assertArrayEquals(p.shape(), g.shape(), p.name());
                assertClose(g.data(), p.grad().toArray(), 0, 1e-6);
            }
        }
    }

    @Test
    void callsAreIndependentAndDoNotUpdate() {
        Map<String, Tensor> a = TorchParityTest.scratch(SPEC, 1).stateDict(), b = TorchParityTest.scratch(SPEC, 2).stateDict();
        float[] x = TorchParityTest.inputs(N, SPEC.inputs(), 3);
        int[] y = TorchParityTest.labels(N, SPEC.classes(), 4);
        try (TorchGradients torch = new TorchGradients(SPEC, LossKind.CROSS_ENTROPY)) {
            TorchGradients.Result first = torch.compute(a, x, y, N);
            TorchGradients.Result again = torch.compute(a, x, y, N); // no update in between, no accumulation
            assertEquals(first.loss(), again.loss());
            for (String name : first.gradients().keySet()) {
                assertArrayEquals(first.gradients().get(name).data(), again.gradients().get(name).data(), name);
            }
            TorchGradients.Result other = torch.compute(b, x, y, N);
            assertTrue(Math.abs(other.loss() - first.loss()) > 1e-3, "other weights, other loss");
            TorchGradients.Result back = torch.compute(a, x, y, N); // weights replaced, not mixed
            assertEquals(first.loss(), back.loss());
            assertArrayEquals(first.gradients().get("0.weight").data(), back.gradients().get("0.weight").data());
            // a smaller batch after a larger one reads only its own rows
            TorchGradients.Result part = torch.compute(a, x, y, 7);
            Sequential s = TorchParityTest.scratch(SPEC, 1);
            Loss loss = LossKind.CROSS_ENTROPY.create();
            double expected = loss.forward(s.forward(Matrix.wrap(java.util.Arrays.copyOf(x, 7 * SPEC.inputs()), 7, SPEC.inputs())), y);
            assertClose(part.loss(), expected, 1e-6, 0);
        }
    }

    @Test
    void badWeightsAreRefusedWithTheEnginesMessage() {
        try (TorchGradients torch = new TorchGradients(SPEC, LossKind.CROSS_ENTROPY)) {
            Map<String, Tensor> w = new LinkedHashMap<>(TorchParityTest.scratch(SPEC, 1).stateDict());
            w.put("2.weight", new Tensor(new int[] {12, 15}, new float[12 * 15]));
            float[] x = new float[N * SPEC.inputs()];
            int[] y = new int[N];
            WorkshopException e = assertThrows(WorkshopException.class, () -> torch.compute(w, x, y, N));
            assertTrue(e.getMessage().contains("'2.weight' has shape (12, 15)"), e.getMessage());
            w.remove("2.weight");
            e = assertThrows(WorkshopException.class, () -> torch.compute(w, x, y, N));
            assertTrue(e.getMessage().contains("no tensor '2.weight'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> torch.compute(TorchParityTest.scratch(SPEC, 1).stateDict(), x, y, 0));
        }
    }
}
