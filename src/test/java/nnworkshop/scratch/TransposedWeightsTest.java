package nnworkshop.scratch;

import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.Synthetic;
import nnworkshop.train.TrainConfig;
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
import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Tensor;
import nnworkshop.tensor.kernel.VectorGemm;

/**
 * The first layer's transposed working copy of W (used with a FastGemm) against the plain
 * (out, in) path on the same kernels: same losses bit for bit, same trained weights, for every
 * optimizer. (The views of a parameter with a working copy: {@code tensor.ParameterTest}.)
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
                    History hf = Trainer.fit(fast, train, val, c, Backend.of(g), ProgressListener.SILENT);
                    assertTrue(fast.parameters().get(0).hasTransposedCopy(), "first weight uses the copy");
                    assertFalse(fast.parameters().get(2).hasTransposedCopy(), "later layers need W for dX");
                    History hp = Trainer.fit(plain, train, val, c, Backend.of(new PlainGemm(g)), ProgressListener.SILENT);
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
}
