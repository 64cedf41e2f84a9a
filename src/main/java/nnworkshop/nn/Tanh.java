package nnworkshop.nn;

import nnworkshop.tensor.Matrix;

/** g(z) = tanh(z), g′(z) = 1 − tanh²(z) (PyTorch's {@code nn.Tanh}). See {@link ActivationLayer}. */
public final class Tanh extends ActivationLayer {
    @Override
    public Activation kind() { return Activation.TANH; }

    /** A = tanh(Z). */
    @Override
    protected void apply(Matrix z, Matrix a) {
        Matrix.tanh(z, a);
    }

    /** dZ = dA ∗ (1 − A²), from the stored output. */
    @Override
    protected void applyBackward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        Matrix.tanhBackward(a, dA, dZ);
    }

    @Override
    public String toString() { return "Tanh()"; }
}
