package nnworkshop.tensor.kernel;

/**
 * Reference element-wise loops over raw float arrays: activations and their backward passes,
 * row softmax, column sums, and the optimizers' parameter updates.
 *
 * <p>Like every kernel, these assume valid input: the public entries ({@code tensor.Matrix}, the
 * layers, the optimizers) check shapes once and then call here. Arrays may be longer than
 * {@code n} (buffers sized for a full batch); only the first {@code n} elements are touched.
 * In every method the output array is <em>modified</em> and the inputs are <em>not modified</em>,
 * unless the Javadoc says an argument is updated in place. Outputs may alias inputs where noted.
 *
 * <p>The activation formulas are those of {@code nnworkshop.nn.Activations} (the one definition,
 * shared with Part 1's plots); the tests check these loops against it.
 */
public final class Elementwise {
    private Elementwise() {}

    // ---- activations: forward a = g(z), backward dZ = dA ∗ g'(z) -------------------------------

    /** a = max(0, z). {@code a} may alias {@code z}. */
    public static void reluForward(float[] z, float[] a, int n) {
        reluForward(z, a, 0, n);
    }

    /** {@link #reluForward(float[], float[], int)} on elements [from, to) only. */
    public static void reluForward(float[] z, float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = z[i];
            a[i] = v > 0f ? v : 0f;
        }
    }

    /** dZ = dA ∗ [z &gt; 0] (derivative 0 at z = 0, as PyTorch). {@code dZ} may alias {@code dA}. */
    public static void reluBackward(float[] z, float[] dA, float[] dZ, int n) {
        reluBackward(z, dA, dZ, 0, n);
    }

    /** {@link #reluBackward(float[], float[], float[], int)} on elements [from, to) only. */
    public static void reluBackward(float[] z, float[] dA, float[] dZ, int from, int to) {
        for (int i = from; i < to; i++) {
            dZ[i] = z[i] > 0f ? dA[i] : 0f;
        }
    }

    /** a = z for z &gt; 0, else αz. */
    public static void leakyReluForward(float[] z, float alpha, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            float v = z[i];
            a[i] = v > 0f ? v : alpha * v;
        }
    }

    /** dZ = dA ∗ (1 if z &gt; 0 else α). */
    public static void leakyReluBackward(float[] z, float alpha, float[] dA, float[] dZ, int n) {
        for (int i = 0; i < n; i++) {
            dZ[i] = z[i] > 0f ? dA[i] : alpha * dA[i];
        }
    }

    /** a = σ(z), computed so that e^(·) is only taken of a non-positive number (no overflow). */
    public static void sigmoidForward(float[] z, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            float v = z[i];
            if (v >= 0f) {
                a[i] = 1f / (1f + (float) Math.exp(-v));
            } else {
                float e = (float) Math.exp(v);
                a[i] = e / (1f + e);
            }
        }
    }

    /** dZ = dA ∗ σ'(z), with σ'(z) = σ(z)(1 − σ(z)) = a(1 − a) read from the stored output {@code a}. */
    public static void sigmoidBackward(float[] a, float[] dA, float[] dZ, int n) {
        for (int i = 0; i < n; i++) {
            float s = a[i];
            dZ[i] = dA[i] * s * (1f - s);
        }
    }

    /** a = tanh(z). */
    public static void tanhForward(float[] z, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = (float) Math.tanh(z[i]);
        }
    }

    /** dZ = dA ∗ (1 − tanh²(z)) = dA ∗ (1 − a²), from the stored output {@code a}. */
    public static void tanhBackward(float[] a, float[] dA, float[] dZ, int n) {
        for (int i = 0; i < n; i++) {
            float t = a[i];
            dZ[i] = dA[i] * (1f - t * t);
        }
    }

    // ---- rows and columns ---------------------------------------------------------------------

    /**
     * Row-wise softmax of a (rows, cols) block: out[i,j] = e^(z[i,j] − m_i) / Σ_j e^(z[i,j] − m_i)
     * with m_i the row maximum (subtracting it changes nothing mathematically and keeps e^(·) ≤ 1,
     * so large logits cannot overflow). {@code out} may alias {@code z}.
     */
    public static void softmaxRows(float[] z, int rows, int cols, float[] out) {
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) m = Math.max(m, z[o + j]);
            double sum = 0.0;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(z[o + j] - m);
                out[o + j] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int j = 0; j < cols; j++) out[o + j] *= inv;
        }
    }

    /**
     * Backward of the row softmax: dZ[i,j] = a[i,j] (dA[i,j] − Σ_k dA[i,k] a[i,k]), the
     * Jacobian-vector product of softmax with its output {@code a}.
     */
    public static void softmaxRowsBackward(float[] a, float[] dA, int rows, int cols, float[] dZ) {
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            double dot = 0.0;
            for (int j = 0; j < cols; j++) dot += (double) dA[o + j] * a[o + j];
            float d = (float) dot;
            for (int j = 0; j < cols; j++) dZ[o + j] = a[o + j] * (dA[o + j] - d);
        }
    }

    /**
     * out[j] = Σ_i a[i,j] over the rows of a (rows, cols) block — the bias gradient db = Σ_rows dZ.
     * Summed in double, like {@link ReferenceGemm}, so that it is as exact as the products beside it.
     */
    public static void sumRows(float[] a, int rows, int cols, float[] out) {
        for (int j = 0; j < cols; j++) {
            double s = 0.0;
            for (int i = 0; i < rows; i++) s += a[i * cols + j];
            out[j] = (float) s;
        }
    }

    /**
     * The columns of a (rows, cols) block that hold a value other than zero (±0) in some row, in
     * increasing order, into {@code act}; returns how many. NaN counts as nonzero.
     */
    public static int nonZeroColumns(float[] a, int rows, int cols, int[] act) {
        return nonZeroColumns(a, rows, cols, 0, act, 0);
    }

    /**
     * {@link #nonZeroColumns(float[], int, int, int[])} for the columns from {@code from} on,
     * appended to {@code act} after its first {@code count} entries; returns the new count.
     */
    public static int nonZeroColumns(float[] a, int rows, int cols, int from, int[] act, int count) {
        for (int j = from; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                if (a[i * cols + j] != 0f || Float.isNaN(a[i * cols + j])) {
                    act[count++] = j;
                    break;
                }
            }
        }
        return count;
    }

    /** Index of the largest value of each row (the first one on ties) into {@code out} (rows). */
    public static void argmaxRows(float[] a, int rows, int cols, int[] out) {
        for (int i = 0; i < rows; i++) {
            int o = i * cols, best = 0;
            float bv = a[o];
            for (int j = 1; j < cols; j++) {
                if (a[o + j] > bv) {
                    bv = a[o + j];
                    best = j;
                }
            }
            out[i] = best;
        }
    }

    /**
     * dst[dOff + i] = (src[sOff + i] &amp; 0xFF)·scale + shift for i &lt; n: raw pixel bytes (0..255) to
     * normalised floats (the data package's {@code Normalization.gather}).
     */
    public static void bytesToFloats(byte[] src, int sOff, float[] dst, int dOff, int n, float scale, float shift) {
        for (int i = 0; i < n; i++) {
            dst[dOff + i] = (src[sOff + i] & 0xFF) * scale + shift;
        }
    }

    /**
     * Rows {@code rows[from .. from+count)} of a (·, d) byte matrix {@code src}, converted as
     * {@link #bytesToFloats}, into {@code dst} as a (count, d) block.
     */
    public static void gatherBytes(byte[] src, int d, int[] rows, int from, int count, float[] dst, float scale,
                                   float shift) {
        gatherBytes(src, d, rows, from, count, dst, 0, scale, shift);
    }

    /** {@link #gatherBytes(byte[], int, int[], int, int, float[], float, float)} into {@code dst} from {@code dstOff} on. */
    public static void gatherBytes(byte[] src, int d, int[] rows, int from, int count, float[] dst, int dstOff,
                                   float scale, float shift) {
        for (int r = 0; r < count; r++) {
            bytesToFloats(src, rows[from + r] * d, dst, dstOff + r * d, d, scale, shift);
        }
    }

    // ---- losses against class labels (0..K−1), for the first {@code rows} labels ---------------

    /**
     * Σ_i [logsumexp(z[i,:]) − z[i, y_i]] over the rows of z (rows, cols), summed in double, and
     * p = softmax(z) row by row in float32, computed as libtorch's CrossEntropyLoss does: exp of the
     * float32 log-softmax (z − m) − log Σ e^(z − m), m the row's maximum. (e/Σ rounds differently,
     * and SGD amplifies a systematic rounding difference until two implementations' runs drift
     * apart: measured in Part 5's free-running parity.)
     */
    public static double crossEntropyRows(float[] z, int rows, int cols, int[] labels, float[] p) {
        double total = 0.0;
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) m = Math.max(m, z[o + j]);
            double sum = 0.0;                        // for the loss, in double
            float sumF = 0f;                         // for the probabilities, in float32 as libtorch
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(z[o + j] - m);
                sum += e;
                sumF += (float) e;
            }
            total += m + Math.log(sum) - z[o + labels[i]];
            float logSum = (float) Math.log(sumF);
            for (int j = 0; j < cols; j++) p[o + j] = (float) Math.exp((z[o + j] - m) - logSum);
        }
        return total;
    }

    /** dZ = (p − Y) / rows, Y the one-hot rows of the labels: the mean cross-entropy's gradient. */
    public static void crossEntropyBackward(float[] p, int rows, int cols, int[] labels, float[] dZ) {
        float invN = 1f / rows;
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) dZ[o + j] = p[o + j] * invN;
            dZ[o + labels[i]] -= invN; // − Y/N: the one-hot has a single 1 per row
        }
    }

    /** Σ_i Σ_j (a[i,j] − Y[i,j])² in double, Y the one-hot rows of the labels. */
    public static double squaredErrorOneHot(float[] a, int rows, int cols, int[] labels) {
        double total = 0.0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double diff = a[i * cols + j] - (j == labels[i] ? 1.0 : 0.0);
                total += diff * diff;
            }
        }
        return total;
    }

    /** dA = scale·(a − Y), Y the one-hot rows of the labels (scale = 2/(N·K) for the mean). */
    public static void squaredErrorOneHotBackward(float[] a, int rows, int cols, int[] labels, float scale, float[] dA) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float y = j == labels[i] ? 1f : 0f;
                dA[i * cols + j] = scale * (a[i * cols + j] - y);
            }
        }
    }

    // ---- optimizer updates (p, and the optimizer state, updated in place) -----------------------

    /** Plain SGD with optional weight decay: g' = g + wd·p; p ← p − lr·g'. {@code p} updated. */
    public static void sgdStep(float[] p, float[] g, int n, float lr, float weightDecay) {
        sgdStep(p, g, 0, n, lr, weightDecay);
    }

    /** {@link #sgdStep(float[], float[], int, float, float)} on elements [from, to) only. */
    public static void sgdStep(float[] p, float[] g, int from, int to, float lr, float weightDecay) {
        if (weightDecay == 0f) {
            for (int i = from; i < to; i++) p[i] -= lr * g[i];
        } else {
            for (int i = from; i < to; i++) p[i] -= lr * (g[i] + weightDecay * p[i]);
        }
    }

    /**
     * SGD with momentum, PyTorch's rule (no dampening, no Nesterov): g' = g + wd·p;
     * v ← μ·v + g'; p ← p − lr·v. {@code p} and {@code v} updated; v starts at 0, so the first
     * step gives v = g' as in PyTorch.
     */
    public static void momentumStep(float[] p, float[] g, float[] v, int n, float lr, float mu, float weightDecay) {
        momentumStep(p, g, v, 0, n, lr, mu, weightDecay);
    }

    /** {@link #momentumStep(float[], float[], float[], int, float, float, float)} on elements [from, to) only. */
    public static void momentumStep(float[] p, float[] g, float[] v, int from, int to, float lr, float mu,
                                    float weightDecay) {
        for (int i = from; i < to; i++) {
            float gi = g[i] + weightDecay * p[i];
            float vi = mu * v[i] + gi;
            v[i] = vi;
            p[i] -= lr * vi;
        }
    }

    /**
     * Adam, in the order of operations of PyTorch's single-tensor implementation:
     * g' = g + wd·p; m ← β1·m + (1 − β1)·g'; v ← β2·v + (1 − β2)·g'²;
     * p ← p − (lr / bc1) · m / (√v / √bc2 + ε), with bc1 = 1 − β1^t and bc2 = 1 − β2^t given by
     * the caller. {@code p}, {@code m} and {@code v} updated.
     */
    public static void adamStep(float[] p, float[] g, float[] m, float[] v, int n, float lr, float beta1,
                                float beta2, float eps, float weightDecay, double bc1, double bc2) {
        adamStep(p, g, m, v, 0, n, lr, beta1, beta2, eps, weightDecay, bc1, bc2);
    }

    /** {@link #adamStep(float[], float[], float[], float[], int, float, float, float, float, float, double, double)} on elements [from, to) only. */
    public static void adamStep(float[] p, float[] g, float[] m, float[] v, int from, int to, float lr,
                                float beta1, float beta2, float eps, float weightDecay, double bc1, double bc2) {
        float stepSize = (float) (lr / bc1);
        float sqrtBc2 = (float) Math.sqrt(bc2);
        for (int i = from; i < to; i++) {
            float gi = g[i] + weightDecay * p[i];
            float mi = beta1 * m[i] + (1f - beta1) * gi;
            float vi = beta2 * v[i] + (1f - beta2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float denom = (float) Math.sqrt(vi) / sqrtBc2 + eps;
            p[i] -= stepSize * (mi / denom);
        }
    }
}
