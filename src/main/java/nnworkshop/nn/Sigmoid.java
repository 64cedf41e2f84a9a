package nnworkshop.nn;

import nnworkshop.tensor.Matrix;

/** g(z) = σ(z) = 1 / (1 + e^(−z)), g′(z) = σ(z)(1 − σ(z)) (PyTorch's {@code nn.Sigmoid}). See {@link ActivationLayer}. */
public final class Sigmoid extends ActivationLayer {
    @Override
    public Activation kind() { return Activation.SIGMOID; }

    /** A = σ(Z), without overflow for large |z|. */
    @Override
    protected void apply(Matrix z, Matrix a) {
        Matrix.sigmoid(z, a);
    }

    /** dZ = dA ∗ A(1 − A): σ′(z) from the stored output, no second e^(·). */
    @Override
    protected void applyBackward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        Matrix.sigmoidBackward(a, dA, dZ);
    }

    @Override
    public String toString() { return "Sigmoid()"; }
}
