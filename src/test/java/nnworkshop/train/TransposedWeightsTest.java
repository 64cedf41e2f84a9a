package nnworkshop.train;

import nnworkshop.util.Seeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

import nnworkshop.data.Dataset;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.optim.OptimizerKind;
import nnworkshop.tensor.Parameter;
import nnworkshop.tensor.Tensor;
import nnworkshop.tensor.kernel.VectorGemm;

/**
 * The first layer's transposed working copy of W (used with a ParallelGemm) against the plain
 * (out, in) path on the same kernels: same losses bit for bit, same trained weights, for every
 * optimizer; and the PyTorch-layout views stay right while the copy is in use.
 */
class TransposedWeightsTest {

    private static final ModelSpec SPEC = ModelSpec.parse("24,8", null, "relu", 16, 4);

    @Test
    void trainingWithTheTransposedCopyIsBitIdenticalToThePlainPath() {
        Dataset train = Synthetic.quadrants("train", 700, 3), val = Synthetic.quadrants("val", 130, 4);
        for (OptimizerKind opt : OptimizerKind.values()) {
            for (double momentum : opt == OptimizerKind.SGD ? new double[] {0, 0.9} : new double[] {0}) {
                TrainConfig c = TrainConfig.builder().epochs(2).batch(32).optimizer(opt).momentum(momentum)
                        .lr(opt == OptimizerKind.ADAM ? 0.01 : 0.1).weightDecay(1e-3).build();
                try (VectorGemm g = new VectorGemm(2)) {
                    Sequential fast = SPEC.build(Init.HE, Seeds.init(5)), plain = SPEC.build(Init.HE, Seeds.init(5));
                    History hf = Trainer.fit(fast, train, val, c, g, ProgressListener.SILENT);
                    assertTrue(fast.parameters().get(0).hasTransposedCopy(), "first weight uses the copy");
                    assertFalse(fast.parameters().get(2).hasTransposedCopy(), "later layers need W for dX");
                    History hp = Trainer.fit(plain, train, val, c, new PlainGemm(g), ProgressListener.SILENT);
                    assertFalse(plain.parameters().get(0).hasTransposedCopy());
                    String what = opt + " momentum " + momentum;
                    assertArrayEquals(hp.stepLosses(), hf.stepLosses(), what);
                    assertArrayEquals(hp.valLoss(), hf.valLoss(), what);
                    Map<String, Tensor> a = fast.stateDict(), b = plain.stateDict();
                    for (String k : b.keySet()) assertArrayEquals(b.get(k).data(), a.get(k).data(), what + " " + k);
                }
            }
        }
    }

    @Test
    void theViewsStayConsistentWhateverIsWrittenWhere() {
        Parameter p = new Parameter("0.weight", new int[] {2, 3}, nnworkshop.tensor.Matrix.of(
                new float[][] {{1, 2, 3}, {4, 5, 6}}));
        p.useTransposedCopy();
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, java.util.Arrays.copyOf(p.valueT(), 6));
        // an optimizer step on the working copy shows in value()
        float[] w = p.stepValue();
        float[] g = p.gradTForWrite();
        for (int i = 0; i < 6; i++) g[i] = i;           // dWᵀ
        float[] sg = p.stepGrad();
        for (int i = 0; i < 6; i++) w[i] -= sg[i];       // Wᵀ − dWᵀ
        assertArrayEquals(new float[] {1, 0, -1, 3, 2, 1}, p.value().toArray()); // (1,4,2,5,3,6) − (0..5), transposed
        assertArrayEquals(new float[] {0, 2, 4, 1, 3, 5}, p.grad().toArray());
        // a write through value() shows in the working copy
        p.value().set(1, 2, 60f);
        assertArrayEquals(new float[] {1, 0, -1, 3, 2, 60}, transposeBack(p.valueT()));
        // a gradient written through grad() reaches the optimizer
        p.grad().set(0, 1, 9f);
        float[] sg2 = p.stepGrad();
        assertArrayEquals(new float[] {0, 9, 4, 1, 3, 5}, transposeBack(sg2));
    }

    private static float[] transposeBack(float[] t) { // (3, 2) -> (2, 3)
        float[] out = new float[6];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) out[i * 3 + j] = t[j * 2 + i];
        return out;
    }
}
