package nnworkshop.tensor.kernel;

/**
 * The measured fp32 peak of this machine: how many single-precision floating-point operations per
 * second fused multiply-adds reach when nothing else limits them (no memory traffic, enough
 * independent chains to hide the FMA latency). What a kernel reaches is quoted as a fraction of it.
 * Measured by {@link Kernels#measurePeak} (the Vector API loop of {@code VectorPeak}).
 *
 * @param vectorBits       width of the vectors the loop used (the kernels' species), e.g. 512
 * @param threads          threads of {@link #gflopsAllThreads} (at once, one loop each)
 * @param gflopsOneThread  GFLOP/s of one thread alone (an FMA counts 2 FLOP)
 * @param gflopsAllThreads GFLOP/s of {@code threads} threads together; equal to the one-thread
 *                         figure when {@code threads} is 1
 */
public record PeakFlops(int vectorBits, int threads, double gflopsOneThread, double gflopsAllThreads) {

    /**
     * Below this, one thread's figure is the loop before C2 compiled it, not a peak: far below any
     * compiled FMA loop (one 256-bit FMA per cycle at 1 GHz is 16 GFLOP/s), far above the
     * uncompiled one (2-3 GFLOP/s here, 0.7 with C1 alone).
     */
    public static final double COMPILED_GFLOPS = 8;

    public PeakFlops {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    /** Whether the loop ran compiled: the one-thread figure is at least {@link #COMPILED_GFLOPS}. */
    public boolean compiled() {
        return gflopsOneThread >= COMPILED_GFLOPS;
    }

    /** The peak for work on {@code n} threads: the one-thread figure for 1, else the all-threads figure. */
    public double gflops(int n) {
        return n <= 1 ? gflopsOneThread : gflopsAllThreads;
    }

    /** {@code gflops} as a fraction of {@link #gflops(int) gflops(threadsUsed)}; NaN if that is not positive. */
    public double fraction(double gflops, int threadsUsed) {
        double peak = gflops(threadsUsed);
        return peak > 0 ? gflops / peak : Double.NaN;
    }
}
