package nnworkshop.nn;

import nnworkshop.tensor.Matrix;

/**
 * Softmax and cross-entropy fused, on logits: PyTorch's {@code nn.CrossEntropyLoss()} (mean over
 * the batch).
 * <pre>
 *   forward   L = (1/N) Σ_i [ logsumexp(Z[i,:]) − Z[i, y_i] ]        Z (N, K) logits, y (N) labels
 *             logsumexp(z) = m + log Σ_k e^(z_k − m),  m = max_k z_k  (no overflow, no log 0)
 *   backward  dZ = (softmax(Z) − Y) / N                               Y (N, K) one-hot of y
 * </pre>
 * The workshop's {@code dz2 = a2 − y} is the same gradient for one sample (column layout: one
 * sample per column); the 1/N is there because the loss is the batch mean. Because this loss
 * works on the logits, the network ends with its last {@link Dense} layer, not a {@link Softmax}.
 */
public final class SoftmaxCrossEntropy implements Loss {
    private Matrix probs = new Matrix(0, 0); // (N, K) softmax(Z), kept for backward
    private Matrix dZ = new Matrix(0, 0);    // (N, K)
    private int[] labels;                    // (N) the last labels (not owned)

    @Override
    public double forward(Matrix z, int[] labels) {
        int n = z.rows(), k = z.cols();
        Loss.checkLabels(labels, n, k);
        if (probs.cols() != k) reserve(n, k);
        this.labels = labels;
        // L = (1/N) Σ_i [logsumexp(Z[i,:]) − Z[i, y_i]]; keeps P = softmax(Z) for backward
        return Matrix.crossEntropy(z, labels, probs);
    }

    @Override
    public Matrix backward() {
        Matrix.crossEntropyBackward(probs, labels, dZ);   // dZ = (P − Y) / N
        return dZ;
    }

    /** softmax(Z) of the last forward (N, K): the predicted probabilities. */
    public Matrix probabilities() { return probs; }

    @Override
    public void reserve(int rows, int classes) {
        if (probs.cols() != classes) {
            probs = new Matrix(0, classes);
            dZ = new Matrix(0, classes);
        }
        probs.reserveRows(rows);
        dZ.reserveRows(rows);
    }

    @Override
    public String toString() { return "CrossEntropyLoss()"; }
}
