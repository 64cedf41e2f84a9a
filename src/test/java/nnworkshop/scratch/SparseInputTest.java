package nnworkshop.scratch;

import nnworkshop.tensor.Backend;
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
import nnworkshop.data.Normalization;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.optim.OptimizerKind;
import nnworkshop.tensor.Tensor;
import nnworkshop.tensor.kernel.VectorGemm;

/**
 * Batches of mostly-zero images go to the first layer as their nonzeros ({@link Batch}): training
 * and evaluation then give the same bits as the dense path on the same kernels, for every optimizer
 * and thread count; inputs without zeros (standardised, or dense images) stay dense.
 */
class SparseInputTest {

    private static final ModelSpec SPEC = ModelSpec.parse("32,16", null, "relu", 64, 4);

    @Test
    void trainingOnSparseBatchesIsBitIdenticalToTheDensePath() {
        Dataset train = Synthetic.sparseQuadrants("train", 900, 3), val = Synthetic.sparseQuadrants("val", 150, 4);
        assertTrue(train.nonZeroFraction() < 0.3, "mostly zeros: " + train.nonZeroFraction());
        for (OptimizerKind opt : OptimizerKind.values()) {
            for (int threads : new int[] {1, 2, 3}) {
                TrainConfig c = TrainConfig.builder().epochs(2).batch(50).optimizer(opt).momentum(opt == OptimizerKind.SGD ? 0.9 : 0)
                        .lr(opt == OptimizerKind.ADAM ? 0.01 : 0.1).weightDecay(1e-3).evalBatch(70).build();
                try (VectorGemm g = new VectorGemm(threads)) {
                    Sequential sparse = SPEC.build(Init.HE, Seeds.init(5)), dense = SPEC.build(Init.HE, Seeds.init(5));
                    History hs = Trainer.fit(sparse, train, val, c, Backend.of(g), ProgressListener.SILENT);
                    assertTrue(Batch.sparse(sparse, c.normalization(), train), "the sparse path is taken");
                    History hd = Trainer.fit(dense, train, val, c, Backend.of(new PlainGemm(g)), ProgressListener.SILENT);
                    assertFalse(Batch.sparse(dense, c.normalization(), train));
                    String what = opt + ", " + threads + " threads";
                    assertArrayEquals(hd.stepLosses(), hs.stepLosses(), what);
                    assertArrayEquals(hd.valLoss(), hs.valLoss(), what);
                    Map<String, Tensor> a = sparse.stateDict(), b = dense.stateDict();
                    for (String k : b.keySet()) assertArrayEquals(b.get(k).data(), a.get(k).data(), what + " " + k);
                    assertArrayEquals(new Evaluator(dense, c.normalization(), 64).outputs(val).data(),
                            new Evaluator(sparse, c.normalization(), 64).outputs(val).data(), what + " outputs");
                }
            }
        }
    }

    @Test
    void inputsWithoutZerosOrKernelsWithoutTheSparseProductsStayDense() {
        Dataset sparseData = Synthetic.sparseQuadrants("s", 100, 1), denseData = Synthetic.quadrants("d", 100, 1);
        ModelSpec small = ModelSpec.parse("16,8", null, "relu", 16, 4);
        try (VectorGemm g = new VectorGemm(2)) {
            Sequential model = SPEC.build(Init.HE, Seeds.init(1));
            model.use(Backend.of(g));
            assertTrue(Batch.sparse(model, Normalization.UNIT, sparseData));
            assertFalse(Batch.sparse(model, new Normalization(0.1307f, 0.3081f), sparseData), "standardised: no zeros");
            Sequential other = small.build(Init.HE, Seeds.init(1));
            other.use(Backend.of(g));
            assertFalse(Batch.sparse(other, Normalization.UNIT, denseData), "dense images");
            byte[] half = new byte[100 * 64];
            for (int i = 0; i < half.length; i += 2) half[i] = 7; // half the pixels inked, as Fashion-MNIST
            Dataset halfData = new Dataset("half", 100, 8, 8, half, new byte[100]);
            assertFalse(Batch.sparse(model, Normalization.UNIT, halfData), "50% nonzero: dense");
        }
        Sequential reference = SPEC.build(Init.HE, Seeds.init(1));
        reference.use(Backend.reference());
        assertFalse(Batch.sparse(reference, Normalization.UNIT, sparseData), "the reference kernels read dense batches");
    }
}
