package nnworkshop.tensor;

import static nnworkshop.tensor.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;


class MatrixTest {
    private final Backend backend = Backend.reference();

    @Test
    void reshapingWithinCapacityKeepsTheArray() {
        Matrix m = new Matrix(64, 10);
        float[] before = m.data();
        m.reshapeRows(16);
        assertSame(before, m.data());
        assertEquals(16, m.rows());
        assertEquals(160, m.size());
        assertEquals(64, m.capacityRows());
        m.reshapeRows(64);
        assertSame(before, m.data());
        m.reshapeRows(65);
        assertTrue(m.data().length >= 650);
    }

    @Test
    void productsOnHandValues() {
        Matrix a = Matrix.of(new float[][] {{1, 2}, {3, 4}});         // (2, 2)
        Matrix b = Matrix.of(new float[][] {{1, 0}, {1, 1}, {0, 2}}); // (3, 2)
        Matrix bias = Matrix.of(new float[][] {{10, 20, 30}});
        Matrix c = new Matrix(0, 3);
        backend.multiplyNT(a, b, bias, c);                        // A·Bᵀ + b
        assertEquals("(2, 3)", c.shape());
        assertArrayEquals(new float[] {11, 23, 34, 13, 27, 38}, c.toArray());

        Matrix d = new Matrix(0, 2);
        backend.multiplyNN(c, b, d);                              // (2,3)·(3,2)
        assertArrayEquals(new float[] {11 + 23, 23 + 68, 13 + 27, 27 + 76}, d.toArray());

        Matrix e = new Matrix(0, 2);
        backend.multiplyTN(a, a, e);                              // Aᵀ·A
        assertArrayEquals(new float[] {10, 14, 14, 20}, e.toArray());
    }

    @Test
    void productsUseOnlyTheLeadingRowsOfLargerBuffers() {
        Matrix a = new Matrix(8, 2);
        a.reshapeRows(1);
        a.set(0, 0, 2);
        a.set(0, 1, 3);
        java.util.Arrays.fill(a.data(), 2, a.data().length, Float.NaN); // spare capacity holds garbage
        Matrix w = Matrix.of(new float[][] {{1, 1}});
        Matrix c = new Matrix(8, 1);
        backend.multiplyNT(a, w, null, c);
        assertEquals(1, c.rows());
        assertEquals(5f, c.get(0, 0));
    }

    @Test
    void shapeMismatchesAreCaughtAtTheEntry() {
        Matrix a = new Matrix(2, 3), b = new Matrix(4, 2), c = new Matrix(0, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.multiplyNT(a, b, null, c));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> backend.multiplyNN(a, a, new Matrix(0, 3)));
        assertThrows(IllegalArgumentException.class, () -> backend.multiplyTN(a, b, new Matrix(0, 2)));
        assertThrows(IllegalArgumentException.class, () -> backend.multiplyNT(a, a, null, new Matrix(0, 3)));
        assertThrows(IllegalArgumentException.class, () -> backend.multiplyNT(a, a, new Matrix(1, 3), new Matrix(0, 2)));
        assertThrows(IllegalArgumentException.class, () -> Matrix.wrap(new float[5], 2, 3));
        Matrix sq = new Matrix(2, 2);
        assertThrows(IllegalArgumentException.class, () -> backend.multiplyNN(sq, sq, sq));
    }

    @Test
    void sumRowsIsTheBiasGradient() {
        Matrix a = Matrix.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Matrix out = new Matrix(1, 3);
        Matrix.sumRows(a, out);
        assertArrayEquals(new float[] {5, 7, 9}, out.toArray());
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        Matrix z = Matrix.of(new float[][] {{1000, 1001, 1002}, {-1000, -1000, -1000}, {0, 0, 0}});
        Matrix p = new Matrix(0, 3);
        Matrix.softmaxRows(z, p);
        double e1 = Math.exp(-1), e2 = Math.exp(-2), s = 1 + e1 + e2;
        assertClose(p, new float[] {(float) (e2 / s), (float) (e1 / s), (float) (1 / s),
                1 / 3f, 1 / 3f, 1 / 3f, 1 / 3f, 1 / 3f, 1 / 3f}, 1e-6, 0);
    }

    @Test
    void argmaxTakesTheFirstOfTies() {
        int[] out = new int[2];
        Matrix.argmaxRows(Matrix.of(new float[][] {{1, 3, 3}, {-1, -2, -3}}), out);
        assertArrayEquals(new int[] {1, 0}, out);
    }

    @Test
    void emptyAndSingleShapesWork() {
        Matrix a = new Matrix(0, 4), w = new Matrix(3, 4), c = new Matrix(0, 3);
        backend.multiplyNT(a, w, null, c);
        assertEquals(0, c.rows());
        Matrix one = Matrix.of(new float[][] {{2}});
        Matrix r = new Matrix(0, 1);
        backend.multiplyNN(one, one, r);
        assertEquals(4f, r.get(0, 0));
    }
}
