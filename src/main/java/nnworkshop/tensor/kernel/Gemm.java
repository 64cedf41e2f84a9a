package nnworkshop.tensor.kernel;

/**
 * The three matrix products a dense layer needs, on row-major float arrays.
 *
 * <p>With X (N, D) the batch, W (H, D) the weights stored as PyTorch stores them, and dY (N, H):
 * <ul>
 *   <li>forward {@code Y = X·Wᵀ + b} is {@link #nt} with a bias;</li>
 *   <li>{@code dX = dY·W} is {@link #nn};</li>
 *   <li>{@code dW = dYᵀ·X} is {@link #tn}.</li>
 * </ul>
 * Arrays may be longer than needed (buffers sized for a full batch): only the leading
 * {@code rows * cols} elements are read or written. Every method overwrites C (not modified: A, B,
 * bias). Implementations must give results that do not depend on the number of threads they use.
 */
public interface Gemm {

    /** C(m, n) = A(m, k) · B(n, k)ᵀ [+ 1·biasᵀ]; {@code bias} (n) may be null. */
    void nt(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c);

    /** C(m, n) = A(m, k) · B(k, n). */
    void nn(int m, int n, int k, float[] a, float[] b, float[] c);

    /** C(m, n) = A(k, m)ᵀ · B(k, n). */
    void tn(int m, int n, int k, float[] a, float[] b, float[] c);
}
