package nnworkshop.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The nonzero pixels of every image of a {@link Dataset}, listed: image i's are
 * {@code [start[i], start[i+1])} of {@code index} (pixel positions, increasing, read
 * {@code & 0xFFFF}) and {@code value} (the raw bytes). Four MNIST pixels in five are background
 * zeros, so a batch read from these lists ({@code Matrix.setRowsFromNonZeros}) skips them: about 3
 * bytes per nonzero pixel, 25 MB for MNIST's 60,000 training images.
 */
public record NonZeroPixels(int[] start, short[] index, byte[] value, int features) {

    /** Images with more pixels than this have no lists (positions are 16-bit). */
    public static final int MAX_FEATURES = 1 << 16;

    /**
     * Lists the nonzero pixels of {@code count} images of {@code features} bytes each: a count per
     * image, then the lists, reading 8 pixels at a time (runs of background zeros are skipped a
     * word at a time, the nonzero bytes of a word found with bit arithmetic).
     */
    static NonZeroPixels of(byte[] pixels, int count, int features) {
        if (features > MAX_FEATURES) throw new IllegalArgumentException(features + " pixels per image is over " + MAX_FEATURES);
        int[] start = new int[count + 1];
        for (int i = 0; i < count; i++) {
            start[i + 1] = start[i] + countNonZero(pixels, i * features, features);
        }
        short[] index = new short[start[count]];
        byte[] value = new byte[start[count]];
        for (int i = 0; i < count; i++) {
            list(pixels, i * features, features, start[i], index, value);
        }
        return new NonZeroPixels(start, index, value, features);
    }

    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Nonzero bytes in {@code px[from .. from+n)}. */
    static int countNonZero(byte[] px, int from, int n) {
        int c = 0, p = 0;
        for (; p + 8 <= n; p += 8) {
            long w = (long) WORD.get(px, from + p);
            if (w != 0) c += Long.bitCount(nonZeroBytes(w));
        }
        for (; p < n; p++) c += px[from + p] != 0 ? 1 : 0;
        return c;
    }

    /** The high bit of each byte of {@code w} that is not zero (and no other bit). */
    static long nonZeroBytes(long w) {
        // the low 7 bits of a byte plus 0x7F carry into its high bit iff they are not all zero
        return (((w & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | w) & 0x8080808080808080L;
    }

    /** Writes the positions (from 0) and values of the nonzero bytes of {@code px[from .. from+n)} at {@code at}. */
    static void list(byte[] px, int from, int n, int at, short[] index, byte[] value) {
        int p = 0;
        for (; p + 8 <= n; p += 8) {
            long w = (long) WORD.get(px, from + p);
            if (w == 0) continue;
            for (long m = nonZeroBytes(w); m != 0; m &= m - 1) {
                int q = p + (Long.numberOfTrailingZeros(m) >>> 3); // little-endian: byte k is bits 8k..8k+7
                index[at] = (short) q;
                value[at++] = px[from + q];
            }
        }
        for (; p < n; p++) {
            byte b = px[from + p];
            if (b != 0) {
                index[at] = (short) p;
                value[at++] = b;
            }
        }
    }

    /**
     * Reads one element of every cache line of image i's lists — a software prefetch: a later
     * gather of the image then finds them in cache. The loads of many images overlap, where the
     * gather's own would wait for each line in turn. Returns a value that depends on the loads.
     */
    int touch(int i) {
        int s = start[i], e = start[i + 1], acc = 0;
        for (int q = s; q < e; q += 32) acc += index[q];
        for (int q = s; q < e; q += 64) acc += value[q];
        return acc;
    }

    /**
     * Brings the lists of images {@code indices[from .. from+count)} into cache ahead of their use: a
     * training loop calls it for the next batch, so that batch's lists (spread over 25 MB for MNIST)
     * arrive while the current one trains. Changes nothing.
     */
    public void prefetch(int[] indices, int from, int count) {
        int acc = 0;
        for (int r = 0; r < count; r++) acc += touch(indices[from + r]);
        sink = acc;
    }

    @SuppressWarnings("unused")
    private static volatile int sink; // keeps prefetch's loads

    /** Number of images. */
    public int count() {
        return start.length - 1;
    }

}
