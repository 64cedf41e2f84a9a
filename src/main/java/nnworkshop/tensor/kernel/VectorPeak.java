package nnworkshop.tensor.kernel;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures this machine's fp32 peak with the Vector API: a loop of fused multiply-adds on
 * {@value #CHAINS} independent accumulators of the kernels' species ({@link VectorGemm#S}), held in
 * registers, touching no memory. One FMA of an L-lane vector counts 2·L FLOP.
 *
 * <p>Why {@value #CHAINS} chains: an FMA's result is ready only after its latency (4 cycles on
 * recent x86 cores), and a chain waits for its previous FMA, so at least latency × FMAs started per
 * cycle independent chains are needed to keep the units busy. Measured here (AMD EPYC with AVX-512,
 * one thread, best of 5): with 512-bit vectors (one FMA per cycle) 4, 8 and 16 chains all reached
 * 117-118 GFLOP/s; with 256-bit vectors (two per cycle) 4 chains reached 59 and 8 or 16 reached 118.
 * 12 cover both, leave room for a longer latency, and with the two operands fit in the 16 vector
 * registers of AVX2.
 *
 * <p>The figures are the best of several rounds, not the median: on a shared machine anything
 * else running only slows the loop down, so the fastest round is the closest to the peak. The
 * all-threads figure runs one loop on each thread at once (the caller and {@code threads - 1}
 * plain threads, started together at a barrier), and counts the wall time until the last is done.
 * Used through {@link Kernels#measurePeak}, which falls back when the Vector API is absent.
 */
public final class VectorPeak {

    /** Independent accumulators in the loop. */
    static final int CHAINS = 12;
    private static final VectorSpecies<Float> S = VectorGemm.S;
    /** Timed rounds per thread count; the best is reported. */
    private static final int ROUNDS = 5;

    private VectorPeak() {}

    /**
     * Measures the peak on 1 thread and on {@code threads} threads at once, in about {@code seconds}
     * (a quarter of it, at most 0.1 s, is the warm-up that gets the loop compiled). The one-thread
     * and all-threads rounds alternate, so that a compilation finishing late (C2 on a busy machine)
     * spoils neither figure alone; one-thread rounds are added (at most {@value #EXTRA_ROUNDS}) while
     * that figure is below half a thread's share of the all-threads one, the mark of a loop not yet
     * compiled.
     */
    public static PeakFlops measure(int threads, double seconds) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (!(seconds > 0)) throw new IllegalArgumentException("seconds must be > 0, got " + seconds);
        // warm-up: until C2 has compiled the loop the Vector API runs 40-60 times slower (2-3 GFLOP/s
        // here, with a boxed vector per operation); in a process whose compiler is busy that took
        // longer than a fixed warm-up: bench reported 1.8 GFLOP/s for 1 and 2 threads once
        int warmIters = 4096;
        long warmStart = System.nanoTime();
        long warmEnd = warmStart + (long) (Math.min(0.1, seconds / 4) * 1e9);
        long giveUp = warmStart + MAX_WARM_NANOS;
        double fastestCall = Double.MAX_VALUE;
        for (int calls = 0; calls < 20 || System.nanoTime() < warmEnd
                || (flopsPerIteration() * warmIters / fastestCall / 1e9 < COMPILED_GFLOPS && System.nanoTime() < giveUp);
                calls++) {
            long t0 = System.nanoTime();
            sink += chains(warmIters);
            fastestCall = Math.min(fastestCall, Math.max(1e-9, (System.nanoTime() - t0) / 1e9));
        }
        // iterations for one round of about roundSeconds at the fastest speed seen
        double roundSeconds = seconds * 0.75 / (ROUNDS * (threads > 1 ? 2 : 1));
        double perIter = Math.max(1e-12, fastestCall / warmIters);
        int iters = (int) Math.max(1 << 12, Math.min(1 << 30, roundSeconds / perIter));
        double flops = flopsPerIteration() * iters;

        double[] best = new double[2]; // one thread, all threads
        Together all = threads == 1 ? null : new Together(threads, iters);
        try {
            for (int r = 0; r < ROUNDS; r++) {
                best[0] = Math.max(best[0], oneRound(iters, flops));
                if (all != null) best[1] = Math.max(best[1], all.round(flops));
            }
        } finally {
            if (all != null) all.close();
        }
        if (all == null) best[1] = best[0];
        for (int extra = 0; extra < EXTRA_ROUNDS && best[0] < best[1] / threads / 2; extra++) {
            best[0] = Math.max(best[0], oneRound(iters, flops));
        }
        return new PeakFlops(S.vectorBitSize(), threads, best[0], best[1]);
    }

    /** The warm-up goes on until one call reaches this rate, or for {@link #MAX_WARM_NANOS}. */
    static final double COMPILED_GFLOPS = PeakFlops.COMPILED_GFLOPS;
    private static final long MAX_WARM_NANOS = 3_000_000_000L;

    /** One-thread rounds added at most when the one-thread figure looks uncompiled. */
    private static final int EXTRA_ROUNDS = 10;

    /** GFLOP/s of one timed call of {@code iters} iterations on the caller's thread. */
    private static double oneRound(int iters, double flops) {
        long s = System.nanoTime();
        sink += chains(iters);
        return flops / ((System.nanoTime() - s) / 1e9) / 1e9;
    }

    /** FLOP of one iteration of {@link #chains}: one FMA (2 FLOP per lane) per chain. */
    static double flopsPerIteration() {
        return 2.0 * S.length() * CHAINS;
    }

    /**
     * The caller and {@code threads - 1} plain daemon threads, each running the loop once per round,
     * started together at a barrier; between rounds the helpers wait at it (parked, using no core).
     */
    private static final class Together implements AutoCloseable {
        private final int threads;
        private final CyclicBarrier barrier;
        private final Thread[] helpers;
        private final int iters;
        private volatile boolean closing;

        Together(int threads, int iters) {
            this.threads = threads;
            this.iters = iters;
            this.barrier = new CyclicBarrier(threads);
            this.helpers = new Thread[threads - 1];
            for (int t = 0; t < helpers.length; t++) {
                helpers[t] = new Thread(() -> {
                    float local = 0;
                    while (await(barrier) && !closing) {
                        local += chains(this.iters);
                        if (!await(barrier)) break;
                    }
                    sink += local;
                }, "vector-peak-" + (t + 1));
                helpers[t].setDaemon(true);
                helpers[t].start();
            }
        }

        /** GFLOP/s of all threads together in one round: from the start until the last is done. */
        double round(double flopsPerThread) {
            if (!await(barrier)) return 0;
            long s = System.nanoTime();
            sink += chains(iters);
            if (!await(barrier)) return 0; // all threads done
            return threads * flopsPerThread / ((System.nanoTime() - s) / 1e9) / 1e9;
        }

        @Override
        public void close() {
            closing = true;
            await(barrier); // releases the helpers, which see closing and end
            for (Thread h : helpers) {
                try {
                    h.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    barrier.reset();
                    return;
                }
            }
        }
    }

    private static boolean await(CyclicBarrier barrier) {
        try {
            barrier.await();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            barrier.reset();
            return false;
        } catch (BrokenBarrierException e) {
            return false;
        }
    }

    /** Written with the loops' results so the JIT cannot drop them as unused. */
    private static volatile float sink;

    /**
     * {@code iters} iterations of {@value #CHAINS} independent FMA chains {@code c = c·a + b}
     * (a = 0.999, b = 0.001: each converges to 1, never to a subnormal or an infinity); returns the
     * sum of all lanes of all chains, the same for the same {@code iters}.
     */
    static float chains(int iters) {
        FloatVector a = FloatVector.broadcast(S, 0.999f);
        FloatVector b = FloatVector.broadcast(S, 0.001f);
        FloatVector c0 = FloatVector.broadcast(S, 0.00f), c1 = FloatVector.broadcast(S, 0.01f);
        FloatVector c2 = FloatVector.broadcast(S, 0.02f), c3 = FloatVector.broadcast(S, 0.03f);
        FloatVector c4 = FloatVector.broadcast(S, 0.04f), c5 = FloatVector.broadcast(S, 0.05f);
        FloatVector c6 = FloatVector.broadcast(S, 0.06f), c7 = FloatVector.broadcast(S, 0.07f);
        FloatVector c8 = FloatVector.broadcast(S, 0.08f), c9 = FloatVector.broadcast(S, 0.09f);
        FloatVector c10 = FloatVector.broadcast(S, 0.10f), c11 = FloatVector.broadcast(S, 0.11f);
        for (int i = 0; i < iters; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        FloatVector sum = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11);
        return sum.reduceLanes(VectorOperators.ADD);
    }
}
