package nnworkshop.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How far apart the kernel threads' cores are (a cache line's hand-off between them), and what
 * the kernels do with it: while the cores are far, products of a training batch's size stay on the
 * caller (larger ones are still split), with the same bits either way.
 */
class CoreDistanceTest {

    @Test
    void theHandOffIsMeasuredBetweenTheCallerAndAWorker() {
        try (VectorGemm two = new VectorGemm(2); VectorGemm one = new VectorGemm(1)) {
            // NaN when the worker did not come within the measure's patience (10 ms): a busy
            // machine, e.g. CI running other work; it comes within a few tries
            double ns = Double.NaN;
            for (int attempt = 0; attempt < TRIES && Double.isNaN(ns); attempt++) ns = two.pool.handOffNanos(100, 100, 3);
            // a cache line between two cores: tens to hundreds of nanoseconds, not zero (no hand-off)
            // and not a time slice (the other side never ran)
            assertTrue(ns > 1 && ns < 100_000, "hand-off " + ns + " ns");
            assertTrue(Double.isNaN(one.pool.handOffNanos(100, 100, 3)), "no worker, no measure");
            assertTrue(Double.isNaN(one.coreDistance().handOffNanos()));
            assertEquals(0, one.coreDistance().checks());
        }
    }

    @Test
    void twoFarMeasuresInARowMakeTheCoresFarAndOneNearMakesThemNear() {
        try (VectorGemm g = new VectorGemm(2)) {
            g.pauseCoreChecks();
            assertFalse(g.coreDistance().far(), "near until measured");
            g.recordHandOff(160);
            assertFalse(g.coreDistance().far(), "one far measure is not enough");
            g.recordHandOff(170);
            assertTrue(g.coreDistance().far());
            g.recordHandOff(240);
            assertTrue(g.coreDistance().far());
            g.recordHandOff(36);
            assertFalse(g.coreDistance().far(), "one near measure is");
            g.recordHandOff(165);
            assertFalse(g.coreDistance().far());
            CoreDistance d = g.coreDistance();
            assertEquals(165, d.handOffNanos());
            assertEquals(5, d.checks());
            assertEquals(4, d.farChecks());
        }
    }

    @Test
    void farCoresKeepTrainingSizeProductsOnTheCallerWithTheSameBits() {
        try (VectorGemm g = new VectorGemm(2)) {
            g.pauseCoreChecks();
            Random rnd = new Random(5);
            // the first layer's products at batch 64 (784-128) and at batch 512
            for (int batch : new int[] {64, 512}) {
                int d = 784, h = 128;
                float[] x = gaussian(rnd, batch * d), wt = gaussian(rnd, d * h), bias = gaussian(rnd, h);
                float[] dz = gaussian(rnd, batch * h);
                int[] act = new int[d];
                int kAct = 0;
                for (int p = 0; p < d; p++) if (p % 7 != 0) act[kAct++] = p; // some all-zero columns
                for (int i = 0; i < batch; i++) for (int p = 0; p < d; p += 7) x[i * d + p] = 0f;
                float[] zNear = new float[batch * h], zFar = new float[batch * h];
                float[] gNear = new float[d * h], gFar = new float[d * h];

                g.recordHandOff(36);
                long jobs = g.poolJobs();
                g.nnActive(batch, h, d, x, wt, 0, bias, zNear, act, kAct);
                g.tnActive(d, h, batch, x, dz, gNear, 0, act, kAct);
                assertEquals(jobs + 2, g.poolJobs(), "near: both products split, batch " + batch);
                assertTrue(g.lastWeightGradientSplit());

                g.recordHandOff(170);
                g.recordHandOff(170);
                jobs = g.poolJobs();
                g.nnActive(batch, h, d, x, wt, 0, bias, zFar, act, kAct);
                g.tnActive(d, h, batch, x, dz, gFar, 0, act, kAct);
                boolean large = (long) batch * h * kAct >= PooledGemm.FAR_SERIAL_WORK;
                assertEquals(large ? jobs + 2 : jobs, g.poolJobs(), "far, batch " + batch + ": split only if large");
                assertEquals(large, g.lastWeightGradientSplit(), "the update follows the gradient's split");
                assertArrayEquals(bits(zNear), bits(zFar), "forward, batch " + batch);
                assertArrayEquals(bits(gNear), bits(gFar), "weight gradient, batch " + batch);
            }
        }
    }

    @Test
    void checkCoresTakesAMeasure() {
        try (VectorGemm g = new VectorGemm(2)) {
            assertEquals(0, g.coreDistance().checks());
            // a check whose worker did not come in time records nothing (the last decision stands)
            int calls = 0;
            while (g.coreDistance().checks() == 0 && calls < TRIES) {
                g.checkCores();
                calls++;
            }
            CoreDistance d = g.coreDistance();
            assertEquals(1, d.checks(), "one measure taken, after " + calls + " checks");
            assertFalse(Double.isNaN(d.handOffNanos()));
        }
    }

    /** Measures tried before a test gives up on a worker answering in time. */
    private static final int TRIES = 50;

    private static float[] gaussian(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }

    private static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int i = 0; i < x.length; i++) b[i] = Float.floatToIntBits(x[i]);
        return b;
    }
}
