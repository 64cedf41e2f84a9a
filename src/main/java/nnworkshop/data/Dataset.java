package nnworkshop.data;

import java.util.Objects;

/**
 * An immutable set of labelled grayscale images, as read from IDX files.
 *
 * <p>Pixels are kept as the raw unsigned bytes of the file (0 = background, 255 = ink for MNIST),
 * image after image, row after row: pixel {@code p} of image {@code i} is
 * {@code pixels[i * rows * cols + p] & 0xFF}. Conversion to float (and normalisation) is done by
 * {@link Normalization}, so the data set itself stays 47 MB rather than 188 MB.
 */
public final class Dataset {
    /** Number of classes in MNIST and Fashion-MNIST. */
    public static final int NUM_CLASSES = 10;

    private final String name;
    private final int count;
    private final int rows;
    private final int cols;
    private final byte[] pixels; // (count, rows*cols), unsigned
    private final byte[] labels; // (count), 0..9
    private volatile NonZeroPixels nonZero; // built on first use

    /**
     * @param name   a human name, e.g. "mnist/train"
     * @param pixels (count * rows * cols) unsigned bytes; not copied, must not be modified afterwards
     * @param labels (count) labels in 0..9; not copied, must not be modified afterwards
     */
    public Dataset(String name, int count, int rows, int cols, byte[] pixels, byte[] labels) {
        this.name = Objects.requireNonNull(name);
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("bad dataset shape " + count + "x" + rows + "x" + cols);
        }
        if ((long) count * rows * cols != pixels.length || labels.length != count) {
            throw new IllegalArgumentException("dataset arrays do not match " + count + "x" + rows + "x" + cols);
        }
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.labels = labels;
    }

    public String name() { return name; }

    /** Number of images (N). */
    public int count() { return count; }

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** Pixels per image (D = rows * cols, 784 for MNIST). */
    public int features() { return rows * cols; }

    /** Pixel {@code p} (0..features-1) of image {@code i}, 0..255. */
    public int pixel(int i, int p) { return pixels[i * features() + p] & 0xFF; }

    /** Label of image {@code i}, 0..9. */
    public int label(int i) { return labels[i]; }

    /** The largest label, or -1 if there are no images: a model needs more outputs than this. */
    public int maxLabel() {
        int max = -1;
        for (byte b : labels) max = Math.max(max, b);
        return max;
    }

    /** The raw pixel bytes (shared, do not modify). */
    public byte[] rawPixels() { return pixels; }

    /**
     * Brings the pixels of images {@code indices[from .. from+count)} into cache ahead of their use,
     * reading one byte of every cache line of each: a training loop calls it for the next batch,
     * so the batch's rows, scattered over the data set (47 MB for MNIST), come from cache when the
     * batch is loaded, and the loads of many rows overlap here where the copy's would wait for one
     * line at a time (a dense batch of 64: 21 µs to load from memory, 12.5 µs to load and prefetch
     * the next). Changes nothing.
     */
    public void prefetch(int[] indices, int from, int count) {
        int d = rows * cols, acc = 0;
        for (int r = 0; r < count; r++) {
            int o = indices[from + r] * d;
            for (int q = 0; q < d; q += 64) acc += pixels[o + q];
            acc += pixels[o + d - 1];
        }
        sink = acc;
    }

    @SuppressWarnings("unused")
    private static volatile int sink; // keeps prefetch's loads

    /** The raw labels (shared, do not modify). */
    public byte[] rawLabels() { return labels; }

    /**
     * The nonzero pixels of every image, listed (built on the first call, in about 0.1 s for
     * MNIST's training set, then kept); null if images have over {@value NonZeroPixels#MAX_FEATURES}
     * pixels.
     */
    public NonZeroPixels nonZeroPixels() {
        NonZeroPixels nz = nonZero;
        if (nz == null && features() <= NonZeroPixels.MAX_FEATURES) {
            synchronized (this) {
                nz = nonZero;
                if (nz == null) nonZero = nz = NonZeroPixels.of(pixels, count, features());
            }
        }
        return nz;
    }

    /** Fraction of all pixels that are nonzero (computed on the first call, then kept; 0 without images). */
    public double nonZeroFraction() {
        double f = nonZeroFraction;
        if (f < 0) {
            long all = (long) count * features();
            f = all == 0 ? 0 : NonZeroPixels.countNonZero(pixels, 0, pixels.length) / (double) all;
            nonZeroFraction = f;
        }
        return f;
    }

    private volatile double nonZeroFraction = -1;

    /** A new data set holding the images at {@code indices}, in that order (copies). */
    public Dataset subset(String newName, int[] indices) {
        int d = features();
        byte[] px = new byte[indices.length * d];
        byte[] lb = new byte[indices.length];
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            System.arraycopy(pixels, i * d, px, j * d, d);
            lb[j] = labels[i];
        }
        return new Dataset(newName, indices.length, rows, cols, px, lb);
    }

    /** The first {@code n} images (or all, if fewer). */
    public Dataset head(int n) {
        int m = Math.min(n, count);
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) idx[i] = i;
        return subset(name, idx);
    }

    @Override
    public String toString() {
        return name + " (" + count + " images of " + rows + "x" + cols + ")";
    }
}
