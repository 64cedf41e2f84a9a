package nnworkshop.nn;

import static nnworkshop.tensor.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import nnworkshop.tensor.Matrix;

/** The activation layers on hand values, and their kernels against the one definition in {@link Activations}. */
class ActivationLayersTest {
    private static final float[] Z = {-2f, -0.5f, 0f, 0.5f, 2f};

    private static Matrix z() {
        return Matrix.wrap(Z.clone(), 1, Z.length);
    }

    private static float[] ones() {
        return new float[] {1, 1, 1, 1, 1};
    }

    @Test
    void reluOnHandValues() {
        ReLU l = new ReLU();
        assertClose(l.forward(z()), new float[] {0, 0, 0, 0.5f, 2}, 0, 0);
        assertClose(l.backward(Matrix.wrap(ones(), 1, 5)), new float[] {0, 0, 0, 1, 1}, 0, 0);
    }

    @Test
    void leakyReluOnHandValues() {
        LeakyReLU l = new LeakyReLU();
        assertClose(l.forward(z()), new float[] {-0.02f, -0.005f, 0, 0.5f, 2}, 1e-7, 0);
        assertClose(l.backward(Matrix.wrap(ones(), 1, 5)), new float[] {0.01f, 0.01f, 0.01f, 1, 1}, 1e-7, 0);
    }

    @Test
    void sigmoidOnHandValues() {
        Sigmoid l = new Sigmoid();
        assertClose(l.forward(z()), new float[] {0.11920292f, 0.37754067f, 0.5f, 0.62245933f, 0.88079708f}, 1e-6, 0);
        assertClose(l.backward(Matrix.wrap(ones(), 1, 5)),
                new float[] {0.10499359f, 0.23500371f, 0.25f, 0.23500371f, 0.10499359f}, 1e-6, 0);
    }

    @Test
    void tanhOnHandValues() {
        Tanh l = new Tanh();
        assertClose(l.forward(z()), new float[] {-0.96402758f, -0.46211716f, 0, 0.46211716f, 0.96402758f}, 1e-6, 0);
        assertClose(l.backward(Matrix.wrap(ones(), 1, 5)),
                new float[] {0.07065082f, 0.78644773f, 1, 0.78644773f, 0.07065082f}, 1e-5, 0);
    }

    @Test
    void backwardMultipliesByTheIncomingGradient() {
        ReLU l = new ReLU();
        l.forward(z());
        assertClose(l.backward(Matrix.wrap(new float[] {5, 5, 5, 3, -2}, 1, 5)), new float[] {0, 0, 0, 3, -2}, 0, 0);
    }

    /** The kernels compute exactly g of {@link Activations} (float versions) and g′ within float rounding of the double one. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void layersAgreeWithTheSharedDefinitions(Activation kind) {
        int n = 4001;
        float[] zs = new float[n];
        for (int i = 0; i < n; i++) zs[i] = -20f + 40f * i / (n - 1);
        float[] extremes = {-1000f, -88f, -1e-8f, 0f, 1e-8f, 88f, 1000f};
        float[] all = new float[n + extremes.length];
        System.arraycopy(zs, 0, all, 0, n);
        System.arraycopy(extremes, 0, all, n, extremes.length);
        ActivationLayer layer = ActivationLayer.of(kind);
        assertEquals(kind, layer.kind());
        Matrix a = layer.forward(Matrix.wrap(all, 1, all.length));
        float[] ones = new float[all.length];
        java.util.Arrays.fill(ones, 1f);
        Matrix d = layer.backward(Matrix.wrap(ones, 1, all.length));
        for (int i = 0; i < all.length; i++) {
            float z = all[i];
            float expected = switch (kind) {
                case SIGMOID -> Activations.sigmoid(z);
                case RELU -> Activations.relu(z);
                case TANH -> Activations.tanh(z);
                case LEAKY_RELU -> Activations.leakyRelu(z);
            };
            assertEquals(expected, a.data()[i], "g(" + z + ")");
            assertClose(a.data()[i], kind.apply(z), 1e-6, 1e-7);
            assertClose(d.data()[i], kind.derivative(z), 1e-6, 1e-7);
        }
    }
}
