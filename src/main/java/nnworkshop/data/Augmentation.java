package nnworkshop.data;

import java.util.Locale;
import java.util.SplittableRandom;

import nnworkshop.WorkshopException;
import nnworkshop.util.Seeds;

/**
 * Data augmentation for digits: each image moved a little as a hand would move it — a random
 * shift, a small rotation and scale about the centre, and a thicker or thinner stroke — so that a
 * network trained on MNIST also reads digits drawn with a mouse.
 *
 * <p>{@link #expand} makes the augmented training set once, before training: the original images
 * followed by {@code copies} augmented versions of each, drawn from {@link Seeds#augment}. Both
 * engines then train on the very same images, through the same loop, in the same batches: the
 * training loop and the parity between the engines are untouched.
 *
 * <p>Per image, with u ~ U(−1, 1) drawn independently:
 * <pre>
 *   output pixel q = (x, y) samples the source at  c + R(−θ)·(q − c − t) / s      (bilinear)
 *       c = (13.5, 13.5), θ = u·maxDegrees, s = 1 + u·maxScale, t = (u·maxShift, u·maxShift)
 *   stroke:  τ = u·thickness;  v ← v + τ·(max₄(v) − v)   when τ &gt; 0 (thicker)
 *                              v ← v + |τ|·(min₄(v) − v)/2 when τ &lt; 0 (thinner; halved so strokes survive)
 * </pre>
 * where max₄ and min₄ are over the pixel and its four neighbours.
 *
 * @param maxShift   largest shift in pixels along each axis
 * @param maxDegrees largest rotation in degrees, either way
 * @param maxScale   largest relative change of size (0.1: 90% to 110%)
 * @param thickness  largest stroke change τ, in [0, 1]
 */
public record Augmentation(double maxShift, double maxDegrees, double maxScale, double thickness) {
    /** What the Lab's default models train with: ±2 px, ±12°, ±12% size, stroke ±0.6. */
    public static final Augmentation DEFAULT = new Augmentation(2.0, 12.0, 0.12, 0.6);

    public Augmentation {
        if (!(maxShift >= 0 && maxShift <= 8) || !(maxDegrees >= 0 && maxDegrees <= 45) || !(maxScale >= 0 && maxScale < 0.5)
                || !(thickness >= 0 && thickness <= 1)) {
            throw new WorkshopException(String.format(Locale.ROOT,
                    "augmentation out of range: shift %s (0..8 px), rotation %s (0..45 degrees), scale %s (0..0.5), thickness %s (0..1)",
                    maxShift, maxDegrees, maxScale, thickness));
        }
    }

    /**
     * The images of {@code data} (not modified) followed by {@code copies} augmented versions of each,
     * in the same order, with the same labels; the random numbers come from {@link Seeds#augment}{@code (seed)}.
     */
    public Dataset expand(Dataset data, int copies, long seed) {
        if (copies < 0) throw new IllegalArgumentException("copies must be >= 0, got " + copies);
        int n = data.count(), d = data.features();
        long total = (long) n * (1 + copies);
        if (total * d > Integer.MAX_VALUE) throw new WorkshopException("the augmented set would hold " + total + " images: too many");
        byte[] px = new byte[(int) (total * d)];
        byte[] lb = new byte[(int) total];
        System.arraycopy(data.rawPixels(), 0, px, 0, n * d);
        System.arraycopy(data.rawLabels(), 0, lb, 0, n);
        SplittableRandom rng = Seeds.augment(seed);
        float[] src = new float[d], out = new float[d], tmp = new float[d];
        for (int c = 1; c <= copies; c++) {
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < d; p++) src[p] = data.pixel(i, p) / 255f;
                apply(src, out, tmp, data.cols(), data.rows(), rng);
                int off = (c * n + i) * d;
                for (int p = 0; p < d; p++) px[off + p] = (byte) Math.round(out[p] * 255f);
                lb[c * n + i] = (byte) data.label(i);
            }
        }
        return new Dataset(data.name() + "+aug" + copies, (int) total, data.rows(), data.cols(), px, lb);
    }

    /**
     * One augmented image: {@code src} (h, w) in [0, 1] (not modified) into {@code out} (h, w);
     * {@code tmp} (h, w) is scratch space; draws five numbers from {@code rng}.
     */
    public void apply(float[] src, float[] out, float[] tmp, int w, int h, SplittableRandom rng) {
        double theta = Math.toRadians(u(rng) * maxDegrees);
        double s = 1 + u(rng) * maxScale;
        double tx = u(rng) * maxShift, ty = u(rng) * maxShift;
        double tau = u(rng) * thickness;
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        double cos = Math.cos(theta) / s, sin = Math.sin(theta) / s;   // R(−θ)/s
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = x - cx - tx, dy = y - cy - ty;
                double sx = cx + cos * dx + sin * dy;
                double sy = cy - sin * dx + cos * dy;
                tmp[y * w + x] = bilinear(src, w, h, sx, sy);
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = tmp[y * w + x];
                if (tau == 0) {
                    out[y * w + x] = v;
                    continue;
                }
                float mx = v, mn = v;
                if (x > 0) { mx = Math.max(mx, tmp[y * w + x - 1]); mn = Math.min(mn, tmp[y * w + x - 1]); }
                if (x < w - 1) { mx = Math.max(mx, tmp[y * w + x + 1]); mn = Math.min(mn, tmp[y * w + x + 1]); }
                if (y > 0) { mx = Math.max(mx, tmp[(y - 1) * w + x]); mn = Math.min(mn, tmp[(y - 1) * w + x]); }
                if (y < h - 1) { mx = Math.max(mx, tmp[(y + 1) * w + x]); mn = Math.min(mn, tmp[(y + 1) * w + x]); }
                double r = tau > 0 ? v + tau * (mx - v) : v - tau * (mn - v) / 2;
                out[y * w + x] = (float) Math.min(1, Math.max(0, r));
            }
        }
    }

    private static double u(SplittableRandom rng) {
        return 2 * rng.nextDouble() - 1;
    }

    /** The image at (x, y), linearly interpolated between its four nearest pixels; 0 outside. */
    private static float bilinear(float[] img, int w, int h, double x, double y) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        return (float) ((1 - fx) * (1 - fy) * at(img, w, h, x0, y0) + fx * (1 - fy) * at(img, w, h, x0 + 1, y0)
                + (1 - fx) * fy * at(img, w, h, x0, y0 + 1) + fx * fy * at(img, w, h, x0 + 1, y0 + 1));
    }

    private static float at(float[] img, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0f : img[y * w + x];
    }
}
