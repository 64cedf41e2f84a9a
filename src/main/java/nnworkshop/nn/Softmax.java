package nnworkshop.nn;

import nnworkshop.tensor.Matrix;

/**
 * Softmax over each row, the workshop's {@code a2 = softmax(z2)}: turns K logits into K
 * probabilities that sum to 1.
 * <pre>
 *   forward   A[i,j]  = e^(Z[i,j] − m_i) / Σ_k e^(Z[i,k] − m_i),  m_i = max_k Z[i,k]     (N, K) → (N, K)
 *   backward  dZ[i,j] = A[i,j] · (dA[i,j] − Σ_k dA[i,k] A[i,k])                         (N, K)
 * </pre>
 * Subtracting the row maximum m_i leaves the result unchanged and keeps every e^(·) ≤ 1, so large
 * logits cannot overflow. For training with cross-entropy use {@link SoftmaxCrossEntropy} on the
 * logits instead: it fuses the two and its gradient is simply (A − Y)/N. This layer is for
 * predicting probabilities and for pairing softmax with another loss (e.g. mean squared error).
 */
public final class Softmax implements Layer {
    private Matrix a = new Matrix(0, 0);  // (N, K)
    private Matrix dZ = new Matrix(0, 0); // (N, K)

    @Override
    public Matrix forward(Matrix z) {
        if (a.cols() != z.cols()) {
            a = new Matrix(z.rows(), z.cols());
            dZ = new Matrix(z.rows(), z.cols());
        }
        Matrix.softmaxRows(z, a);                 // A = softmax(Z), row by row
        return a;
    }

    @Override
    public Matrix backward(Matrix dA) {
        Matrix.requireShape("softmax backward: dA", dA, a.rows(), a.cols());
        Matrix.softmaxRowsBackward(a, dA, dZ);    // dZ = A ∗ (dA − Σ_k dA[:,k]·A[:,k])
        return dZ;
    }

    @Override
    public void reserve(int rows) {
        if (a.cols() > 0) reserve(rows, a.cols());
    }

    /** Reserves room for {@code rows} samples of {@code width} classes. */
    public void reserve(int rows, int width) {
        if (a.cols() != width) {
            a = new Matrix(0, width);
            dZ = new Matrix(0, width);
        }
        a.reserveRows(rows);
        dZ.reserveRows(rows);
    }

    @Override
    public String toString() { return "Softmax(dim=1)"; }
}
