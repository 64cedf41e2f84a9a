package nnworkshop.nn;

import nnworkshop.tensor.Matrix;

/**
 * A cost function as a small strategy object: {@code forward} gives the batch's mean loss and
 * keeps what {@code backward} needs; {@code backward} gives ∂loss/∂output, which starts the
 * network's backward pass. Labels are class indices 0..K−1 (only the first N entries of the array
 * are read, so a label buffer sized for a full batch serves the last partial one).
 */
public interface Loss {

    /** The mean loss over the batch. output (N, K) and labels not modified. */
    double forward(Matrix output, int[] labels);

    /** ∂loss/∂output (N, K) for the batch of the last {@link #forward}; owned by the loss. */
    Matrix backward();

    /** Reserves room for batches of {@code rows} samples of {@code classes} outputs. */
    default void reserve(int rows, int classes) {}

    /** Throws unless every one of the first {@code n} labels is in 0..k−1. */
    static void checkLabels(int[] labels, int n, int k) {
        if (labels.length < n) throw new IllegalArgumentException(n + " outputs but only " + labels.length + " labels");
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is outside 0.." + (k - 1));
            }
        }
    }
}
