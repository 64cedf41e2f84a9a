package nnworkshop.nn;

import static nnworkshop.tensor.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import nnworkshop.tensor.Matrix;

class DenseTest {

    /** W (3, 2) = [[1,2],[3,4],[5,6]], b = [0.1, 0.2, 0.3]. */
    private static Dense layer() {
        Dense d = new Dense("0", 2, 3);
        System.arraycopy(new float[] {1, 2, 3, 4, 5, 6}, 0, d.weight().value().data(), 0, 6);
        System.arraycopy(new float[] {0.1f, 0.2f, 0.3f}, 0, d.bias().value().data(), 0, 3);
        return d;
    }

    @Test
    void forwardIsXTimesWTransposedPlusB() {
        Matrix z = layer().forward(Matrix.of(new float[][] {{1, 1}, {2, -1}}));
        assertEquals("(2, 3)", z.shape());
        // row 0: [1+2, 3+4, 5+6] + b; row 1: [2-2, 6-4, 10-6] + b
        assertClose(z, new float[] {3.1f, 7.2f, 11.3f, 0.1f, 2.2f, 4.3f}, 1e-7, 0);
    }

    @Test
    void backwardGivesDwDbDx() {
        Dense d = layer();
        d.forward(Matrix.of(new float[][] {{1, 1}, {2, -1}}));
        Matrix dX = d.backward(Matrix.of(new float[][] {{1, 0, -1}, {0.5f, 1, 2}}));
        // dW = dZᵀ·X: row r = Σ_i dZ[i,r]·X[i,:]
        assertArrayEquals(new float[] {2, 0.5f, 2, -1, 3, -3}, d.weight().grad().toArray());
        // db = Σ_rows dZ
        assertArrayEquals(new float[] {1.5f, 1, 1}, d.bias().grad().toArray());
        // dX = dZ·W
        assertArrayEquals(new float[] {-4, -4, 13.5f, 17}, dX.toArray());
    }

    @Test
    void firstLayerSkipsTheInputGradient() {
        Dense d = layer();
        d.setInputGradient(false);
        d.forward(Matrix.of(new float[][] {{1, 1}}));
        assertNull(d.backward(Matrix.of(new float[][] {{1, 1, 1}})));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, d.weight().grad().toArray());
    }

    @Test
    void partialBatchReusesTheBuffers() {
        Dense d = layer();
        d.reserve(4);
        Matrix full = d.forward(new Matrix(4, 2));
        float[] buffer = full.data();
        Matrix part = d.forward(new Matrix(1, 2));
        assertSame(full, part);
        assertSame(buffer, part.data());
        assertEquals(1, part.rows());
    }

    @Test
    void wrongShapesAreRejected() {
        Dense d = layer();
        assertThrows(IllegalArgumentException.class, () -> d.forward(new Matrix(2, 3)));
        d.forward(new Matrix(2, 2));
        assertThrows(IllegalArgumentException.class, () -> d.backward(new Matrix(3, 3)));
        assertThrows(IllegalArgumentException.class, () -> new Dense("0", 0, 3));
    }

    @Test
    void parametersHavePyTorchNamesAndShapes() {
        Dense d = new Dense("4", 128, 10);
        assertEquals("4.weight", d.weight().name());
        assertArrayEquals(new int[] {10, 128}, d.weight().shape());
        assertEquals("4.bias", d.bias().name());
        assertArrayEquals(new int[] {10}, d.bias().shape());
        assertEquals("Linear(in_features=128, out_features=10)", d.toString());
    }
}
