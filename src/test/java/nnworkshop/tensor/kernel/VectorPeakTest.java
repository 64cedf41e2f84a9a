package nnworkshop.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The fp32 peak measurement: its structure and plausibility, never its speed (a shared machine). */
class VectorPeakTest {

    @Test
    void measuresPositiveFiniteFiguresForOneAndSeveralThreads() {
        PeakFlops p = Kernels.measurePeak(2, 0.05).orElseThrow();
        assertEquals(VectorGemm.S.vectorBitSize(), p.vectorBits());
        assertEquals(2, p.threads());
        assertTrue(Double.isFinite(p.gflopsOneThread()) && p.gflopsOneThread() > 0, p::toString);
        assertTrue(Double.isFinite(p.gflopsAllThreads()) && p.gflopsAllThreads() > 0, p::toString);
        assertEquals(p.gflopsOneThread(), p.gflops(1));
        assertEquals(p.gflopsAllThreads(), p.gflops(2));
        assertEquals(0.5, p.fraction(p.gflops(2) / 2, 2), 1e-12);
        assertTrue(p.compiled(), p::toString);
        assertTrue(!new PeakFlops(512, 2, 1.8, 1.8).compiled(), "the uncompiled loop is no peak");
    }

    @Test
    void oneThreadGivesOneFigure() {
        PeakFlops p = VectorPeak.measure(1, 0.02);
        assertEquals(1, p.threads());
        assertEquals(p.gflopsOneThread(), p.gflopsAllThreads());
    }

    @Test
    void theLoopIsDeterministicAndCountsItsFlops() {
        assertEquals(VectorPeak.chains(1000), VectorPeak.chains(1000));
        float sum = VectorPeak.chains(100_000); // every chain converges to 1: the sum is the lane count
        assertEquals(VectorPeak.CHAINS * VectorGemm.L, sum, 1e-2 * VectorPeak.CHAINS * VectorGemm.L);
        assertEquals(2.0 * VectorGemm.L * VectorPeak.CHAINS, VectorPeak.flopsPerIteration());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> VectorPeak.measure(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> VectorPeak.measure(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PeakFlops(512, 0, 1, 1));
    }
}
