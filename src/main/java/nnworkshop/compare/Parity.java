package nnworkshop.compare;

import nnworkshop.util.Stats;

import java.util.Arrays;

import nnworkshop.train.TrainingRun;

/**
 * How far apart two implementations are, in relative terms — the measure of Part 5.
 * <pre>
 *   a number (a loss)       rel Δ = |L_torch − L_scratch| / |L_scratch|
 *   a tensor (a gradient)   rel Δ = ‖G_torch − G_scratch‖₂ / ‖G_scratch‖₂     (over all its entries)
 * </pre>
 * The from-scratch value is the reference. Sums are taken in double. Two float32 implementations
 * that add the same products in different orders differ by a few units in the last place: about
 * 1e-7 relative (float32's ε is 1.2e-7).
 */
public final class Parity {
    private Parity() {}

    /** |other − reference| / |reference|; 0 if both are equal (even 0), +∞ if only the reference is 0, NaN if either is NaN. */
    public static double relative(double reference, double other) {
        if (Double.isNaN(reference) || Double.isNaN(other)) return Double.NaN;
        if (reference == other) return 0.0;
        return Math.abs(other - reference) / Math.abs(reference);
    }

    /**
     * ‖other − reference‖₂ / ‖reference‖₂ over all entries (0 if equal, +∞ if only the reference is
     * all zeros).
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double relativeL2(float[] reference, float[] other) {
        if (reference.length != other.length) {
            throw new IllegalArgumentException(reference.length + " values against " + other.length);
        }
        double diff = 0, norm = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = reference[i], d = (double) other[i] - r;
            diff += d * d;
            norm += r * r;
        }
        if (diff == 0) return 0.0;
        return Math.sqrt(diff) / Math.sqrt(norm);
    }

    /**
     * Two whole runs, each on its own from the same start, step by step.
     *
     * @param relDLoss          relative Δloss of every step (step i at index i), scratch the reference
     * @param stepsPerEpoch     steps in one epoch (the first epoch is indices 0..stepsPerEpoch−1)
     * @param max               the largest relative Δloss over the run
     * @param median            its median over the run
     * @param firstEpochMax     the largest over the first epoch
     * @param testAccuracyDiffPp test accuracy, scratch minus torch, in percentage points
     */
    public record FreeRunning(double[] relDLoss, int stepsPerEpoch, double max, double median, double firstEpochMax,
                              double testAccuracyDiffPp) {

        /** The first step (0-based) whose relative Δloss exceeds {@code bound}, or -1 if none does. */
        public int firstStepOver(double bound) {
            for (int i = 0; i < relDLoss.length; i++) {
                if (!(relDLoss[i] <= bound)) return i;
            }
            return -1;
        }
    }

    /**
     * Compares the loss of every step of two runs of the same configuration and their test accuracy.
     *
     * @throws IllegalArgumentException if the runs did not take the same number of steps per epoch
     *     and in all
     */
    public static FreeRunning freeRunning(TrainingRun scratch, TrainingRun torch) {
        float[] a = scratch.history().stepLosses(), b = torch.history().stepLosses();
        int perEpoch = scratch.history().stepsPerEpoch();
        if (a.length != b.length || perEpoch != torch.history().stepsPerEpoch()) {
            throw new IllegalArgumentException("the runs differ in length: " + a.length + " and " + b.length + " steps");
        }
        double[] rel = new double[a.length];
        for (int i = 0; i < a.length; i++) rel[i] = relative(a[i], b[i]);
        double firstEpochMax = max(Arrays.copyOf(rel, Math.min(perEpoch, rel.length)));
        return new FreeRunning(rel, perEpoch, max(rel), Stats.median(rel), firstEpochMax,
                100 * (scratch.testAccuracy() - torch.testAccuracy()));
    }

    /** The largest value (NaN if any is NaN, or for none). */
    static double max(double[] v) {
        if (v.length == 0) return Double.NaN;
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isNaN(x)) return Double.NaN;
            m = Math.max(m, x);
        }
        return m;
    }

}
