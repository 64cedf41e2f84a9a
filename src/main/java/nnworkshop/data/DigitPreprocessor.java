package nnworkshop.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import nnworkshop.WorkshopException;
import nnworkshop.util.FileKind;
import nnworkshop.util.PathText;

/**
 * Turns an arbitrary picture of a handwritten digit into a 28×28 MNIST-style image, so a model
 * trained on MNIST can be asked about it ({@code ./workshop predict --model FILE IMAGE.png}).
 *
 * <p>The steps follow how MNIST itself was made (LeCun et al.: "normalized to fit in a 20x20 pixel
 * box while preserving their aspect ratio … centered in a 28x28 image by computing the center of
 * mass of the pixels"):
 * <ol>
 *   <li>grayscale: luminance {@code 0.299 R + 0.587 G + 0.114 B} in [0, 1], transparent pixels
 *       composited over white;</li>
 *   <li>ink: the background level is the median of the border pixels; if it is light the picture
 *       is dark-on-light and is inverted. Ink is the distance from the background, stretched so the
 *       darkest stroke is 1 (so grey paper and pencil work too);</li>
 *   <li>crop to the bounding box of the pixels with ink &gt; {@value #INK_THRESHOLD};</li>
 *   <li>scale to fit a {@value #BOX}×{@value #BOX} box keeping the aspect ratio, anti-aliased:
 *       area averaging when shrinking, linear interpolation when enlarging;</li>
 *   <li>paste into {@value #SIZE}×{@value #SIZE}, shifted by whole pixels so the centre of mass
 *       ({@link #centreOfMass}, in pixel indices) is as close as possible to (14, 14), as in MNIST, but never so far
 *       that ink would fall off the edge.</li>
 * </ol>
 * The result is row-major, 784 values in [0, 1] with ink = 1 and background = 0 — the same scale
 * as {@code pixel / 255} of MNIST; the caller applies the model's normalisation.
 */
public final class DigitPreprocessor {
    /** Side of the output image. */
    public static final int SIZE = 28;
    /** Where the centre of mass goes, in pixel indices (x and y): MNIST's (14, 14). */
    public static final int CENTRE = 14;
    /** Side of the box the digit is scaled to fit. */
    public static final int BOX = 20;
    /**
     * Ink above this (after stretching to [0, 1]) counts for the bounding box. Measured on the first
     * 2,000 MNIST test digits, fed back in as they are: with 0.05 the output matches the input
     * (correlation ≥ 0.9998 for every digit); with 0.1 a few faint-edged digits lose an edge row,
     * get stretched and shifted a pixel (correlation down to 0.47).
     */
    public static final float INK_THRESHOLD = 0.05f;
    /** A picture whose darkest stroke differs from the background by less than this is blank. */
    public static final float MIN_CONTRAST = 0.1f;
    /** Larger pictures are refused before they are decoded (40 megapixels, about 160 MB as floats). */
    public static final long MAX_PIXELS = 40_000_000L;

    private DigitPreprocessor() {}

    /**
     * Reads an image file (PNG, JPEG, GIF, BMP) and preprocesses it as {@link #toMnist(BufferedImage)}.
     *
     * @return (28·28) values in [0, 1], row-major
     * @throws WorkshopException (one line naming the file) if the file is missing, not an image,
     *         cannot be decoded, is too large, or holds no ink
     */
    public static float[] toMnist(Path imageFile) {
        String src = PathText.show(imageFile);
        FileKind kind = FileKind.of(imageFile);
        if (kind == FileKind.DIRECTORY) {
            throw fail(src, "is a directory, not an image");
        }
        if (kind == FileKind.MISSING) {
            throw fail(src, "no such file");
        }
        if (kind != FileKind.REGULAR) { // never opened: a FIFO would wait for a writer forever
            throw fail(src, "is " + FileKind.describe(imageFile) + ", not an image file; it was not opened");
        }
        return toMnist(readImage(imageFile, src), src);
    }

    /**
     * Preprocesses a picture of one digit (not modified).
     *
     * @return (28·28) values in [0, 1], row-major, ink = 1
     * @throws WorkshopException if the picture holds no ink
     */
    public static float[] toMnist(BufferedImage image) {
        return toMnist(image, "image");
    }

    private static float[] toMnist(BufferedImage image, String src) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] ink = ink(luminance(image), w, h, src); // (h, w)

        // bounding box of the ink
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (ink[y * w + x] > INK_THRESHOLD) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        int cw = x1 - x0 + 1;
        int ch = y1 - y0 + 1;
        float[] crop = new float[cw * ch]; // (ch, cw)
        for (int y = 0; y < ch; y++) {
            System.arraycopy(ink, (y0 + y) * w + x0, crop, y * cw, cw);
        }

        // fit the BOX×BOX box, keeping the aspect ratio
        double scale = (double) BOX / Math.max(cw, ch);
        int nw = Math.max(1, Math.min(BOX, (int) Math.round(cw * scale)));
        int nh = Math.max(1, Math.min(BOX, (int) Math.round(ch * scale)));
        float[] digit = resample(crop, cw, ch, nw, nh); // (nh, nw)

        // whole-pixel shift putting the centre of mass at index (14, 14), clamped so no ink is cut off
        double[] com = centreOfMass(digit, nw, nh);
        int ox = clamp((int) Math.round(CENTRE - com[0]), 0, SIZE - nw);
        int oy = clamp((int) Math.round(CENTRE - com[1]), 0, SIZE - nh);
        float[] out = new float[SIZE * SIZE];
        for (int y = 0; y < nh; y++) {
            System.arraycopy(digit, y * nw, out, (oy + y) * SIZE + ox, nw);
        }
        return out;
    }

    /**
     * The centre of mass of an image in pixel indices: {@code (Σ v·x / Σ v, Σ v·y / Σ v)} with pixel
     * (x, y) at {@code img[y * width + x]}. This is MNIST's convention: averaged over its test set the
     * centre of mass is at index (14.0, 14.0), half a pixel right of and below the geometric centre.
     *
     * @param img (height, width) non-negative weights, not modified
     * @return {x, y}; the geometric centre {@code ((width-1)/2, (height-1)/2)} if the image is all zero
     */
    public static double[] centreOfMass(float[] img, int width, int height) {
        double sum = 0, sx = 0, sy = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = img[y * width + x];
                sum += v;
                sx += v * x;
                sy += v * y;
            }
        }
        return sum > 0 ? new double[] {sx / sum, sy / sum} : new double[] {(width - 1) / 2.0, (height - 1) / 2.0};
    }

    /**
     * Luminance in [0, 1] of every pixel, row-major (height, width); transparency is composited
     * over white.
     */
    static float[] luminance(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] g = new float[w * h];
        ColorModel cm = image.getColorModel();
        if (cm instanceof ComponentColorModel && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // Read gray samples directly: getRGB would convert Java's linear gray space to sRGB and
            // brighten the mid-tones (gray 128 would come back as about 186).
            // A TIFF may hold 32-bit or float samples: 1 << 32 is 1 in int arithmetic, and a float can be NaN.
            Raster r = image.getRaster();
            boolean floating = r.getTransferType() == DataBuffer.TYPE_FLOAT || r.getTransferType() == DataBuffer.TYPE_DOUBLE;
            double maxG = (1L << cm.getComponentSize(0)) - 1;
            double maxA = cm.hasAlpha() ? (1L << cm.getComponentSize(1)) - 1 : 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = unit(r, x, y, 0, floating, maxG);
                    float a = cm.hasAlpha() ? unit(r, x, y, 1, floating, maxA) : 1f;
                    g[y * w + x] = a * v + (1 - a);
                }
            }
            return g;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                float a = (p >>> 24) / 255f;
                float v = (0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF) + 0.114f * (p & 0xFF)) / 255f;
                g[y * w + x] = a * v + (1 - a);
            }
        }
        return g;
    }

    /**
     * Sample {@code band} of pixel (x, y) in [0, 1]: an integer sample (unsigned) over {@code max},
     * a float one as it is; clamped, NaN as 1.
     */
    private static float unit(Raster r, int x, int y, int band, boolean floating, double max) {
        double v = floating ? r.getSampleDouble(x, y, band) : Integer.toUnsignedLong(r.getSample(x, y, band)) / max;
        return v >= 0 ? (float) Math.min(1, v) : Double.isNaN(v) ? 1f : 0f;
    }

    /** Ink in [0, 1] from luminance: distance from the border's median, stretched so the maximum is 1. */
    private static float[] ink(float[] g, int w, int h, String src) {
        float background = borderMedian(g, w, h);
        boolean lightBackground = background > 0.5f; // dark ink on light paper: invert
        float[] ink = new float[g.length];
        float max = 0;
        for (int i = 0; i < g.length; i++) {
            float v = Math.max(0f, lightBackground ? background - g[i] : g[i] - background);
            ink[i] = v;
            max = Math.max(max, v);
        }
        if (max < MIN_CONTRAST) {
            throw fail(src, "the image has no ink: no pixel differs from the background by "
                    + Math.round(MIN_CONTRAST * 100) + "% or more (is it blank?)");
        }
        for (int i = 0; i < ink.length; i++) {
            ink[i] = Math.min(1f, ink[i] / max);
        }
        return ink;
    }

    /** The median of the pixels on the image's outer border. */
    static float borderMedian(float[] g, int w, int h) {
        float[] border = new float[w * h == 1 ? 1 : 2 * w + 2 * Math.max(0, h - 2)];
        int n = 0;
        for (int x = 0; x < w; x++) {
            border[n++] = g[x];
            if (h > 1) border[n++] = g[(h - 1) * w + x];
        }
        for (int y = 1; y < h - 1; y++) {
            border[n++] = g[y * w];
            if (w > 1) border[n++] = g[y * w + w - 1];
        }
        Arrays.sort(border, 0, n);
        return n % 2 == 1 ? border[n / 2] : (border[n / 2 - 1] + border[n / 2]) / 2f;
    }

    /**
     * Resizes a (h, w) image to (nh, nw), separably: along an axis that shrinks each output pixel
     * is the average of the source area it covers (anti-aliased, like MNIST's normalisation); along
     * an axis that grows it is a linear interpolation of the two nearest source pixels.
     */
    static float[] resample(float[] src, int w, int h, int nw, int nh) {
        Weights wx = Weights.of(w, nw);
        Weights wy = Weights.of(h, nh);
        float[] tmp = new float[h * nw]; // (h, nw): rows resized
        for (int y = 0; y < h; y++) {
            for (int j = 0; j < nw; j++) {
                double s = 0;
                for (int k = wx.start[j]; k < wx.start[j + 1]; k++) {
                    s += wx.weight[k] * src[y * w + wx.index[k]];
                }
                tmp[y * nw + j] = (float) s;
            }
        }
        float[] out = new float[nh * nw];
        for (int i = 0; i < nh; i++) {
            for (int k = wy.start[i]; k < wy.start[i + 1]; k++) {
                float wt = (float) wy.weight[k];
                int row = wy.index[k] * nw;
                for (int j = 0; j < nw; j++) {
                    out[i * nw + j] += wt * tmp[row + j];
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(1f, Math.max(0f, out[i]));
        }
        return out;
    }

    /** Sparse 1-D resampling weights: output j takes {@code weight[k] * in[index[k]]} for k in [start[j], start[j+1]). */
    private record Weights(int[] start, int[] index, double[] weight) {
        static Weights of(int n, int m) {
            int[] start = new int[m + 1];
            int cap = m * (n / m + 2) + 2 * m;
            int[] index = new int[cap];
            double[] weight = new double[cap];
            int k = 0;
            double ratio = (double) n / m; // source pixels per output pixel
            for (int j = 0; j < m; j++) {
                start[j] = k;
                if (m <= n) { // box: average over the source interval [j·ratio, (j+1)·ratio)
                    double lo = j * ratio;
                    double hi = (j + 1) * ratio;
                    for (int i = (int) Math.floor(lo); i < Math.min(n, (int) Math.ceil(hi)); i++) {
                        double overlap = Math.min(hi, i + 1) - Math.max(lo, i);
                        if (overlap > 0) {
                            index[k] = i;
                            weight[k++] = overlap / ratio;
                        }
                    }
                } else { // linear, pixel centres aligned: output centre j+0.5 maps to source (j+0.5)·ratio
                    double x = (j + 0.5) * ratio - 0.5;
                    int i0 = (int) Math.floor(x);
                    double t = x - i0;
                    index[k] = clamp(i0, 0, n - 1);
                    weight[k++] = 1 - t;
                    index[k] = clamp(i0 + 1, 0, n - 1);
                    weight[k++] = t;
                }
            }
            start[m] = k;
            return new Weights(start, index, weight);
        }
    }

    private static BufferedImage readImage(Path file, String src) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw fail(src, "not an image Java can read (use PNG, JPEG, GIF or BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w * h > MAX_PIXELS) {
                    throw fail(src, "the image is " + w + "x" + h + " pixels; only 1 to " + MAX_PIXELS / 1_000_000
                            + " megapixels are accepted (scale it down first)");
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw fail(src, "could not be decoded as an image");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new WorkshopException(src + ": cannot read the image (" + describe(e)
                    + "): is the file complete and really a " + suffix(src) + "?", e);
        } catch (WorkshopException e) {
            throw e;
        } catch (RuntimeException e) {
            // image decoders report some corrupt files with IllegalArgumentException and the like
            throw new WorkshopException(src + ": cannot decode the image (" + describe(e) + ")", e);
        }
    }

    private static String suffix(String src) {
        int dot = src.lastIndexOf('.');
        return dot < 0 || dot == src.length() - 1 ? "image" : src.substring(dot + 1).toUpperCase() + " image";
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static WorkshopException fail(String src, String problem) {
        return new WorkshopException(src + ": " + problem);
    }
}
