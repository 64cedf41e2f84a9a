package nnworkshop.nn;

import nnworkshop.tensor.kernel.Elementwise;

/** g(z) = σ(z) = 1 / (1 + e^(−z)), g′(z) = σ(z)(1 − σ(z)) (PyTorch's {@code nn.Sigmoid}). See {@link ActivationLayer}. */
public final class Sigmoid extends ActivationLayer {
    @Override
    public Activation kind() { return Activation.SIGMOID; }

    /** a = σ(z), without overflow for large |z|. */
    @Override
    protected void forward(float[] z, float[] a, int n) {
        Elementwise.sigmoidForward(z, a, n);
    }

    /** dZ = dA ∗ a(1 − a): σ′(z) from the stored output, no second e^(·). */
    @Override
    protected void backward(float[] z, float[] a, float[] dA, float[] dZ, int n) {
        Elementwise.sigmoidBackward(a, dA, dZ, n);
    }

    @Override
    public String toString() { return "Sigmoid()"; }
}
