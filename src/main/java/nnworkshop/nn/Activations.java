package nnworkshop.nn;

/**
 * The activation functions g(z) of the workshop and their derivatives g'(z), element by element.
 *
 * <p>These scalar definitions are the single source of truth: Part 1 plots them, and the
 * activation layers of the network apply exactly these functions (the kernels call them or are
 * tested against them).
 *
 * <ul>
 *   <li>sigmoid: σ(z) = 1 / (1 + e^(−z)), σ'(z) = σ(z)(1 − σ(z))</li>
 *   <li>ReLU: max(0, z), derivative 1 for z &gt; 0 else 0 (0 at z = 0, as PyTorch)</li>
 *   <li>tanh: tanh(z), derivative 1 − tanh²(z)</li>
 *   <li>leaky ReLU: z for z &gt; 0 else αz (α = 0.01), derivative 1 or α</li>
 * </ul>
 */
public final class Activations {
    /** Slope of leaky ReLU for negative inputs (PyTorch's default). */
    public static final double LEAKY_ALPHA = 0.01;

    private Activations() {}

    /**
     * σ(z), computed without overflow: for z ≥ 0 as 1/(1+e^(−z)), for z &lt; 0 as e^z/(1+e^z),
     * so e^(·) is only ever taken of a non-positive number.
     */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** σ'(z) = σ(z)(1 − σ(z)). */
    public static double sigmoidDerivative(double z) {
        double s = sigmoid(z);
        return s * (1.0 - s);
    }

    public static double relu(double z) {
        return z > 0 ? z : 0.0;
    }

    /** 1 for z &gt; 0, else 0 (the subgradient at 0 is taken as 0, as PyTorch does). */
    public static double reluDerivative(double z) {
        return z > 0 ? 1.0 : 0.0;
    }

    public static double tanh(double z) {
        return Math.tanh(z);
    }

    /** 1 − tanh²(z). */
    public static double tanhDerivative(double z) {
        double t = Math.tanh(z);
        return 1.0 - t * t;
    }

    public static double leakyRelu(double z) {
        return z > 0 ? z : LEAKY_ALPHA * z;
    }

    public static double leakyReluDerivative(double z) {
        return z > 0 ? 1.0 : LEAKY_ALPHA;
    }

    /** float versions, the same formulas in single precision, for the float32 engine. */
    public static float sigmoid(float z) {
        if (z >= 0f) {
            return 1f / (1f + (float) Math.exp(-z));
        }
        float e = (float) Math.exp(z);
        return e / (1f + e);
    }

    public static float relu(float z) {
        return z > 0f ? z : 0f;
    }

    public static float tanh(float z) {
        return (float) Math.tanh(z);
    }

    public static float leakyRelu(float z) {
        return z > 0f ? z : (float) LEAKY_ALPHA * z;
    }
}
