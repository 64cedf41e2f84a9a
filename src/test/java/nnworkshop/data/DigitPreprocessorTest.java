package nnworkshop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.WorkshopException;

class DigitPreprocessorTest {
    private static final int N = DigitPreprocessor.SIZE;

    @TempDir
    Path dir;

    // ------------------------------------------------------------------------------ geometry

    @Test
    void sevenOnWhiteCanvasBecomesACentredMnistDigit() {
        float[] out = DigitPreprocessor.toMnist(seven(300, 200, Color.BLACK, Color.WHITE, 1.0));
        assertMnistLike(out);
    }

    @Test
    void ringOnWhiteCanvasBecomesACentredMnistDigit() {
        float[] out = DigitPreprocessor.toMnist(ring(300, 200, Color.BLACK, Color.WHITE));
        assertMnistLike(out);
        // the ring is taller than wide (126 × 156 px with its stroke): 20 px tall, 16 px wide, hole empty
        int[] box = inkBox(out);
        assertEquals(16, box[2] - box[0] + 1, 1);
        assertEquals(20, box[3] - box[1] + 1);
        assertEquals(0f, out[14 * N + 14]);
    }

    /**
     * Found by DigitPreprocessorFuzzTest: a TIFF of 32-bit gray samples (1 << 32 is 1 in int
     * arithmetic, so every sample was divided by 0) was a NegativeArraySizeException; float samples
     * that are NaN did the same.
     */
    @Test
    void tiffsOf32BitAndFloatGraySamplesAreRead() throws IOException {
        java.awt.image.BufferedImage floats = nnworkshop.util.FuzzImages.gray(12, 12, java.awt.image.DataBuffer.TYPE_FLOAT);
        floats.getRaster().setSample(0, 0, 0, Float.NaN);
        for (java.awt.image.BufferedImage img : new java.awt.image.BufferedImage[] {
                nnworkshop.util.FuzzImages.gray(12, 12, java.awt.image.DataBuffer.TYPE_INT), floats}) {
            Path f = Files.write(dir.resolve("bar.tiff"), nnworkshop.util.FuzzImages.encode(img, "tiff"));
            float[] out = DigitPreprocessor.toMnist(f);
            assertEquals(N * N, out.length);
            float sum = 0;
            for (float v : out) {
                assertTrue(v >= 0 && v <= 1, "value " + v);
                sum += v;
            }
            assertTrue(sum > 10, "the dark bar is ink: " + sum);
        }
    }

    @Test
    void smallDigitIsEnlargedToTheBox() {
        float[] out = DigitPreprocessor.toMnist(seven(300, 200, Color.BLACK, Color.WHITE, 0.12)); // ~15 px tall
        assertMnistLike(out);
    }

    @Test
    void whiteOnBlackGivesTheSameResultAsBlackOnWhite() {
        float[] dark = DigitPreprocessor.toMnist(seven(300, 200, Color.BLACK, Color.WHITE, 1.0));
        float[] light = DigitPreprocessor.toMnist(seven(300, 200, Color.WHITE, Color.BLACK, 1.0));
        assertClose(dark, light, 0.02f);
    }

    @Test
    void colouredInkOnGreyishPaperAndTransparentBackgroundWork() {
        float[] reference = DigitPreprocessor.toMnist(seven(300, 200, Color.BLACK, Color.WHITE, 1.0));
        float[] blueOnCream = DigitPreprocessor.toMnist(seven(300, 200, new Color(20, 40, 160), new Color(235, 225, 200), 1.0));
        assertClose(reference, blueOnCream, 0.02f);
        float[] transparent = DigitPreprocessor.toMnist(seven(300, 200, Color.BLACK, new Color(0, 0, 0, 0), 1.0));
        assertClose(reference, transparent, 0.02f);
    }

    @Test
    void mnistLikeImageStaysTheSame() throws IOException {
        // 28×28 gray PNG, white ring on black filling pixels 5..24 both ways (20 px, as MNIST digits
        // do), so its centre of mass is at index 14.5 — within MNIST's half a pixel of 14
        BufferedImage img = new BufferedImage(N, N, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(2.5f));
        g.draw(new Ellipse2D.Double(6.25, 6.25, 17.5, 17.5)); // stroke spans 5.0 .. 25.0
        g.dispose();
        Path png = dir.resolve("mnist-like.png");
        ImageIO.write(img, "png", png.toFile());

        float[] in = pixels(img);
        float[] out = DigitPreprocessor.toMnist(png);
        assertTrue(correlation(in, out) > 0.99, "correlation " + correlation(in, out));
        assertMnistLike(out);
    }

    @Test
    void preprocessingItsOwnOutputChangesNothing() throws IOException {
        float[] once = DigitPreprocessor.toMnist(seven(300, 200, Color.BLACK, Color.WHITE, 1.0));
        BufferedImage img = new BufferedImage(N, N, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < once.length; i++) img.getRaster().setSample(i % N, i / N, 0, Math.round(once[i] * 255));
        Path png = dir.resolve("once.png");
        ImageIO.write(img, "png", png.toFile());
        float[] twice = DigitPreprocessor.toMnist(png);
        assertTrue(correlation(once, twice) > 0.99, "correlation " + correlation(once, twice));
        assertClose(pixels(img), twice, 0.1f);
    }

    @Test
    void grayImagesAreReadWithoutGammaConversion() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(0, 0, 0, 128);
        img.getRaster().setSample(1, 0, 0, 255);
        assertArrayEquals(new float[] {128 / 255f, 1f}, DigitPreprocessor.luminance(img), 1e-6f);
    }

    @Test
    void centreOfMassIsInPixelIndices() {
        float[] img = new float[N * N];
        img[5 * N + 3] = 1f;
        assertArrayEquals(new double[] {3, 5}, DigitPreprocessor.centreOfMass(img, N, N), 1e-12);
        img[5 * N + 4] = 3f;
        assertArrayEquals(new double[] {3.75, 5}, DigitPreprocessor.centreOfMass(img, N, N), 1e-12);
        assertArrayEquals(new double[] {13.5, 13.5}, DigitPreprocessor.centreOfMass(new float[N * N], N, N), 1e-12);
    }

    @Test
    void areaAveragingPreservesTheMeanAndInterpolationKeepsConstants() {
        float[] src = new float[40 * 30];
        for (int i = 0; i < src.length; i++) src[i] = (i * 7919 % 101) / 100f;
        float[] down = DigitPreprocessor.resample(src, 40, 30, 17, 13);
        assertEquals(mean(src), mean(down), 1e-5);
        float[] half = DigitPreprocessor.resample(new float[] {0, 1, 1, 0}, 4, 1, 2, 1);
        assertArrayEquals(new float[] {0.5f, 0.5f}, half, 1e-6f);
        float[] constant = new float[6];
        Arrays.fill(constant, 0.25f);
        float[] up = DigitPreprocessor.resample(constant, 3, 2, 20, 13);
        for (float v : up) assertEquals(0.25f, v, 1e-6f);
    }

    // -------------------------------------------------------------------------------- errors

    @Test
    void textFileRenamedPngIsAnErrorNamingTheFile() throws IOException {
        Path fake = Files.writeString(dir.resolve("digit.png"), "this is not a picture\n");
        assertError(fake, "not an image Java can read", () -> DigitPreprocessor.toMnist(fake));
    }

    @Test
    void truncatedPngIsAnErrorNamingTheFile() throws IOException {
        Path png = dir.resolve("whole.png");
        ImageIO.write(seven(300, 200, Color.BLACK, Color.WHITE, 1.0), "png", png.toFile());
        byte[] bytes = Files.readAllBytes(png);
        Path cut = Files.write(dir.resolve("cut.png"), Arrays.copyOf(bytes, bytes.length / 2));
        assertError(cut, "cannot read the image", () -> DigitPreprocessor.toMnist(cut));
    }

    @Test
    void hugeImageIsRefusedBeforeDecoding() throws IOException {
        // A 100000×100000 PNG header (a "decompression bomb"): 10 gigapixels if it were decoded
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000).put(new byte[] {8, 0, 0, 0, 0});
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.writeBytes(pngChunk("IHDR", ihdr.array()));
        png.writeBytes(pngChunk("IEND", new byte[0]));
        Path bomb = Files.write(dir.resolve("bomb.png"), png.toByteArray());
        assertError(bomb, "the image is 100000x100000 pixels; only 1 to 40 megapixels are accepted",
                () -> DigitPreprocessor.toMnist(bomb));
    }

    private static byte[] pngChunk(String type, byte[] data) {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(t).put(data).putInt((int) crc.getValue()).array();
    }

    @Test
    void blankImageHasNoInk() throws IOException {
        BufferedImage white = new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = white.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 50, 40);
        g.dispose();
        Path png = dir.resolve("blank.png");
        ImageIO.write(white, "png", png.toFile());
        assertError(png, "the image has no ink", () -> DigitPreprocessor.toMnist(png));
        WorkshopException e = assertThrows(WorkshopException.class, () -> DigitPreprocessor.toMnist(white));
        assertTrue(e.getMessage().startsWith("image: the image has no ink"), e.getMessage());
    }

    @Test
    void missingPathAndDirectoryAreErrors() {
        Path missing = dir.resolve("nope.png");
        assertError(missing, "no such file", () -> DigitPreprocessor.toMnist(missing));
        assertError(dir, "is a directory", () -> DigitPreprocessor.toMnist(dir));
    }

    // ------------------------------------------------------------------------------- helpers

    /** 784 values in [0, 1], ink within a 20×20 box, centre of mass within half a pixel of index (14, 14). */
    private static void assertMnistLike(float[] out) {
        assertEquals(N * N, out.length);
        float max = 0;
        for (float v : out) {
            assertTrue(v >= 0f && v <= 1f, "value out of [0, 1]: " + v);
            max = Math.max(max, v);
        }
        assertTrue(max > 0.9f, "strokes should be close to full ink, max " + max);
        int[] box = inkBox(out);
        int bw = box[2] - box[0] + 1;
        int bh = box[3] - box[1] + 1;
        assertTrue(bw <= 20 && bh <= 20, "ink box " + bw + "x" + bh);
        assertTrue(Math.max(bw, bh) >= 19, "digit should fill the 20-pixel box: " + bw + "x" + bh);
        double[] com = DigitPreprocessor.centreOfMass(out, N, N);
        assertEquals(14.0, com[0], 0.5, "centre of mass x");
        assertEquals(14.0, com[1], 0.5, "centre of mass y");
        // background is exactly 0 outside the ink box (the corners in particular)
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                boolean inside = x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
                if (!inside) assertEquals(0f, out[y * N + x]);
            }
        }
    }

    private static float[] pixels(BufferedImage gray) {
        float[] px = new float[N * N];
        gray.getRaster().getSamples(0, 0, N, N, 0, px);
        for (int i = 0; i < px.length; i++) px[i] /= 255f;
        return px;
    }

    /** {xmin, ymin, xmax, ymax} of the non-zero pixels. */
    private static int[] inkBox(float[] img) {
        int[] box = {N, N, -1, -1};
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                if (img[y * N + x] > 0) {
                    box[0] = Math.min(box[0], x);
                    box[1] = Math.min(box[1], y);
                    box[2] = Math.max(box[2], x);
                    box[3] = Math.max(box[3], y);
                }
            }
        }
        return box;
    }

    /** A thick "7" drawn with anti-aliasing; {@code size} 1.0 makes it 150 px tall. */
    private static BufferedImage seven(int w, int h, Color ink, Color paper, double size) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = canvas(img, paper, ink);
        g.setStroke(new BasicStroke((float) (18 * size), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double p = new Path2D.Double();
        double cx = 140, cy = 100;
        p.moveTo(cx - 45 * size, cy - 70 * size);
        p.lineTo(cx + 45 * size, cy - 70 * size);
        p.lineTo(cx - 10 * size, cy + 80 * size);
        g.draw(p);
        g.dispose();
        return img;
    }

    private static BufferedImage ring(int w, int h, Color ink, Color paper) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img, paper, ink);
        g.setStroke(new BasicStroke(16f));
        g.drawOval(90, 30, 110, 140); // off-centre, taller than wide
        g.dispose();
        return img;
    }

    private static Graphics2D canvas(BufferedImage img, Color paper, Color ink) {
        Graphics2D g = img.createGraphics();
        g.setComposite(java.awt.AlphaComposite.Src);
        g.setColor(paper);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setComposite(java.awt.AlphaComposite.SrcOver);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(ink);
        return g;
    }

    private static void assertError(Path file, String expected, org.junit.jupiter.api.function.Executable call) {
        WorkshopException e = assertThrows(WorkshopException.class, call);
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), "should name the file: " + m);
        assertTrue(m.contains(expected), "expected '" + expected + "' in: " + m);
        assertFalse(m.contains("\n"), "should be one line: " + m);
    }

    private static void assertClose(float[] expected, float[] actual, float atol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], atol, "pixel " + i);
        }
    }

    private static double correlation(float[] a, float[] b) {
        double ma = mean(a), mb = mean(b), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static double mean(float[] a) {
        double s = 0;
        for (float v : a) s += v;
        return s / a.length;
    }
}
