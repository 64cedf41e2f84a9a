package nnworkshop.tensor;

import static nnworkshop.tensor.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The three products of a dense layer on every path the backend can choose — the reference loops;
 * the fast kernels on W; on the transposed working copy over the input's active columns; over
 * the input's nonzero entries — give the same values: bit for bit among the fast paths, within
 * float rounding of the reference (which sums in double).
 */
class BackendTest {
    private static final int N = 13, D = 40, H = 9;

    /** X (N, D) of pixel-like values: two in three zero, and columns 0-4 and 30-39 zero in every row. */
    private static byte[] pixels(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[N * D];
        for (int i = 0; i < N; i++) {
            for (int j = 5; j < 30; j++) px[i * D + j] = r.nextInt(3) == 0 ? (byte) (1 + r.nextInt(255)) : 0;
        }
        return px;
    }

    private static Parameter weight(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Matrix w = new Matrix(H, D);
        for (int i = 0; i < w.size(); i++) w.data()[i] = (float) (r.nextDouble() - 0.5);
        return new Parameter("0.weight", new int[] {H, D}, w);
    }

    private static Parameter bias() {
        Matrix b = new Matrix(1, H);
        for (int i = 0; i < H; i++) b.data()[i] = 0.1f * i;
        return new Parameter("0.bias", new int[] {H}, b);
    }

    /** Z, dW and dX for one path. */
    private static float[][] run(Backend backend, boolean firstLayer, boolean asNonZeros, byte[] px) {
        Parameter w = weight(1), b = bias();
        backend.register(w, !firstLayer);
        int[] rows = new int[N];
        for (int i = 0; i < N; i++) rows[i] = i;
        Matrix x = new Matrix(N, D);
        float scale = 1f / 255f;
        if (asNonZeros) {
            int[] start = new int[N + 1];
            int entries = 0;
            for (byte p : px) if (p != 0) entries++;
            short[] index = new short[entries];
            byte[] value = new byte[entries];
            int at = 0;
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < D; j++) {
                    if (px[i * D + j] != 0) {
                        index[at] = (short) j;
                        value[at++] = px[i * D + j];
                    }
                }
                start[i + 1] = at;
            }
            x.setRowsFromNonZeros(start, index, value, rows, 0, N, scale);
        } else {
            x.setRowsFromBytes(px, rows, 0, N, scale, 0f);
        }
        Matrix z = new Matrix(0, H);
        backend.linear(x, w, b, z);
        Matrix dZ = z.copy();
        backend.weightGradient(dZ, x, w);
        Matrix dX = new Matrix(0, D);
        backend.inputGradient(dZ, w, dX);
        return new float[][] {z.toArray(), w.grad().toArray(), dX.toArray()};
    }

    @Test
    void everyPathGivesTheSameProducts() {
        byte[] px = pixels(7);
        float[][] ref = run(Backend.reference(), true, false, px);
        try (Backend one = Backend.fastest(1); Backend two = Backend.fastest(2)) {
            assertTrue(one.skipsZeros() || !Backend.vectorApiAvailable());
            float[][] plain = run(one, false, false, px);       // not a first layer: W itself
            for (Backend fast : new Backend[] {one, two}) {
                for (boolean nonZeros : new boolean[] {false, true}) {
                    float[][] got = run(fast, true, nonZeros, px);
                    for (int i = 0; i < 3; i++) {
                        assertArrayEquals(plain[i], got[i], fast + (nonZeros ? " nonzeros " : " dense ") + i);
                        assertClose(got[i], ref[i], 1e-5, 1e-6);
                    }
                }
            }
        }
    }

    @Test
    void aForwardRescansAnInputWrittenSinceTheLastOne() {
        try (Backend fast = Backend.fastest(1)) {
            Parameter w = weight(2), b = bias();
            fast.register(w, false);
            Matrix x = new Matrix(2, D);                    // all zero: no active column
            Matrix z = new Matrix(0, H), expected = new Matrix(0, H);
            fast.linear(x, w, b, z);
            float[] xs = x.data();
            xs[3] = 1f;                                       // written through the array handed out earlier
            xs[D + 35] = 2f;
            fast.linear(x, w, b, z);
            Backend.reference().linear(x, w, b, expected);
            assertClose(z.toArray(), expected.toArray(), 1e-6, 1e-6);
        }
    }

    @Test
    void shapesAreCheckedOnceAtTheEntry() {
        Backend ref = Backend.reference();
        Parameter w = weight(3), b = bias();
        Matrix z = new Matrix(0, H);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ref.linear(new Matrix(2, D + 1), w, b, z));
        assertTrue(e.getMessage().contains("0.weight"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ref.weightGradient(new Matrix(2, H + 1), new Matrix(2, D), w));
        assertThrows(IllegalArgumentException.class, () -> ref.inputGradient(new Matrix(2, H), w, new Matrix(0, D - 1)));
    }
}
