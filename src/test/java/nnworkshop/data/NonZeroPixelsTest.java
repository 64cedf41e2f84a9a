package nnworkshop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time listing of nonzero pixels against a byte-by-byte scan. */
class NonZeroPixelsTest {

    @Test
    void listsEveryNonzeroByteWhateverItsBitsAndPlace() {
        byte[] edge = {0, 1, (byte) 0x80, 0x7F, (byte) 0xFF, 0x10, 0, 0};
        Random rnd = new Random(3);
        for (int features : new int[] {1, 7, 8, 9, 16, 17, 784}) {
            int count = 40;
            byte[] px = new byte[count * features];
            for (int i = 0; i < px.length; i++) {
                int kind = rnd.nextInt(4);
                px[i] = kind == 0 ? edge[rnd.nextInt(edge.length)] : kind == 1 ? (byte) rnd.nextInt(256) : 0;
            }
            if (features > 8) Arrays.fill(px, 0, features, (byte) 0); // an empty image
            NonZeroPixels nz = NonZeroPixels.of(px, count, features);
            int c = 0;
            for (int i = 0; i < count; i++) {
                assertEquals(c, nz.start()[i], "start of image " + i);
                for (int p = 0; p < features; p++) {
                    byte b = px[i * features + p];
                    if (b != 0) {
                        assertEquals(p, nz.index()[c] & 0xFFFF, features + " features, image " + i);
                        assertEquals(b, nz.value()[c]);
                        c++;
                    }
                }
            }
            assertEquals(c, nz.start()[count]);
            assertEquals(c, nz.index().length);
            assertEquals(NonZeroPixels.countNonZero(px, 0, px.length), c);
        }
        assertEquals(0x8080808080808080L, NonZeroPixels.nonZeroBytes(0x0180FF7F01100102L));
        assertEquals(0x0000800000000080L, NonZeroPixels.nonZeroBytes(0x0000010000000080L));
        assertArrayEquals(new int[] {0, 0}, NonZeroPixels.of(new byte[3], 1, 3).start());
    }
}
