package nnworkshop.explore;

import java.util.Locale;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;

/**
 * What Part 3 learns about a dataset before training on it.
 *
 * <p>Counts are taken over all three splits; the pixel statistics (mean, std, histogram, class mean
 * images) over the training split only, because that is what normalisation may look at — the
 * validation and test images must stay unseen.
 *
 * <p>Shapes (K = number of classes, D = rows × cols): {@code counts (3)} and
 * {@code classCounts (3, K)} indexed by {@link Split#ordinal()}; {@code histogram (256)}, the number
 * of training pixels with each raw value 0..255; {@code classMeans (K, D)}, the mean image of each
 * class on the [0, 1] scale (all zeros for a class with no training image). Accessors return
 * copies, so a {@code DatasetStats} cannot be changed after it is built.
 *
 * @param pixelMean mean of all training pixels on the [0, 1] scale ({@link Normalization#fit})
 * @param pixelStd  standard deviation of the same (population std, as {@code Normalization.fit})
 */
public record DatasetStats(int rows, int cols, int numClasses, int[] counts, int[][] classCounts,
                           double pixelMean, double pixelStd, long[] histogram, float[][] classMeans) {

    /** The three splits, in the order of {@link #counts()} and {@link #classCounts()}. */
    public enum Split {
        TRAIN, VALIDATION, TEST;

        /** "train", "validation", "test" (as in explore.json). */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Number of bins of {@link #histogram()}: one per raw pixel value. */
    public static final int HISTOGRAM_BINS = 256;

    public DatasetStats {
        if (counts.length != 3 || classCounts.length != 3 || histogram.length != HISTOGRAM_BINS
                || classMeans.length != numClasses) {
            throw new IllegalArgumentException("inconsistent DatasetStats shapes");
        }
        counts = counts.clone();
        classCounts = deepCopy(classCounts);
        histogram = histogram.clone();
        classMeans = deepCopy(classMeans);
    }

    /**
     * Computes the statistics (inputs not modified).
     *
     * @param validation may be null or empty (no validation split: its counts are 0)
     * @param numClasses K; every label must lie in 0..K−1
     * @throws WorkshopException if the splits' image sizes differ, the training split is empty, or a
     *                           label is out of range
     */
    public static DatasetStats compute(Dataset train, Dataset validation, Dataset test, int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        if (train.count() == 0) {
            throw new WorkshopException("the training split " + train.name() + " is empty: nothing to explore");
        }
        Dataset[] splits = {train, validation, test};
        int[] counts = new int[3];
        int[][] classCounts = new int[3][numClasses];
        for (int s = 0; s < 3; s++) {
            Dataset d = splits[s];
            if (d == null) continue;
            if (d.rows() != train.rows() || d.cols() != train.cols()) {
                throw new WorkshopException("image size of " + d.name() + " (" + d.rows() + "x" + d.cols()
                        + ") differs from " + train.name() + " (" + train.rows() + "x" + train.cols() + ")");
            }
            counts[s] = d.count();
            for (int i = 0; i < d.count(); i++) {
                int y = d.label(i);
                if (y < 0 || y >= numClasses) {
                    throw new WorkshopException("image " + i + " of " + d.name() + " has label " + y
                            + ", outside 0.." + (numClasses - 1) + " (is the labels file the right one?)");
                }
                classCounts[s][y]++;
            }
        }

        Normalization fit = Normalization.fit(train);

        int dim = train.features();
        byte[] px = train.rawPixels();
        long[] histogram = new long[HISTOGRAM_BINS];
        long[][] sums = new long[numClasses][dim]; // exact integer sums of raw bytes
        for (int i = 0; i < train.count(); i++) {
            long[] sum = sums[train.label(i)];
            int base = i * dim;
            for (int p = 0; p < dim; p++) {
                int v = px[base + p] & 0xFF;
                histogram[v]++;
                sum[p] += v;
            }
        }
        float[][] classMeans = new float[numClasses][dim];
        for (int k = 0; k < numClasses; k++) {
            int n = classCounts[Split.TRAIN.ordinal()][k];
            if (n == 0) continue;
            double scale = 1.0 / (255.0 * n);
            for (int p = 0; p < dim; p++) classMeans[k][p] = (float) (sums[k][p] * scale);
        }
        return new DatasetStats(train.rows(), train.cols(), numClasses, counts, classCounts,
                fit.mean(), fit.std(), histogram, classMeans);
    }

    /** Number of images in {@code split}. */
    public int count(Split split) {
        return counts[split.ordinal()];
    }

    /** Images per class in {@code split} (K; a copy). */
    public int[] classCounts(Split split) {
        return classCounts[split.ordinal()].clone();
    }

    /** The mean image of class {@code k} on the [0, 1] scale (D; a copy). */
    public float[] classMean(int k) {
        return classMeans[k].clone();
    }

    /** The number of images over all three splits. */
    public int totalCount() {
        return counts[0] + counts[1] + counts[2];
    }

    @Override public int[] counts() { return counts.clone(); }

    @Override public int[][] classCounts() { return deepCopy(classCounts); }

    @Override public long[] histogram() { return histogram.clone(); }

    @Override public float[][] classMeans() { return deepCopy(classMeans); }

    private static int[][] deepCopy(int[][] a) {
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    private static float[][] deepCopy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
