package nnworkshop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The dense batches' prefetch reads every image it is given to its last byte and changes nothing. */
class DatasetPrefetchTest {

    @Test
    void readsTheImagesGivenUpToTheirLastByteAndChangesNothing() {
        for (int side : new int[] {3, 28, 40}) { // images smaller than a cache line, MNIST's, over 64 · 25 bytes
            int count = 5, d = side * side;
            byte[] px = new byte[count * d];
            for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 31);
            byte[] before = px.clone();
            Dataset data = new Dataset("t", count, side, side, px, new byte[count]);
            int[] order = {4, 0, 3, 1, 2};
            data.prefetch(order, 0, count);   // the last image too: no read past the end
            data.prefetch(order, 3, 2);
            data.prefetch(order, 5, 0);
            assertArrayEquals(before, data.rawPixels());
        }
    }
}
