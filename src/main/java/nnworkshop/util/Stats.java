package nnworkshop.util;

import java.util.Arrays;

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
}
