package nnworkshop.nn;

import java.util.Locale;
import java.util.SplittableRandom;

import nnworkshop.WorkshopException;
import nnworkshop.tensor.Matrix;

/**
 * How the weights start. fan_in = D (inputs of the layer), fan_out = H (its outputs).
 * <ul>
 *   <li>{@link #HE}: Kaiming/He normal for ReLU-like activations, W ~ N(0, 2/fan_in), b = 0
 *       ({@code nn.init.kaiming_normal_(w, nonlinearity='relu')});</li>
 *   <li>{@link #XAVIER}: Glorot uniform, W ~ U(−a, a) with a = √(6/(fan_in + fan_out)), b = 0
 *       ({@code nn.init.xavier_uniform_}), suited to tanh and sigmoid;</li>
 *   <li>{@link #PYTORCH}: what {@code nn.Linear} does by default, W and b ~ U(−1/√fan_in, 1/√fan_in).</li>
 * </ul>
 * Draws come from the {@link SplittableRandom} given: for each dense layer in order, W in
 * row-major order, then b. The same generator state gives the same weights.
 */
public enum Init {
    HE("he"),
    XAVIER("xavier"),
    PYTORCH("pytorch");

    private final String id;

    Init(String id) { this.id = id; }

    public String id() { return id; }

    /** Initialises every dense layer of {@code model}, in order, from {@code rng} (modified). */
    public void apply(Sequential model, SplittableRandom rng) {
        for (Dense d : model.denseLayers()) apply(d, rng);
    }

    /** Initialises one layer's W and b from {@code rng} (modified). */
    public void apply(Dense layer, SplittableRandom rng) {
        int fanIn = layer.inputs(), fanOut = layer.outputs();
        float[] w = layer.weight().value().data();
        Matrix b = layer.bias().value();
        int n = layer.weight().size();
        switch (this) {
            case HE -> {
                double std = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < n; i++) w[i] = (float) (std * rng.nextGaussian());
                b.fill(0f);
            }
            case XAVIER -> {
                double a = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < n; i++) w[i] = (float) uniform(rng, a);
                b.fill(0f);
            }
            case PYTORCH -> {
                double a = 1.0 / Math.sqrt(fanIn);
                for (int i = 0; i < n; i++) w[i] = (float) uniform(rng, a);
                float[] bd = b.data();
                for (int i = 0; i < fanOut; i++) bd[i] = (float) uniform(rng, a);
            }
            default -> throw new AssertionError(this);
        }
    }

    private static double uniform(SplittableRandom rng, double a) {
        return (2.0 * rng.nextDouble() - 1.0) * a;
    }

    /** Parses "he" (also "kaiming"), "xavier" (also "glorot") or "pytorch" (also "default"). */
    public static Init parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "he", "kaiming" -> HE;
            case "xavier", "glorot" -> XAVIER;
            case "pytorch", "default", "torch" -> PYTORCH;
            default -> throw new WorkshopException("unknown initialisation '" + nnworkshop.util.PathText.show(s) + "' (choose he, xavier or pytorch)");
        };
    }

    @Override
    public String toString() { return id; }
}
