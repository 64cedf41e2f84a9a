package nnworkshop.tensor;

import static nnworkshop.tensor.FirstLayerFixtures.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Where a first layer's working copy of Wᵀ starts in its array ({@link Parameter#moveTransposed}),
 * and where the weight gradient's copy of dZ does ({@link Backend#placeFirstLayerArrays}), changes
 * only the speed: every product and update gives the same bits at every offset, on sparse and dense
 * batches, on 1 and 2 threads.
 */
class TransposedPlacementTest {
    private static Parameter bias(long seed) {
        return new Parameter("0.bias", new int[] {OUT}, gaussian(1, OUT, 0.1f, seed));
    }

    /** A batch with every pixel set, or, {@code sparse}, a fifth of them, stored as its nonzeros. */
    private static Matrix batch(boolean sparse, long seed) {
        Random r = new Random(seed);
        Matrix x = new Matrix(BATCH, IN);
        if (!sparse) {
            for (int i = 0; i < x.data().length; i++) x.data()[i] = (float) r.nextGaussian();
            return x;
        }
        int[] start = new int[BATCH + 1];
        short[] index = new short[BATCH * IN];
        byte[] value = new byte[BATCH * IN];
        int e = 0;
        for (int i = 0; i < BATCH; i++) {
            for (int p = 0; p < IN; p++) {
                if (r.nextInt(5) == 0) {
                    index[e] = (short) p;
                    value[e++] = (byte) (1 + r.nextInt(255));
                }
            }
            start[i + 1] = e;
        }
        int[] rows = new int[BATCH];
        for (int i = 0; i < BATCH; i++) rows[i] = i;
        x.setRowsFromNonZeros(start, index, value, rows, 0, BATCH, 1f / 255);
        assertTrue(x.isStoredAsNonZeros());
        return x;
    }

    @Test
    void stepsGiveTheSameBitsWhereverTheWorkingCopyStarts() {
        for (int threads : new int[] {1, 2}) {
            for (boolean sparse : new boolean[] {true, false}) {
                try (Backend backend = Backend.fastest(threads)) {
                    Parameter still = weights(1), moved = weights(1), b = bias(2);
                    backend.register(still, false);
                    backend.register(moved, false);
                    Matrix z1 = new Matrix(BATCH, OUT), z2 = new Matrix(BATCH, OUT);
                    for (int step = 1; step <= 8; step++) {
                        String what = (sparse ? "sparse" : "dense") + ", " + threads + " thread(s), step " + step;
                        assertTrue(moved.moveTransposed((2 * step + 3) % (Parameter.MAX_OFFSET + 1)), what);
                        Matrix x = batch(sparse, 10 + step), dz = dZ(20 + step);
                        backend.linear(x, still, b, z1);
                        backend.linear(x, moved, b, z2);
                        assertArrayEquals(z1.toArray(), z2.toArray(), "the forward, " + what);
                        backend.weightGradient(dz, x, still);
                        backend.weightGradient(dz, x, moved);
                        assertTrue(moved.moveTransposed(step % 2 == 0 ? 0 : Parameter.MAX_OFFSET), what);
                        still.sgdStep(0.1f, step % 3 == 0 ? 1e-4f : 0f);
                        moved.sgdStep(0.1f, step % 3 == 0 ? 1e-4f : 0f);
                        assertArrayEquals(still.value().toArray(), moved.value().toArray(), "the update, " + what);
                        assertArrayEquals(still.grad().toArray(), moved.grad().toArray(), "the gradient, " + what);
                    }
                }
            }
        }
    }

    @Test
    void placementKeepsAnOffsetItTriedAndTheResults() {
        try (Backend backend = Backend.fastest(2)) {
            Parameter w = weights(3), b = bias(4);
            backend.register(w, false);
            Matrix x = batch(true, 5), before = new Matrix(BATCH, OUT), after = new Matrix(BATCH, OUT);
            backend.linear(x, w, b, before);
            int offset = backend.placeFirstLayerArrays(x, w, b, new Matrix(BATCH, OUT));
            assertTrue(offset >= 0 && offset <= Parameter.MAX_OFFSET && offset % 2 == 0, "offset " + offset);
            assertEquals(offset, w.transposedOffset());
            backend.linear(x, w, b, after);
            assertArrayEquals(before.toArray(), after.toArray());
            Parameter plain = weights(3); // no working copy: nothing to place
            assertEquals(-1, backend.placeFirstLayerArrays(batch(false, 6), plain, b, new Matrix(BATCH, OUT)));
        }
    }

    @Test
    void theWeightGradientGivesTheSameBitsFromACopyOfDzAtAnyOffset() {
        for (int threads : new int[] {1, 2}) {
            try (Backend plain = Backend.fastest(threads); Backend copying = Backend.fastest(threads)) {
                Parameter a = weights(8), c = weights(8);
                plain.register(a, false);
                copying.register(c, false);
                for (int offset = -1; offset <= Parameter.MAX_OFFSET; offset++) {
                    copying.copyDzAt(offset);
                    Matrix x = batch(true, 50 + offset), dz = dZ(60 + offset);
                    plain.weightGradient(dz, x, a);
                    copying.weightGradient(dz, x, c);
                    assertArrayEquals(a.grad().toArray(), c.grad().toArray(), "dZ copied to " + offset + ", "
                            + threads + " thread(s)");
                }
                assertThrows(IllegalArgumentException.class, () -> copying.copyDzAt(Parameter.MAX_OFFSET + 1));
            }
        }
    }

    @Test
    void anUpdateRuleWithStateTakesTheCopiesBackToTheStartAndKeepsThemThere() {
        try (Backend backend = Backend.fastest(1)) {
            Parameter still = weights(7), moved = weights(7);
            backend.register(still, false);
            backend.register(moved, false);
            assertTrue(moved.moveTransposed(6));
            float[] v1 = still.newState(), v2 = moved.newState();
            for (int step = 1; step <= 3; step++) {
                Matrix x = batch(true, 30 + step), dz = dZ(40 + step);
                backend.weightGradient(dz, x, still);
                backend.weightGradient(dz, x, moved);
                still.momentumStep(v1, 0.05f, 0.9f, 0f);
                moved.momentumStep(v2, 0.05f, 0.9f, 0f);
                assertEquals(0, moved.transposedOffset(), "the velocity pairs with the copy from element 0");
                assertFalse(moved.moveTransposed(4), "no move once the state holds values");
                assertArrayEquals(still.value().toArray(), moved.value().toArray(), "step " + step);
            }
            assertArrayEquals(v1, v2);
            assertThrows(IllegalArgumentException.class, () -> still.moveTransposed(Parameter.MAX_OFFSET + 1));
        }
    }
}
