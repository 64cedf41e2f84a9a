package nnworkshop.nn;

import nnworkshop.tensor.Matrix;

/** g(z) = max(0, z), g′(z) = 1 for z &gt; 0 else 0 (PyTorch's {@code nn.ReLU}). See {@link ActivationLayer}. */
public final class ReLU extends ActivationLayer {
    @Override
    public Activation kind() { return Activation.RELU; }

    /** A = max(0, Z). */
    @Override
    protected void apply(Matrix z, Matrix a) {
        Matrix.relu(z, a);
    }

    /** dZ = dA ∗ [Z &gt; 0]. */
    @Override
    protected void applyBackward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        Matrix.reluBackward(z, dA, dZ);
    }

    @Override
    public String toString() { return "ReLU()"; }
}
