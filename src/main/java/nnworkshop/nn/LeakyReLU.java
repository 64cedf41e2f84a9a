package nnworkshop.nn;

import nnworkshop.tensor.Matrix;

/**
 * g(z) = z for z &gt; 0 else αz, g′(z) = 1 or α, with α = {@link Activations#LEAKY_ALPHA} = 0.01
 * (PyTorch's {@code nn.LeakyReLU()} default). See {@link ActivationLayer}.
 */
public final class LeakyReLU extends ActivationLayer {
    private static final float ALPHA = (float) Activations.LEAKY_ALPHA;

    @Override
    public Activation kind() { return Activation.LEAKY_RELU; }

    /** A = Z where Z &gt; 0, else αZ. */
    @Override
    protected void apply(Matrix z, Matrix a) {
        Matrix.leakyRelu(z, ALPHA, a);
    }

    /** dZ = dA ∗ (1 where Z &gt; 0, else α). */
    @Override
    protected void applyBackward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        Matrix.leakyReluBackward(z, ALPHA, dA, dZ);
    }

    @Override
    public String toString() { return "LeakyReLU(negative_slope=0.01)"; }
}
