package nnworkshop.nn;

import nnworkshop.tensor.Matrix;

/**
 * Mean squared error against the one-hot targets: PyTorch's {@code nn.MSELoss()} (mean over all
 * N·K elements) applied to {@code (output, one_hot(y))}.
 * <pre>
 *   forward   L  = (1/(N·K)) Σ_i Σ_j (A[i,j] − Y[i,j])²      A (N, K) network output, Y one-hot
 *   backward  dA = 2 (A − Y) / (N·K)                          (N, K)
 * </pre>
 * The quadratic cost of Nielsen's first network. The output A is whatever the last layer gives:
 * raw scores, or probabilities if the network ends with a {@link Softmax} or {@link Sigmoid}.
 */
public final class MeanSquaredError implements Loss {
    private Matrix a;                      // (N, K) the last output (not owned)
    private int[] labels;                  // (N) the last labels (not owned)
    private Matrix dA = new Matrix(0, 0);  // (N, K)

    @Override
    public double forward(Matrix output, int[] labels) {
        int n = output.rows(), k = output.cols();
        Loss.checkLabels(labels, n, k);
        this.a = output;
        this.labels = labels;
        return Matrix.meanSquaredError(output, labels);   // L = (1/(N·K)) Σ (A − Y)²
    }

    @Override
    public Matrix backward() {
        int n = a.rows(), k = a.cols();
        if (dA.cols() != k) dA = new Matrix(n, k);
        Matrix.meanSquaredErrorBackward(a, labels, dA);   // dA = 2 (A − Y) / (N·K)
        return dA;
    }

    @Override
    public void reserve(int rows, int classes) {
        if (dA.cols() != classes) dA = new Matrix(0, classes);
        dA.reserveRows(rows);
    }

    @Override
    public String toString() { return "MSELoss()"; }
}
