package nnworkshop.train;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.kernel.SparseRows;

/**
 * One batch of images as a model reads it, X (N, D): a dense matrix, or — when the model's first
 * layer can multiply by the nonzero pixels alone and most pixels are zero (MNIST: four in five) —
 * the lists of those nonzeros ({@link SparseRows}). Both hold the same values; the sparse form skips
 * the terms 0·w that add nothing, which about halves the time of the first layer's forward and
 * weight gradient. A reusable buffer: loading a batch allocates nothing once it has grown.
 */
final class Batch {
    /**
     * Above this fraction of nonzero pixels a data set is read densely. MNIST (19% nonzero) is read
     * sparse: its first layer's products take half the time. Fashion-MNIST (50% nonzero) measured
     * no faster sparse (a batch-64 step: 319-359 µs sparse, 293-351 µs dense): dense.
     */
    static final double MAX_SPARSE_DENSITY = 0.35;

    private final Normalization normalization;
    private final int rows, features;
    private Matrix x;              // the dense form, made on the first dense batch
    private final SparseRows xs = new SparseRows();
    private boolean sparse;

    /** A buffer for batches of up to {@code rows} images of {@code features} pixels. */
    Batch(Normalization normalization, int rows, int features) {
        this.normalization = normalization;
        this.rows = rows;
        this.features = features;
    }

    /** Whether batches of {@code data} go to {@code model} as their nonzeros. */
    static boolean sparse(Sequential model, Normalization normalization, Dataset data) {
        if (!model.acceptsSparseInput() || !normalization.keepsZeros()) return false;
        return data.nonZeroFraction() <= MAX_SPARSE_DENSITY && data.nonZeroPixels() != null; // lists built here, once
    }

    /**
     * Loads images {@code order[from .. from+count)} of {@code data}, normalised, in the form
     * {@code model} reads fastest.
     */
    void load(Sequential model, Dataset data, int[] order, int from, int count) {
        sparse = sparse(model, normalization, data);
        if (sparse) {
            normalization.gatherSparse(data, order, from, count, xs);
        } else {
            if (x == null) x = new Matrix(rows, features);
            x.reshapeRows(count);
            normalization.gatherFast(data, order, from, count, x.data());
        }
    }

    /** Starts bringing images {@code order[from .. from+count)} into cache, for the next {@link #load}. */
    void prefetch(Dataset data, int[] order, int from, int count) {
        if (sparse) normalization.prefetchSparse(data, order, from, count);
    }

    /** The model's output for the loaded batch (owned by the model). */
    Matrix forward(Sequential model) {
        return sparse ? model.forwardSparse(xs) : model.forward(x);
    }
}
