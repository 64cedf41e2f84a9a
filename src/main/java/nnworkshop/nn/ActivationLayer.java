package nnworkshop.nn;

import nnworkshop.tensor.Matrix;

/**
 * An element-wise activation a = g(z) as a layer; the workshop's {@code a1 = g(z1)} and, in
 * backward, the factor {@code ∗ g′(z1)} of {@code dz1 = W2ᵀ·dz2 ∗ g′(z1)}.
 * <pre>
 *   forward   A  = g(Z)            (N, H) → (N, H)
 *   backward  dZ = dA ∗ g′(Z)      (N, H), ∗ element by element
 * </pre>
 * In the row layout nothing changes but the shapes' order: element-wise maps do not care.
 * Subclasses say which operation on {@link Matrix} computes g and g′ (those of {@link Activations}).
 */
public abstract class ActivationLayer implements Layer {
    private Matrix z;                  // (N, H) the last input (not owned)
    private Matrix a = new Matrix(0, 0);  // (N, H)
    private Matrix dZ = new Matrix(0, 0); // (N, H)

    /** Which activation this layer applies. */
    public abstract Activation kind();

    /** A = g(Z), element by element; {@code a} is reshaped to Z's shape. */
    protected abstract void apply(Matrix z, Matrix a);

    /** dZ = dA ∗ g′(Z), element by element; {@code a} holds g(Z) from the forward pass. */
    protected abstract void applyBackward(Matrix z, Matrix a, Matrix dA, Matrix dZ);

    @Override
    public final Matrix forward(Matrix z) {
        if (a.cols() != z.cols()) {
            a = new Matrix(z.rows(), z.cols());       // first call: the width becomes known
            dZ = new Matrix(z.rows(), z.cols());
        }
        this.z = z;
        apply(z, a);               // A = g(Z)
        return a;
    }

    @Override
    public final Matrix backward(Matrix dA) {
        if (z == null) throw new IllegalStateException("backward before forward");
        if (dA.rows() != z.rows() || dA.cols() != z.cols()) {
            Matrix.requireShape(kind().id() + " backward: dA", dA, z.rows(), z.cols()); // throws
        }
        applyBackward(z, a, dA, dZ);  // dZ = dA ∗ g′(Z)
        return dZ;
    }

    /** Reserves room for {@code rows} samples of {@code width} features (the width is not known before the first forward otherwise). */
    public void reserve(int rows, int width) {
        if (a.cols() != width) {
            a = new Matrix(0, width);
            dZ = new Matrix(0, width);
        }
        a.reserveRows(rows);
        dZ.reserveRows(rows);
    }

    @Override
    public void reserve(int rows) {
        if (a.cols() > 0) reserve(rows, a.cols());
    }

    /** The layer for {@code kind}: {@link Sigmoid}, {@link ReLU}, {@link Tanh} or {@link LeakyReLU}. */
    public static ActivationLayer of(Activation kind) {
        return switch (kind) {
            case SIGMOID -> new Sigmoid();
            case RELU -> new ReLU();
            case TANH -> new Tanh();
            case LEAKY_RELU -> new LeakyReLU();
        };
    }
}
