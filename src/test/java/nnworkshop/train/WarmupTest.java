package nnworkshop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import nnworkshop.data.Dataset;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.kernel.VectorGemm;

/** The kernel warm-up: it stops when asked, and a run during or after it gives the same bits. */
class WarmupTest {

    @Test
    void stopWithoutStartAndTwiceIsHarmless() {
        Warmup.stop();
        Warmup.start();
        Warmup.start(); // idempotent while one runs
        Warmup.stop();
        Warmup.stop();
    }

    @Test
    void syntheticImagesHaveAZeroBorderAndValidLabels() {
        Dataset d = Warmup.synthetic(50, new java.util.SplittableRandom(3));
        assertEquals(50, d.count());
        assertEquals(784, d.features());
        for (int i = 0; i < d.count(); i++) {
            assertTrue(d.label(i) >= 0 && d.label(i) < Dataset.NUM_CLASSES);
            for (int c = 0; c < 28; c++) assertEquals(0, d.rawPixels()[i * 784 + c], "top row is zero");
        }
    }

    @Test
    void trainingStartedDuringAWarmupIsBitIdentical() {
        ModelSpec spec = ModelSpec.parse("24", null, "relu", 16, 4);
        Dataset train = Synthetic.quadrants("train", 300, 3), val = Synthetic.quadrants("val", 60, 4);
        TrainConfig c = TrainConfig.builder().epochs(2).batch(32).build();
        double[] expected, actual;
        try (VectorGemm g = new VectorGemm(2)) {
            expected = toDoubles(Trainer.fit(spec.build(Init.HE, Seeds.init(5)), train, val, c, g,
                    ProgressListener.SILENT).stepLosses());
            Warmup.start();
            Sequential model = spec.build(Init.HE, Seeds.init(5));
            actual = toDoubles(Trainer.fit(model, train, val, c, g, ProgressListener.SILENT).stepLosses());
        }
        assertArrayEquals(expected, actual);
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
