package nnworkshop.scratch;

import nnworkshop.tensor.Backend;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.Synthetic;
import nnworkshop.train.TrainConfig;
import nnworkshop.util.Seeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import nnworkshop.data.Dataset;
import nnworkshop.data.DatasetKind;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.kernel.VectorGemm;

/** The kernel warm-up: it stops when asked, and a run during or after it gives the same bits. */
class WarmupTest {

    @Test
    void stopWithoutStartAndTwiceIsHarmless() {
        Warmup.stop();
        Warmup.start(DatasetKind.MNIST, false);
        Warmup.start(DatasetKind.FASHION, false); // idempotent while one runs
        Warmup.stop();
        Warmup.stop();
        Warmup.start(DatasetKind.FASHION, false); // the dense kernels' warm-up
        Warmup.stop();
    }

    @Test
    void awaitEndStopsTheWarmupWithinItsTimeLimit() {
        Warmup.awaitEnd(10); // none running: no-op
        Warmup.start(DatasetKind.MNIST, true);
        long t0 = System.nanoTime();
        Warmup.awaitEnd(50);
        assertTrue((System.nanoTime() - t0) / 1e6 < Warmup.MAX_MILLIS + 2000, "joins for at most the time given, then stops");
        Warmup.start(DatasetKind.MNIST, false); // startable again: the last one was stopped
        Warmup.stop();
    }

    @Test
    void syntheticImagesHaveAZeroBorderAndValidLabels() {
        Dataset d = Warmup.synthetic(50, false, new java.util.SplittableRandom(3));
        assertEquals(50, d.count());
        assertEquals(784, d.features());
        for (int i = 0; i < d.count(); i++) {
            assertTrue(d.label(i) >= 0 && d.label(i) < Dataset.NUM_CLASSES);
            for (int c = 0; c < 28; c++) assertEquals(0, d.rawPixels()[i * 784 + c], "top row is zero");
        }
    }

    @Test
    void syntheticImagesAreReadAsTheDataSetTheyStandFor() {
        Sequential model = ModelSpec.withHidden(784, 10, nnworkshop.nn.Activation.RELU, 128).build(Init.HE, Seeds.init(1));
        model.use(Backend.of(new VectorGemm(1)));
        Dataset digits = Warmup.synthetic(200, false, new java.util.SplittableRandom(3));
        Dataset clothes = Warmup.synthetic(200, true, new java.util.SplittableRandom(3));
        // MNIST: 19% nonzero, read sparse; Fashion-MNIST: 50%, read densely
        assertEquals(0.128, digits.nonZeroFraction(), 0.01);
        assertEquals(0.5, clothes.nonZeroFraction(), 0.01);
        assertTrue(Batch.sparse(model, Normalization.UNIT, digits));
        assertFalse(Batch.sparse(model, Normalization.UNIT, clothes));
    }

    @Test
    void fashionLikeImagesHaveAllZeroColumnsInEveryBatchStandardisedOnesNone() {
        Dataset fashion = Warmup.synthetic(128, true, true, new java.util.SplittableRandom(3));
        Dataset dense = Warmup.synthetic(128, true, false, new java.util.SplittableRandom(3));
        for (int from = 0; from < 128; from += 64) {
            assertEquals(36, zeroColumns(fashion, from, 64), "the corners: the active-column kernels run, as on Fashion-MNIST");
            assertEquals(0, zeroColumns(dense, from, 64), "none: the dense kernels run, as on standardised images");
        }
        assertEquals(0.5 * (784 - 36) / 784, fashion.nonZeroFraction(), 0.01);
    }

    private static int zeroColumns(Dataset d, int from, int count) {
        int zero = 0;
        for (int p = 0; p < 784; p++) {
            boolean any = false;
            for (int i = from; i < from + count && !any; i++) any = d.rawPixels()[i * 784 + p] != 0;
            if (!any) zero++;
        }
        return zero;
    }

    @Test
    void trainingStartedDuringAWarmupIsBitIdentical() {
        ModelSpec spec = ModelSpec.parse("24", null, "relu", 16, 4);
        Dataset train = Synthetic.quadrants("train", 300, 3), val = Synthetic.quadrants("val", 60, 4);
        TrainConfig c = TrainConfig.builder().epochs(2).batch(32).build();
        double[] expected, actual;
        try (VectorGemm g = new VectorGemm(2)) {
            expected = toDoubles(Trainer.fit(spec.build(Init.HE, Seeds.init(5)), train, val, c, Backend.of(g),
                    ProgressListener.SILENT).stepLosses());
            Warmup.start(DatasetKind.MNIST, false);
            Sequential model = spec.build(Init.HE, Seeds.init(5));
            actual = toDoubles(Trainer.fit(model, train, val, c, Backend.of(g), ProgressListener.SILENT).stepLosses());
        }
        assertArrayEquals(expected, actual);
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
