package nnworkshop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Normalization#gatherFast} and {@link Normalization#gatherSparse} against the reference {@link Normalization#gather}: bit for bit. */
class GatherFastTest {

    @Test
    void gatherFastEqualsGatherBitForBit() {
        Random rnd = new Random(11);
        int[][] shapes = {{1, 1}, {1, 2}, {4, 4}, {5, 7}, {28, 28}, {3, 17}}; // rows × cols of an image
        for (int[] s : shapes) {
            int count = 9, d = s[0] * s[1];
            byte[] px = new byte[count * d];
            rnd.nextBytes(px);
            Dataset data = new Dataset("r", count, s[0], s[1], px, new byte[count]);
            int[] idx = {8, 0, 3, 3, 7, 1, 2, 5, 6, 4};
            for (Normalization n : new Normalization[] {Normalization.UNIT, new Normalization(0.1307f, 0.3081f)}) {
                for (int batch : new int[] {0, 1, 4, 7}) {
                    float[] ref = new float[(batch + 1) * d];
                    float[] fast = new float[(batch + 1) * d];
                    java.util.Arrays.fill(ref, -7f);
                    java.util.Arrays.fill(fast, -7f);
                    n.gather(data, idx, 2, batch, ref);
                    n.gatherFast(data, idx, 2, batch, fast);
                    assertArrayEquals(bits(ref), bits(fast), n + " " + s[0] + "x" + s[1] + " batch " + batch);
                }
            }
        }
    }

    @Test
    void gatherSparseHoldsTheNonzerosOfGather() {
        Random rnd = new Random(12);
        for (int[] s : new int[][] {{1, 1}, {4, 4}, {28, 28}, {3, 17}}) {
            int count = 9, d = s[0] * s[1];
            byte[] px = new byte[count * d];
            for (int i = 0; i < px.length; i++) px[i] = rnd.nextInt(4) == 0 ? (byte) (1 + rnd.nextInt(255)) : 0;
            Dataset data = new Dataset("r", count, s[0], s[1], px, new byte[count]);
            NonZeroPixels nz = data.nonZeroPixels();
            int nonzero = 0;
            for (byte b : px) if (b != 0) nonzero++;
            org.junit.jupiter.api.Assertions.assertEquals(nonzero, nz.start()[count]);
            org.junit.jupiter.api.Assertions.assertEquals(nonzero / (double) px.length, data.nonZeroFraction(), 1e-12);
            org.junit.jupiter.api.Assertions.assertSame(nz, data.nonZeroPixels(), "built once");
            int[] idx = {8, 0, 3, 3, 7, 1, 2, 5, 6, 4};
            Normalization n = new Normalization(0f, 0.5f);
            nnworkshop.tensor.kernel.SparseRows rows = new nnworkshop.tensor.kernel.SparseRows();
            for (int batch : new int[] {0, 1, 4, 7}) {
                float[] ref = new float[batch * d];
                n.gather(data, idx, 2, batch, ref);
                n.gatherSparse(data, idx, 2, batch, rows);
                org.junit.jupiter.api.Assertions.assertEquals(batch, rows.rows());
                assertArrayEquals(bits(ref), bits(rows.toDense()), s[0] + "x" + s[1] + " batch " + batch);
            }
        }
        Dataset data = new Dataset("r", 1, 2, 2, new byte[] {0, 5, 0, 0}, new byte[1]);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> new Normalization(0.1f, 1f)
                .gatherSparse(data, new int[] {0}, 0, 1, new nnworkshop.tensor.kernel.SparseRows()));
    }

    private static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Float.floatToRawIntBits(x[i]);
        }
        return b;
    }
}
