package nnworkshop.nn;

import nnworkshop.tensor.kernel.Elementwise;

/** g(z) = tanh(z), g′(z) = 1 − tanh²(z) (PyTorch's {@code nn.Tanh}). See {@link ActivationLayer}. */
public final class Tanh extends ActivationLayer {
    @Override
    public Activation kind() { return Activation.TANH; }

    /** a = tanh(z). */
    @Override
    protected void forward(float[] z, float[] a, int n) {
        Elementwise.tanhForward(z, a, n);
    }

    /** dZ = dA ∗ (1 − a²), from the stored output. */
    @Override
    protected void backward(float[] z, float[] a, float[] dA, float[] dZ, int n) {
        Elementwise.tanhBackward(a, dA, dZ, n);
    }

    @Override
    public String toString() { return "Tanh()"; }
}
