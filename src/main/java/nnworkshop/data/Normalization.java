package nnworkshop.data;

/**
 * Turns raw pixel bytes into the floats a network reads: x = (p / 255 − mean) / std.
 *
 * <p>With {@code mean = 0, std = 1} this is plain scaling to [0, 1] (the workshop's
 * {@code ToTensor()}); with the data set's own mean and std it is standardisation
 * ({@code Normalize((0.1307,), (0.3081,))} for MNIST).
 */
public final class Normalization {
    /** Scaling to [0, 1] only. */
    public static final Normalization UNIT = new Normalization(0f, 1f);

    private final float mean;
    private final float std;

    /**
     * @param mean subtracted from p / 255; finite
     * @param std  divided by; finite and at least {@link Float#MIN_NORMAL} (a subnormal std makes
     *             {@code 1 / (255 std)} overflow to infinity)
     * @throws IllegalArgumentException otherwise
     */
    public Normalization(float mean, float std) {
        if (!(std >= Float.MIN_NORMAL) || !Float.isFinite(std) || !Float.isFinite(mean)) {
            throw new IllegalArgumentException("normalisation needs a finite mean and a finite std of at least "
                    + Float.MIN_NORMAL + ", got " + mean + ", " + std);
        }
        this.mean = mean;
        this.std = std;
    }

    public float mean() { return mean; }

    public float std() { return std; }

    /** The value of one raw pixel byte (0..255) after normalisation. */
    public float apply(int pixel) {
        return (pixel / 255f - mean) / std;
    }

    /**
     * Writes images {@code indices[from .. from+count)} of {@code data}, normalised, into
     * {@code dst} as a row-major (count, D) block (dst modified; data and indices not modified).
     */
    public void gather(Dataset data, int[] indices, int from, int count, float[] dst) {
        int d = data.features();
        byte[] px = data.rawPixels();
        float scale = scale();
        float shift = shift();
        for (int r = 0; r < count; r++) {
            int src = indices[from + r] * d;
            int o = r * d;
            for (int p = 0; p < d; p++) {
                dst[o + p] = (px[src + p] & 0xFF) * scale + shift;
            }
        }
    }

    /** The factor of x = b·scale + shift for a pixel byte b: 1 / (255·std). */
    public float scale() {
        return 1f / (255f * std);
    }

    /** The offset of x = b·scale + shift: −mean / std (0 when {@link #keepsZeros()}). */
    public float shift() {
        return -mean / std;
    }

    /** Whether a zero pixel stays 0 (no mean subtracted), so a batch keeps the images' zeros. */
    public boolean keepsZeros() {
        return mean == 0f;
    }

    /** All images of {@code data}, normalised, as one (N, D) row-major array. */
    public float[] toFloats(Dataset data) {
        int n = data.count();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        float[] out = new float[n * data.features()];
        gather(data, idx, 0, n, out);
        return out;
    }

    /** Mean and standard deviation of all pixels of {@code data} on the [0, 1] scale. */
    public static Normalization fit(Dataset data) {
        byte[] px = data.rawPixels();
        long[] hist = new long[256];
        for (byte b : px) hist[b & 0xFF]++;
        double n = px.length, sum = 0, sumSq = 0;
        for (int v = 0; v < 256; v++) {
            double x = v / 255.0;
            sum += hist[v] * x;
            sumSq += hist[v] * x * x;
        }
        double mean = n == 0 ? 0 : sum / n;
        double var = n == 0 ? 1 : Math.max(sumSq / n - mean * mean, 0);
        return new Normalization((float) mean, (float) Math.sqrt(var));
    }

    @Override
    public String toString() {
        return "Normalization(mean=" + mean + ", std=" + std + ")";
    }
}
