package nnworkshop.scratch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

import nnworkshop.data.Dataset;
import nnworkshop.data.NonZeroPixels;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Matrix;
import nnworkshop.train.Synthetic;
import nnworkshop.util.Seeds;

/**
 * A batch loaded the fast ways — bytes converted 16 at a time ({@link Matrix#setRowsFromBytes}),
 * or only the nonzero pixels listed ({@link Matrix#setRowsFromNonZeros}) — against the reference
 * {@link Normalization#gather}: the same values bit for bit.
 */
class BatchTest {

    @Test
    void bytesToFloatsEqualsGatherBitForBit() {
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
                    float[] ref = new float[batch * d];
                    n.gather(data, idx, 2, batch, ref);
                    Matrix fast = new Matrix(batch + 1, d).fill(-7f);
                    fast.setRowsFromBytes(px, idx, 2, batch, n.scale(), n.shift());
                    assertEquals(batch, fast.rows());
                    assertArrayEquals(bits(ref), bits(fast.toArray()), n + " " + s[0] + "x" + s[1] + " batch " + batch);
                }
            }
        }
    }

    @Test
    void theNonzeroListsHoldTheValuesOfGather() {
        Random rnd = new Random(12);
        for (int[] s : new int[][] {{1, 1}, {4, 4}, {28, 28}, {3, 17}}) {
            int count = 9, d = s[0] * s[1];
            byte[] px = new byte[count * d];
            for (int i = 0; i < px.length; i++) px[i] = rnd.nextInt(4) == 0 ? (byte) (1 + rnd.nextInt(255)) : 0;
            Dataset data = new Dataset("r", count, s[0], s[1], px, new byte[count]);
            NonZeroPixels nz = data.nonZeroPixels();
            int nonzero = 0;
            for (byte b : px) if (b != 0) nonzero++;
            assertEquals(nonzero, nz.start()[count]);
            assertEquals(nonzero / (double) px.length, data.nonZeroFraction(), 1e-12);
            assertSame(nz, data.nonZeroPixels(), "built once");
            int[] idx = {8, 0, 3, 3, 7, 1, 2, 5, 6, 4};
            Normalization n = new Normalization(0f, 0.5f);
            Matrix x = new Matrix(0, d);
            for (int batch : new int[] {0, 1, 4, 7}) {
                float[] ref = new float[batch * d];
                n.gather(data, idx, 2, batch, ref);
                x.setRowsFromNonZeros(nz.start(), nz.index(), nz.value(), idx, 2, batch, n.scale());
                assertTrue(x.isStoredAsNonZeros());
                assertEquals(batch, x.rows());
                assertArrayEquals(bits(ref), bits(x.toArray()), s[0] + "x" + s[1] + " batch " + batch);
            }
        }
    }

    @Test
    void aBatchTakesTheFormTheModelReadsFastest() {
        Dataset digits = Synthetic.sparseQuadrants("s", 50, 1);
        ModelSpec spec = ModelSpec.parse("64,8", null, "relu", 64, 4);
        int[] idx = new int[50];
        for (int i = 0; i < idx.length; i++) idx[i] = 49 - i;
        try (Backend fast = Backend.fastest(1)) {
            Sequential model = spec.build(Init.HE, Seeds.init(1));
            model.use(fast);
            for (Normalization n : new Normalization[] {Normalization.UNIT, new Normalization(0.1f, 0.3f)}) {
                Batch b = new Batch(n, 20, 64);
                Matrix x = b.load(model, digits, idx, 3, 20);
                assertEquals(n.keepsZeros(), x.isStoredAsNonZeros(), n + ": nonzeros only when zeros stay zero");
                float[] ref = new float[20 * 64];
                n.gather(digits, idx, 3, 20, ref);
                assertArrayEquals(bits(ref), bits(x.toArray()), n.toString());
            }
        }
        Sequential plain = spec.build(Init.HE, Seeds.init(1));
        assertFalse(new Batch(Normalization.UNIT, 20, 64).load(plain, digits, idx, 0, 20).isStoredAsNonZeros(),
                "the reference kernels read dense batches");
    }

    private static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Float.floatToRawIntBits(x[i]);
        }
        return b;
    }
}
