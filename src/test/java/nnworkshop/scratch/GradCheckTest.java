package nnworkshop.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import nnworkshop.nn.Activation;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.nn.reference.ReferenceMlp;
import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Matrix;

/**
 * Central differences in double against the reference's analytic gradients (≤ 1e-6), and the
 * float32 engine against the reference (forward ≤ 1e-5 of scale, gradients ≤ 1e-4 of each tensor's
 * scale), for every activation and both losses,
 * plus the softmax layer (with MSE).
 */
class GradCheckTest {

    private static void assertPasses(GradCheck.Report r) {
        for (GradCheck.Result t : r.tensors()) {
            assertTrue(t.relativeError() <= GradCheck.TOLERANCE, t + " in " + r.spec());
            assertTrue(t.engineError() <= GradCheck.ENGINE_TOLERANCE, t + " in " + r.spec());
        }
        assertTrue(r.passed(), r.toString());
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void crossEntropyEveryActivationTwoHiddenLayers(Activation act) {
        ModelSpec spec = new ModelSpec(new int[] {7, 6, 5, 4}, act);
        GradCheck.Report r = GradCheck.run(spec, GradCheck.Options.defaults().withSeed(11));
        assertEquals(6, r.tensors().size());
        assertEquals("0.weight", r.tensors().get(0).name());
        assertEquals("(6, 7)", r.tensors().get(0).shape());
        assertPasses(r);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void meanSquaredErrorEveryActivation(Activation act) {
        assertPasses(GradCheck.run(new ModelSpec(new int[] {5, 4, 3}, act),
                GradCheck.Options.defaults().withLoss(LossKind.MSE, false)));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void softmaxLayerWithMeanSquaredError(Activation act) {
        assertPasses(GradCheck.run(new ModelSpec(new int[] {5, 4, 3}, act),
                GradCheck.Options.defaults().withLoss(LossKind.MSE, true)));
    }

    @Test
    void theWorkshopsNetworkOnSampledEntries() {
        GradCheck.Report r = GradCheck.run(ModelSpec.parse(null, null, "relu", 784, 10), GradCheck.Options.defaults());
        assertEquals(100, r.tensors().get(0).checked());
        assertEquals(10, r.tensors().get(3).checked());
        assertPasses(r);
    }

    /** Random small networks, sizes 1..6 and batches 1..5: the engine's forward equals the double path's. */
    @Test
    void engineForwardEqualsTheDoublePathOnRandomNetworks() {
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 40; trial++) {
            int depth = 1 + r.nextInt(3);
            int[] sizes = new int[depth + 1];
            for (int i = 0; i <= depth; i++) sizes[i] = 1 + r.nextInt(6);
            sizes[depth] = Math.max(2, sizes[depth]);
            ModelSpec spec = new ModelSpec(sizes, Activation.values()[trial % 4]);
            LossKind loss = trial % 3 == 0 ? LossKind.MSE : LossKind.CROSS_ENTROPY;
            Sequential model = spec.build(nnworkshop.nn.Init.PYTORCH, r.split());
            model.use(Backend.reference());
            ReferenceMlp ref = new ReferenceMlp(spec, false, loss);
            ref.copyFrom(model);
            int n = 1 + r.nextInt(5);
            Matrix x = new Matrix(n, sizes[0]);
            double[] xd = new double[n * sizes[0]];
            for (int i = 0; i < xd.length; i++) xd[i] = x.data()[i] = (float) (2 * r.nextDouble() - 1);
            float[] out = model.forward(x).toArray();
            double[] expected = ref.output(xd, n);
            double scale = 0, diff = 0;
            for (int i = 0; i < out.length; i++) {
                scale = Math.max(scale, Math.abs(expected[i]));
                diff = Math.max(diff, Math.abs(out[i] - expected[i]));
            }
            assertTrue(diff <= 1e-5 * Math.max(scale, 1e-3), spec + ": diff " + diff + " at scale " + scale);
            GradCheck.Options o = new GradCheck.Options(loss, false, nnworkshop.nn.Init.PYTORCH, n, trial, 1e-5, 50);
            assertPasses(GradCheck.run(spec, o));
        }
    }
}
