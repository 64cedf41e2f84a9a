package nnworkshop.nn;

import nnworkshop.tensor.kernel.Elementwise;

/**
 * g(z) = z for z &gt; 0 else αz, g′(z) = 1 or α, with α = {@link Activations#LEAKY_ALPHA} = 0.01
 * (PyTorch's {@code nn.LeakyReLU()} default). See {@link ActivationLayer}.
 */
public final class LeakyReLU extends ActivationLayer {
    private static final float ALPHA = (float) Activations.LEAKY_ALPHA;

    @Override
    public Activation kind() { return Activation.LEAKY_RELU; }

    /** a = z if z &gt; 0 else αz. */
    @Override
    protected void forward(float[] z, float[] a, int n) {
        Elementwise.leakyReluForward(z, ALPHA, a, n);
    }

    /** dZ = dA ∗ (1 if z &gt; 0 else α). */
    @Override
    protected void backward(float[] z, float[] a, float[] dA, float[] dZ, int n) {
        Elementwise.leakyReluBackward(z, ALPHA, dA, dZ, n);
    }

    @Override
    public String toString() { return "LeakyReLU(negative_slope=0.01)"; }
}
