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
        probs.sameShapeAs(z);
        this.labels = labels;
        float[] zd = z.data(), p = probs.data();
        double total = 0.0;
        for (int i = 0; i < n; i++) {
            int o = i * k;
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) m = Math.max(m, zd[o + j]);
            double sum = 0.0;                        // for the loss, in double
            float sumF = 0f;                         // for the probabilities, in float32 as libtorch
            for (int j = 0; j < k; j++) {
                double e = Math.exp(zd[o + j] - m);
                sum += e;
                sumF += (float) e;
            }
            total += m + Math.log(sum) - zd[o + labels[i]];
            // softmax = exp(log_softmax) with log_softmax = (z − m) − log Σ e^(z − m), in float32, the way
            // libtorch's CrossEntropyLoss computes it: e/Σ rounds differently, and SGD amplifies a
            // systematic rounding difference until the two implementations' runs drift apart
            // (measured: Part 5's free-running parity).
            float logSum = (float) Math.log(sumF);
            for (int j = 0; j < k; j++) p[o + j] = (float) Math.exp((zd[o + j] - m) - logSum);
        }
        return n == 0 ? Double.NaN : total / n;
    }

    @Override
    public Matrix backward() {
        int n = probs.rows(), k = probs.cols();
        dZ.sameShapeAs(probs);
        float[] p = probs.data(), d = dZ.data();
        float invN = 1f / n;
        for (int i = 0; i < n; i++) {
            int o = i * k;
            for (int j = 0; j < k; j++) d[o + j] = p[o + j] * invN;
            d[o + labels[i]] -= invN; // − Y/N: the one-hot has a single 1 per row
        }
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
