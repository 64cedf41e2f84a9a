package nnworkshop.nn.reference;

import java.util.List;

import nnworkshop.nn.Activation;
import nnworkshop.nn.Dense;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;

/**
 * The maths of the MLP once more, in double precision and plain loops, with nothing shared with
 * the float32 engine but the scalar activations of {@code Activations}. Slow and obviously right:
 * gradient checking differentiates it numerically, and the tests compare the engine with it.
 *
 * <p>Row layout as the engine: X (N, D), W_l (out, in) row-major, b_l (out).
 * <pre>
 *   forward   Z_l = A_{l−1}·W_lᵀ + b_l,  A_l = g(Z_l) for hidden layers, A_0 = X
 *             output = Z_L (logits), or softmax(Z_L) if {@code softmaxOutput}
 *   loss      cross-entropy: (1/N) Σ_i −log softmax(Z_L)[i, y_i];  MSE: (1/(N·K)) Σ (output − Y)²
 *   backward  dZ_L = (softmax(Z_L) − Y)/N, or for MSE dOut = 2(output − Y)/(N·K) through softmax
 *             dW_l = dZ_lᵀ·A_{l−1},  db_l = Σ_rows dZ_l,  dZ_{l−1} = (dZ_l·W_l) ∗ g′(Z_{l−1})
 * </pre>
 */
public final class ReferenceMlp {
    private final int[] sizes;
    private final Activation activation;
    private final boolean softmaxOutput;
    private final LossKind loss;
    /** W_l (out, in) row-major, one per dense layer. */
    public final double[][] w;
    /** b_l (out), one per dense layer. */
    public final double[][] b;

    /**
     * A network of this spec with zero weights.
     *
     * @param softmaxOutput whether a softmax follows the last dense layer (only with MSE: the
     *                      cross-entropy loss takes logits)
     */
    public ReferenceMlp(ModelSpec spec, boolean softmaxOutput, LossKind loss) {
        if (softmaxOutput && loss == LossKind.CROSS_ENTROPY) {
            throw new IllegalArgumentException("cross-entropy takes logits: no softmax output layer with it");
        }
        this.sizes = spec.sizes();
        this.activation = spec.activation();
        this.softmaxOutput = softmaxOutput;
        this.loss = loss;
        int layers = sizes.length - 1;
        w = new double[layers][];
        b = new double[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new double[sizes[l + 1] * sizes[l]];
            b[l] = new double[sizes[l + 1]];
        }
    }

    /** Copies (exactly, float → double) the weights of a float32 engine model of the same spec. */
    public void copyFrom(Sequential model) {
        List<Dense> dense = model.denseLayers();
        if (dense.size() != w.length) throw new IllegalArgumentException("layer counts differ");
        for (int l = 0; l < w.length; l++) {
            float[] fw = dense.get(l).weight().value().data(), fb = dense.get(l).bias().value().data();
            if (dense.get(l).weight().size() != w[l].length) throw new IllegalArgumentException("shapes differ at layer " + l);
            for (int i = 0; i < w[l].length; i++) w[l][i] = fw[i];
            for (int i = 0; i < b[l].length; i++) b[l][i] = fb[i];
        }
    }

    /** Number of dense layers L. */
    public int layers() { return w.length; }

    /** The network output for X (n, D): logits, or probabilities with a softmax output. */
    public double[] output(double[] x, int n) {
        return forward(x, n)[2 * layers()];
    }

    /** The mean loss for X (n, D) and labels y (n). */
    public double loss(double[] x, int n, int[] y) {
        return lossOf(forward(x, n), n, y);
    }

    /**
     * The mean loss, and its gradients written into {@code dW} and {@code db} (same shapes as
     * {@link #w} and {@link #b}; modified).
     */
    public double lossAndGradients(double[] x, int n, int[] y, double[][] dW, double[][] db) {
        double[][] acts = forward(x, n);
        double value = lossOf(acts, n, y);
        int lastL = layers() - 1, k = sizes[sizes.length - 1];
        double[] out = acts[2 * layers()];
        // gradient of the loss with respect to the network output
        double[] dZ = new double[n * k];
        if (loss == LossKind.CROSS_ENTROPY) {
            double[] p = softmax(out, n, k);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) dZ[i * k + j] = (p[i * k + j] - (j == y[i] ? 1 : 0)) / n;
            }
        } else {
            double[] dOut = new double[n * k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) dOut[i * k + j] = 2.0 * (out[i * k + j] - (j == y[i] ? 1 : 0)) / ((double) n * k);
            }
            if (softmaxOutput) {
                for (int i = 0; i < n; i++) {
                    double dot = 0;
                    for (int j = 0; j < k; j++) dot += dOut[i * k + j] * out[i * k + j];
                    for (int j = 0; j < k; j++) dZ[i * k + j] = out[i * k + j] * (dOut[i * k + j] - dot);
                }
            } else {
                dZ = dOut;
            }
        }
        for (int l = lastL; l >= 0; l--) {
            int in = sizes[l], o = sizes[l + 1];
            double[] aPrev = acts[2 * l]; // A_{l−1} (n, in); acts[0] = X
            for (int r = 0; r < o; r++) {
                for (int c = 0; c < in; c++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) s += dZ[i * o + r] * aPrev[i * in + c];
                    dW[l][r * in + c] = s;
                }
                double s = 0;
                for (int i = 0; i < n; i++) s += dZ[i * o + r];
                db[l][r] = s;
            }
            if (l == 0) break;
            double[] zPrev = acts[2 * l - 1]; // Z_{l−1} (n, in)
            double[] dPrev = new double[n * in];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < in; c++) {
                    double s = 0;
                    for (int r = 0; r < o; r++) s += dZ[i * o + r] * w[l][r * in + c];
                    dPrev[i * in + c] = s * activation.derivative(zPrev[i * in + c]);
                }
            }
            dZ = dPrev;
        }
        return value;
    }

    /** acts[0] = X, acts[2l+1] = Z_l, acts[2l+2] = A_l (the last one: logits or softmax). */
    private double[][] forward(double[] x, int n) {
        int layers = layers();
        double[][] acts = new double[2 * layers + 1][];
        acts[0] = x;
        double[] a = x;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l], o = sizes[l + 1];
            double[] z = new double[n * o];
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < o; r++) {
                    double s = b[l][r];
                    for (int c = 0; c < in; c++) s += a[i * in + c] * w[l][r * in + c];
                    z[i * o + r] = s;
                }
            }
            acts[2 * l + 1] = z;
            if (l < layers - 1) {
                a = new double[n * o];
                for (int i = 0; i < a.length; i++) a[i] = activation.apply(z[i]);
            } else {
                a = softmaxOutput ? softmax(z, n, o) : z;
            }
            acts[2 * l + 2] = a;
        }
        return acts;
    }

    private double lossOf(double[][] acts, int n, int[] y) {
        int k = sizes[sizes.length - 1];
        double[] out = acts[2 * layers()];
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (loss == LossKind.CROSS_ENTROPY) {
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) m = Math.max(m, out[i * k + j]);
                double s = 0;
                for (int j = 0; j < k; j++) s += Math.exp(out[i * k + j] - m);
                total += m + Math.log(s) - out[i * k + y[i]];
            } else {
                for (int j = 0; j < k; j++) {
                    double diff = out[i * k + j] - (j == y[i] ? 1 : 0);
                    total += diff * diff;
                }
            }
        }
        return loss == LossKind.CROSS_ENTROPY ? total / n : total / ((double) n * k);
    }

    private static double[] softmax(double[] z, int n, int k) {
        double[] p = new double[n * k];
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) m = Math.max(m, z[i * k + j]);
            double s = 0;
            for (int j = 0; j < k; j++) s += Math.exp(z[i * k + j] - m);
            for (int j = 0; j < k; j++) p[i * k + j] = Math.exp(z[i * k + j] - m) / s;
        }
        return p;
    }
}
