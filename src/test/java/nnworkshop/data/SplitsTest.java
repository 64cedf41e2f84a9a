package nnworkshop.data;

import static nnworkshop.data.TestData.assertWorkshopError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SplitsTest {
    /** A data set whose image i has its index written in its first two pixels, to trace rows. */
    static Dataset indexed(int n) {
        byte[] px = new byte[n * 4];
        byte[] lb = new byte[n];
        for (int i = 0; i < n; i++) {
            px[i * 4] = (byte) (i >>> 8);
            px[i * 4 + 1] = (byte) i;
            lb[i] = (byte) (i % 10);
        }
        return new Dataset("idx", n, 2, 2, px, lb);
    }

    static int[] ids(Dataset d) {
        int[] out = new int[d.count()];
        for (int i = 0; i < out.length; i++) out[i] = d.pixel(i, 0) << 8 | d.pixel(i, 1);
        return out;
    }

    @Test
    void sizesDisjointAndUnionIsAll() {
        Dataset all = indexed(1000);
        Splits.Split s = Splits.trainValidation(all, 120, 7);
        assertEquals(880, s.train().count());
        assertEquals(120, s.validation().count());
        int[] union = new int[1000];
        int k = 0;
        for (int id : ids(s.train())) union[k++] = id;
        for (int id : ids(s.validation())) union[k++] = id;
        Arrays.sort(union);
        for (int i = 0; i < 1000; i++) assertEquals(i, union[i], "each image exactly once");
        // labels travel with their images
        int[] v = ids(s.validation());
        for (int i = 0; i < v.length; i++) assertEquals(v[i] % 10, s.validation().label(i));
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Dataset all = indexed(1000);
        int[] a = ids(Splits.trainValidation(all, 100, 42).validation());
        int[] b = ids(Splits.trainValidation(all, 100, 42).validation());
        int[] c = ids(Splits.trainValidation(all, 100, 43).validation());
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void theAlgorithmIsFixed() {
        // Pinned: changing the shuffle would silently change every recorded experiment.
        int[] v = ids(Splits.trainValidation(indexed(20), 5, 1).validation());
        int[] again = ids(Splits.trainValidation(indexed(20), 5, 1).validation());
        assertArrayEquals(again, v);
        assertArrayEquals(expectedFisherYates(20, 5, 1), v);
    }

    /** The documented algorithm, written out independently. */
    static int[] expectedFisherYates(int n, int k, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        int[] v = Arrays.copyOf(p, k);
        Arrays.sort(v);
        return v;
    }

    @Test
    void zeroValidationKeepsEverything() {
        Splits.Split s = Splits.trainValidation(indexed(10), 0, 1);
        assertEquals(10, s.train().count());
        assertEquals(0, s.validation().count());
    }

    @Test
    void badSizes() {
        Dataset d = indexed(10);
        assertWorkshopError(() -> Splits.trainValidation(d, -1, 1), "validation size -1", "0 to 9");
        assertWorkshopError(() -> Splits.trainValidation(d, 10, 1), "validation size 10", "10 images");
    }

    @Test
    void defaultIs5000() {
        assertEquals(5000, Splits.DEFAULT_VALIDATION);
    }
}
