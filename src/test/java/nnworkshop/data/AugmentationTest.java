package nnworkshop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import nnworkshop.WorkshopException;

class AugmentationTest {
    /** Ten 28×28 "digits": a bar whose position depends on the image. */
    private static Dataset bars() {
        int n = 10, d = 784;
        byte[] px = new byte[n * d], lb = new byte[n];
        for (int i = 0; i < n; i++) {
            for (int y = 6; y < 22; y++) for (int x = 10 + i / 2; x < 14 + i / 2; x++) px[i * d + y * 28 + x] = (byte) 255;
            lb[i] = (byte) i;
        }
        return new Dataset("bars", n, 28, 28, px, lb);
    }

    @Test
    void keepsTheOriginalsThenAddsCopiesWithTheirLabels() {
        Dataset src = bars();
        Dataset aug = Augmentation.DEFAULT.expand(src, 2, 42);
        assertEquals(30, aug.count());
        assertArrayEquals(src.rawPixels(), Arrays.copyOf(aug.rawPixels(), src.rawPixels().length));
        for (int i = 0; i < 30; i++) assertEquals(i % 10, aug.label(i));
        for (int c = 1; c <= 2; c++) {
            for (int i = 0; i < 10; i++) {
                byte[] a = Arrays.copyOfRange(aug.rawPixels(), (c * 10 + i) * 784, (c * 10 + i + 1) * 784);
                byte[] o = Arrays.copyOfRange(src.rawPixels(), i * 784, (i + 1) * 784);
                assertFalse(Arrays.equals(a, o), "copy " + c + " of image " + i + " is unchanged");
                int ink = 0;
                for (byte b : a) ink += b & 0xFF;
                int orig = 64 * 255;
                assertTrue(ink > orig / 3 && ink < orig * 3, "ink " + ink + " far from the original's " + orig);
            }
        }
    }

    @Test
    void sameSeedSameImagesOtherSeedOthers() {
        Dataset src = bars();
        assertArrayEquals(Augmentation.DEFAULT.expand(src, 1, 7).rawPixels(), Augmentation.DEFAULT.expand(src, 1, 7).rawPixels());
        assertFalse(Arrays.equals(Augmentation.DEFAULT.expand(src, 1, 7).rawPixels(), Augmentation.DEFAULT.expand(src, 1, 8).rawPixels()));
    }

    @Test
    void noAugmentationIsTheIdentity() {
        Dataset src = bars();
        Dataset same = new Augmentation(0, 0, 0, 0).expand(src, 1, 1);
        assertArrayEquals(Arrays.copyOf(same.rawPixels(), 7840), Arrays.copyOfRange(same.rawPixels(), 7840, 15680));
    }

    @Test
    void aShiftMovesTheInkByAtMostTheShift() {
        float[] img = new float[784], out = new float[784], tmp = new float[784];
        img[14 * 28 + 14] = 1;
        new Augmentation(2, 0, 0, 0).apply(img, out, tmp, 28, 28, new SplittableRandom(3));
        double[] c = DigitPreprocessor.centreOfMass(out, 28, 28);
        assertTrue(Math.abs(c[0] - 14) <= 2.0001 && Math.abs(c[1] - 14) <= 2.0001, Arrays.toString(c));
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThrows(WorkshopException.class, () -> new Augmentation(-1, 0, 0, 0));
        assertThrows(WorkshopException.class, () -> new Augmentation(0, 90, 0, 0));
        assertThrows(WorkshopException.class, () -> new Augmentation(0, 0, 0, 2));
    }
}
