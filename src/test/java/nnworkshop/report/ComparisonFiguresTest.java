package nnworkshop.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.data.Dataset;
import nnworkshop.tensor.Tensor;

/** Part 5's figures on small made-up inputs: real PNGs, not blank, and the choices behind them. */
class ComparisonFiguresTest {
    @TempDir Path tmp;

    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    @Test
    void parityPlotWithExactTiesAndCheckpoints() {
        double[] rel = new double[300];
        for (int i = 0; i < rel.length; i++) rel[i] = i % 7 == 0 ? 0 : 1e-7 * (1 + i / 30.0);
        Path p = ComparisonFigures.parity(rel, 100, new int[] {0, 50, 100, 150}, new double[] {1e-7, 0, 2e-7, 3e-7},
                new double[] {5e-7, 6e-7, 7e-7, 8e-7}, 1e-4, tmp.resolve("parity.png"));
        PngChecks.assertPng(p, 1200, 520, 50);
        assertEquals("1e-4", ComparisonFigures.powerOfTen(1e-4));
        assertEquals("1e-9", ComparisonFigures.powerOfTen(1e-9));
        assertEquals("2.5e-05", ComparisonFigures.powerOfTen(2.5e-5));
    }

    @Test
    void confusionHeatMap() {
        int[][] cm = new int[10][10];
        for (int i = 0; i < 10; i++) {
            cm[i][i] = 900 + i;
            cm[i][(i + 1) % 10] = i;
        }
        BufferedImage img = PngChecks.assertPng(ComparisonFigures.confusion(cm, DIGITS, "Confusion", tmp.resolve("cm.png")),
                760, 700, 30);
        // the darkest cells are the diagonal's colour at the scale's top
        assertTrue(PngChecks.hasColour(img, 0x08306B), "the largest count is drawn in the top colour");
        assertThrows(IllegalArgumentException.class, () -> ComparisonFigures.confusionChart(cm, List.of("a", "b"), "x"));
    }

    @Test
    void logPaintScaleShowsSmallCounts() {
        ComparisonFigures.LogPaintScale s = new ComparisonFigures.LogPaintScale(999, java.awt.Color.WHITE, java.awt.Color.BLACK);
        assertEquals(0, s.fraction(0));
        assertEquals(1, s.fraction(999), 1e-12);
        assertEquals(0.5, s.fraction(Math.sqrt(1000) - 1), 1e-12); // log scale: √(1 + max) − 1 is half-way
        assertTrue(s.fraction(1) > 0.09, "a single mistake is visibly coloured (linear would give 0.001)");
    }

    @Test
    void mistakesAreSortedByConfidence() {
        int n = 6;
        byte[] px = new byte[n * 784];
        for (int i = 0; i < px.length; i += 3) px[i] = (byte) 200;
        Dataset test = new Dataset("t", n, 28, 28, px, new byte[] {0, 1, 2, 3, 4, 5});
        int[] predicted = {0, 7, 2, 8, 9, 5};        // wrong: 1, 3, 4
        float[] confidence = {0.9f, 0.6f, 0.8f, 0.95f, 0.6f, 0.7f};
        assertArrayEquals(new int[] {3, 1, 4}, ComparisonFigures.mistakesByConfidence(test, predicted, confidence)); // ties by index
        BufferedImage img = ComparisonFigures.renderMisclassified(test, predicted, confidence, DIGITS, 24, 6, "Mistakes");
        PngChecks.assertNotBlank(img, 2, "gallery");
        BufferedImage none = ComparisonFigures.renderMisclassified(test, new int[] {0, 1, 2, 3, 4, 5}, confidence, DIGITS, 24, 6, "None");
        assertTrue(none.getWidth() > 100, "a gallery without mistakes says so");
    }

    @Test
    void weightImagesUseASymmetricRange() {
        float[] w = new float[4 * 784];
        for (int i = 0; i < w.length; i++) w[i] = (float) Math.sin(i * 0.01) * 0.1f;
        w[5] = 10f; // one outlier
        Tensor t = new Tensor(new int[] {4, 784}, w);
        assertEquals(10f, ComparisonFigures.symmetricRange(4, 1.0, t), 1e-6);
        double r = ComparisonFigures.symmetricRange(4, 0.99, t);
        assertTrue(r < 0.11 && r > 0.09, "the 99th percentile ignores the outlier: " + r);
        Path p = ComparisonFigures.firstLayerWeights(t, 32, r, 28, 28, 8, "Weights", tmp.resolve("w.png"));
        BufferedImage img = PngChecks.read(p);
        PngChecks.assertNotBlank(img, 50, "weights");
        assertTrue(PngChecks.hasColour(img, 0xFFFFFF) && PngChecks.hasColour(img, 0xB2182B) && PngChecks.hasColour(img, 0x2166AC),
                "white, full red and full blue are all used");
        assertThrows(IllegalArgumentException.class,
                () -> ComparisonFigures.renderFirstLayerWeights(new Tensor(new int[] {2, 10}, new float[20]), 2, 1, 28, 28, 8, "x"));
    }
}
