package nnworkshop.scratch;

import nnworkshop.data.Dataset;
import nnworkshop.data.NonZeroPixels;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Matrix;

/**
 * One batch of images as a model reads it, X (N, D), normalised: stored densely, or — when the
 * model's kernels skip zeros and most pixels are zero (MNIST: four in five) — as the list of its
 * nonzero pixels ({@link Matrix#setRowsFromNonZeros}). Both hold the same values; the list form
 * lets the first layer's forward and weight gradient skip the terms 0·w that add nothing, which
 * about halves their time. A reusable buffer: loading a batch allocates nothing once it has grown.
 */
final class Batch {
    /**
     * Above this fraction of nonzero pixels a data set is read densely. MNIST (19% nonzero) is read
     * sparse: its first layer's products take half the time. Fashion-MNIST (50% nonzero) measured
     * no faster sparse (a batch-64 step: 319-359 µs sparse, 293-351 µs dense): dense.
     */
    static final double MAX_SPARSE_DENSITY = 0.35;

    private final Normalization normalization;
    private final Matrix x;
    private NonZeroPixels lists;   // of the data set of the last load, when read as nonzeros
    private Dataset data;          // of the last load

    /**
     * A buffer for batches of up to {@code rows} images of {@code features} pixels. The dense array
     * is allocated by the first dense load (a data set read as its nonzeros never needs it).
     */
    Batch(Normalization normalization, int rows, int features) {
        this.normalization = normalization;
        this.x = new Matrix(0, features);
    }

    /** Whether batches of {@code data} go to {@code model} as their nonzeros. */
    static boolean sparse(Sequential model, Normalization normalization, Dataset data) {
        if (!model.backend().skipsZeros() || !normalization.keepsZeros()) return false;
        return data.nonZeroFraction() <= MAX_SPARSE_DENSITY && data.nonZeroPixels() != null; // lists built here, once
    }

    /**
     * Loads images {@code order[from .. from+count)} of {@code data}, normalised, in the form
     * {@code model} reads fastest, and returns them, X (count, D) (this buffer's).
     */
    Matrix load(Sequential model, Dataset data, int[] order, int from, int count) {
        lists = sparse(model, normalization, data) ? data.nonZeroPixels() : null;
        this.data = data;
        if (lists != null) {
            x.setRowsFromNonZeros(lists.start(), lists.index(), lists.value(), order, from, count, normalization.scale());
        } else {
            x.setRowsFromBytes(data.rawPixels(), order, from, count, normalization.scale(), normalization.shift());
        }
        return x;
    }

    /**
     * Begins a dense load of {@code count} images of {@code data} (one read densely: not
     * {@link #sparse}) whose rows {@link #loadRows} then fills, in any order, from any thread.
     */
    void beginDense(Dataset data, int count) {
        lists = null;
        this.data = data;
        x.reshapeRows(count);
    }

    /** Rows {@code [r0, r1)} of the load begun by {@link #beginDense}: images {@code order[r0 .. r1)}. */
    void loadRows(int[] order, int r0, int r1) {
        x.setRowRangeFromBytes(data.rawPixels(), order, 0, r0, r1, normalization.scale(), normalization.shift());
    }

    /** Starts bringing images {@code order[from .. from+count)} into cache, for the next {@link #load}. */
    void prefetch(int[] order, int from, int count) {
        if (lists != null) {
            lists.prefetch(order, from, count);
        } else if (data != null) {
            data.prefetch(order, from, count);
        }
    }

    /** The batch last loaded. */
    Matrix x() {
        return x;
    }
}
