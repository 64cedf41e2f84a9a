package nnworkshop.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.explore.DatasetStats.Split;

/** DatasetStats on tiny 2×2 data sets whose statistics are worked out by hand below. */
class DatasetStatsTest {

    static void assertClose(double actual, double expected, double rtol, double atol, String what) {
        if (Double.isNaN(actual) || Math.abs(actual - expected) > atol + rtol * Math.abs(expected)) {
            fail(what + ": expected " + expected + " but was " + actual);
        }
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    // training images (2×2), on the [0, 1] scale:
    //   #0 label 0: 0 1 0 1      #1 label 1: 1 1 0 0      #2 label 0: 0.2 0 0.4 0
    static final Dataset TRAIN = new Dataset("tiny/train", 3, 2, 2,
            bytes(0, 255, 0, 255, 255, 255, 0, 0, 51, 0, 102, 0), bytes(0, 1, 0));
    static final Dataset VALIDATION = new Dataset("tiny/val", 1, 2, 2, bytes(9, 9, 9, 9), bytes(2));
    static final Dataset TEST = new Dataset("tiny/test", 2, 2, 2, bytes(1, 2, 3, 4, 5, 6, 7, 8), bytes(1, 1));

    @Test
    void countsPerSplitAndClass() {
        DatasetStats s = DatasetStats.compute(TRAIN, VALIDATION, TEST, 3);
        assertArrayEquals(new int[] {3, 1, 2}, s.counts());
        assertEquals(6, s.totalCount());
        assertEquals(3, s.count(Split.TRAIN));
        assertArrayEquals(new int[] {2, 1, 0}, s.classCounts(Split.TRAIN));
        assertArrayEquals(new int[] {0, 0, 1}, s.classCounts(Split.VALIDATION));
        assertArrayEquals(new int[] {0, 2, 0}, s.classCounts(Split.TEST));
        assertEquals(2, s.rows());
        assertEquals(2, s.cols());
        assertEquals(3, s.numClasses());
    }

    @Test
    void pixelMeanStdAndHistogramOfTheTrainingSplitOnly() {
        DatasetStats s = DatasetStats.compute(TRAIN, VALIDATION, TEST, 3);
        // mean = (2 + 2 + 0.6) / 12 = 0.38333...; E[x²] = (2 + 2 + 0.04 + 0.16) / 12 = 0.35;
        // var = 0.35 − 0.38333² = 0.2030556; std = 0.4506169 (population std)
        assertClose(s.pixelMean(), 0.38333333333333336, 1e-6, 0, "mean");
        assertClose(s.pixelStd(), 0.4506168611531925, 1e-6, 0, "std");
        // one definition: exactly what the network's normalisation uses
        Normalization n = Normalization.fit(TRAIN);
        assertEquals(n.mean(), s.pixelMean());
        assertEquals(n.std(), s.pixelStd());

        long[] h = s.histogram();
        assertEquals(256, h.length);
        assertEquals(6, h[0]);
        assertEquals(4, h[255]);
        assertEquals(1, h[51]);
        assertEquals(1, h[102]);
        long total = 0;
        for (long c : h) total += c;
        assertEquals(12, total, "validation and test pixels are not counted");
    }

    @Test
    void classMeanImages() {
        DatasetStats s = DatasetStats.compute(TRAIN, VALIDATION, TEST, 3);
        float[] m0 = s.classMean(0); // (#0 + #2) / 2
        float[] expected0 = {0.1f, 0.5f, 0.2f, 0.5f};
        for (int p = 0; p < 4; p++) assertClose(m0[p], expected0[p], 1e-7, 0, "class 0 pixel " + p);
        assertArrayEquals(new float[] {1f, 1f, 0f, 0f}, s.classMean(1));
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, s.classMean(2), "no training image of class 2");
        assertEquals(3, s.classMeans().length);
    }

    @Test
    void noValidationSplit() {
        DatasetStats s = DatasetStats.compute(TRAIN, null, TEST, 3);
        assertEquals(0, s.count(Split.VALIDATION));
        assertArrayEquals(new int[3], s.classCounts(Split.VALIDATION));
    }

    @Test
    void accessorsReturnCopies() {
        DatasetStats s = DatasetStats.compute(TRAIN, VALIDATION, TEST, 3);
        s.counts()[0] = 99;
        s.classCounts()[0][0] = 99;
        s.classCounts(Split.TRAIN)[0] = 99;
        s.histogram()[0] = 99;
        s.classMeans()[1][0] = 99;
        s.classMean(1)[0] = 99;
        assertEquals(3, s.count(Split.TRAIN));
        assertEquals(2, s.classCounts(Split.TRAIN)[0]);
        assertEquals(6, s.histogram()[0]);
        assertEquals(1f, s.classMean(1)[0]);
    }

    @Test
    void badInputsAreClearUserErrors() {
        WorkshopException label = assertThrows(WorkshopException.class,
                () -> DatasetStats.compute(TRAIN, VALIDATION, TEST, 2)); // validation has label 2
        assertTrue(label.getMessage().contains("tiny/val") && label.getMessage().contains("label 2"), label.getMessage());

        Dataset wide = new Dataset("wide", 1, 1, 4, bytes(0, 0, 0, 0), bytes(0));
        WorkshopException shape = assertThrows(WorkshopException.class,
                () -> DatasetStats.compute(TRAIN, null, wide, 3));
        assertTrue(shape.getMessage().contains("1x4"), shape.getMessage());

        Dataset empty = new Dataset("empty", 0, 2, 2, new byte[0], new byte[0]);
        assertThrows(WorkshopException.class, () -> DatasetStats.compute(empty, null, TEST, 3));
    }
}
