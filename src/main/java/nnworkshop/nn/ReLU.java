package nnworkshop.nn;

import nnworkshop.tensor.kernel.FastElementwise;

/** g(z) = max(0, z), g′(z) = 1 for z &gt; 0 else 0 (PyTorch's {@code nn.ReLU}). See {@link ActivationLayer}. */
public final class ReLU extends ActivationLayer {
    @Override
    public Activation kind() { return Activation.RELU; }

    /** a = max(0, z). */
    @Override
    protected void forward(float[] z, float[] a, int n) {
        FastElementwise.reluForward(z, a, n);
    }

    /** dZ = dA ∗ [z &gt; 0]. */
    @Override
    protected void backward(float[] z, float[] a, float[] dA, float[] dZ, int n) {
        FastElementwise.reluBackward(z, dA, dZ, n);
    }

    @Override
    public String toString() { return "ReLU()"; }
}
