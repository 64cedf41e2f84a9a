package nnworkshop.util;

import java.util.Arrays;
import java.util.function.LongSupplier;

/** Medians, as every timing in the workshop is quoted (shared machines are noisy). */
public final class Stats {
    private Stats() {}

    /** The median of {@code values} (mean of the middle two for an even count); NaN if empty. Not modified. */
    public static double median(double[] values) {
        if (values.length == 0) return Double.NaN;
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /**
     * The median of {@code values} without the first (e.g. epoch times without the epoch that
     * includes the JIT's warm-up); of all of them if there are fewer than two.
     */
    public static double medianAfterFirst(double[] values) {
        return median(values.length >= 2 ? Arrays.copyOfRange(values, 1, values.length) : values);
    }

    /**
     * The median seconds of one run of {@code work}, timed {@code rounds} times after a warm-up of
     * at least {@code minWarmUps} runs and {@code warmUpSeconds}: what a rate of a warmed-up engine
     * is quoted from. (Inference right after training still ran through the JIT's compilations for
     * its first ten or so passes: passes 6-14 at 0.8-1.3 M images/s, the steady ones at 1.7-2.0 M.)
     */
    public static double medianSeconds(double warmUpSeconds, int minWarmUps, int rounds, Runnable work) {
        return medianSeconds(warmUpSeconds, minWarmUps, rounds, work, System::nanoTime);
    }

    /** As {@link #medianSeconds(double, int, int, Runnable)}, on {@code nanoClock} (for tests). */
    static double medianSeconds(double warmUpSeconds, int minWarmUps, int rounds, Runnable work, LongSupplier nanoClock) {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        long start = nanoClock.getAsLong();
        for (int w = 0; w < minWarmUps || (nanoClock.getAsLong() - start) / 1e9 < warmUpSeconds; w++) {
            work.run();
        }
        double[] t = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = nanoClock.getAsLong();
            work.run();
            t[r] = Math.max(1e-9, (nanoClock.getAsLong() - t0) / 1e9);
        }
        return median(t);
    }
}
