package nnworkshop.tensor.kernel;

import static nnworkshop.tensor.kernel.ProductChecks.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The products over the active columns of a sparse A ({@link FastGemm#nnActive},
 * {@link FastGemm#tnActive}) against {@link ReferenceGemm} on random shapes (sizes 0 and 1,
 * tails, several p-blocks, no and all columns zero), to the abs-sum tolerance of the other kernel
 * tests; bit for bit against the dense VectorGemm kernels (the same chains without their zero
 * terms); the same bits for 1, 2 and 3 threads. And the column scan that finds the active columns.
 */
class ActiveGemmTest {

    private static final VectorGemm[] VECTOR = {new VectorGemm(1), new VectorGemm(2), new VectorGemm(3)};
    private static final BlockedGemm BLOCKED = new BlockedGemm(2);

    @AfterAll
    static void close() {
        for (VectorGemm g : VECTOR) g.close();
        BLOCKED.close();
    }

    /** m, n, k (n = 64 and 128 take the fast path, the others the dense fallback). */
    static List<int[]> shapes() {
        List<int[]> s = new ArrayList<>(List.of(new int[][] {
            {0, 64, 10}, {1, 64, 1}, {1, 128, 784}, {3, 64, 5}, {4, 64, 130}, {7, 128, 300}, {64, 128, 784},
            {65, 64, 257}, {256, 128, 100}, {5, 10, 20}, {6, 65, 40}, {2, 0, 3}, {9, 192, 0}}));
        Random rnd = new Random(3);
        for (int i = 0; i < 12; i++) s.add(new int[] {rnd.nextInt(40), 64 * (1 + rnd.nextInt(3)), rnd.nextInt(400)});
        return s;
    }

    @Test
    void nnActiveMatchesTheReferenceAndTheDenseKernel() {
        long seed = 10;
        for (int[] sh : shapes()) {
            for (double zeroFraction : new double[] {0, 0.4, 0.9, 1}) {
                int m = sh[0], n = sh[1], k = sh[2];
                Random rnd = new Random(seed++);
                float[] a = gaussian(rnd, m * k + EXTRA), b = gaussian(rnd, k * n + EXTRA), bias = gaussian(rnd, n);
                zeroColumns(a, m, k, zeroFraction, rnd);
                int[] act = new int[k];
                int kAct = Elementwise.nonZeroColumns(a, m, k, act);
                String what = "nnActive " + m + "x" + n + "x" + k + " zeros " + zeroFraction;

                float[] ref = new float[m * n];
                new ReferenceGemm().nt(m, n, k, a, transpose(b, k, n), bias, ref);
                double[] scale = scaleNN(a, b, bias, m, n, k);
                float[] dense = run(c -> VECTOR[0].nn(m, n, k, a, b, bias, c), m * n);
                float[] first = null;
                float[] bAt = shifted(b); // B from element OFFSET (as a working copy on a cache line is)
                for (VectorGemm g : VECTOR) {
                    float[] c = run(cc -> g.nnActive(m, n, k, a, b, 0, bias, cc, act, kAct), m * n);
                    assertClose(ref, scale, c, what + " " + g);
                    assertArrayEquals(bits(dense), bits(c), what + " vs dense, " + g);
                    if (first == null) first = c;
                    assertArrayEquals(bits(first), bits(c), what + " threads " + g);
                    assertArrayEquals(bits(c), bits(run(cc -> g.nnActive(m, n, k, a, bAt, OFFSET, bias, cc, act, kAct),
                            m * n)), what + " " + g + ", B at an offset");
                }
                float[] blocked = run(c -> BLOCKED.nnActive(m, n, k, a, b, 0, bias, c, act, kAct), m * n);
                assertClose(ref, scale, blocked, what + " blocked (default method)");
                assertArrayEquals(bits(blocked), bits(run(c -> BLOCKED.nnActive(m, n, k, a, bAt, OFFSET, bias, c, act, kAct),
                        m * n)), what + " blocked (default method), B at an offset");
            }
        }
    }

    @Test
    void tnActiveMatchesTheReferenceAndTheDenseKernel() {
        long seed = 100;
        for (int[] sh : shapes()) {
            for (double zeroFraction : new double[] {0, 0.4, 0.9, 1}) {
                // C (m, n) = A(k, m)ᵀ·B(k, n); A's zero columns are C's zero rows
                int m = sh[2], n = sh[1], k = sh[0];
                Random rnd = new Random(seed++);
                float[] a = gaussian(rnd, k * m + EXTRA), b = gaussian(rnd, k * n + EXTRA);
                zeroColumns(a, k, m, zeroFraction, rnd);
                int[] act = new int[m];
                int mAct = Elementwise.nonZeroColumns(a, k, m, act);
                String what = "tnActive " + m + "x" + n + "x" + k + " zeros " + zeroFraction;

                float[] ref = new float[m * n];
                new ReferenceGemm().tn(m, n, k, a, b, ref);
                double[] scale = scaleTN(a, b, m, n, k);
                float[] dense = run(c -> VECTOR[0].tn(m, n, k, a, b, c), m * n);
                float[] first = null;
                for (VectorGemm g : VECTOR) {
                    float[] c = run(cc -> g.tnActive(m, n, k, a, b, cc, 0, act, mAct), m * n);
                    assertClose(ref, scale, c, what + " " + g);
                    assertArrayEquals(bits(dense), bits(c), what + " vs dense, " + g);
                    if (first == null) first = c;
                    assertArrayEquals(bits(first), bits(c), what + " threads " + g);
                    assertArrayEquals(bits(c), bits(runShifted(cc -> g.tnActive(m, n, k, a, b, cc, OFFSET, act, mAct),
                            m * n)), what + " " + g + ", C at an offset");
                }
                float[] blocked = run(c -> BLOCKED.tnActive(m, n, k, a, b, c, 0, act, mAct), m * n);
                assertArrayEquals(bits(blocked), bits(runShifted(c -> BLOCKED.tnActive(m, n, k, a, b, c, OFFSET, act, mAct),
                        m * n)), what + " blocked (default method), C at an offset");
            }
        }
    }

    @Test
    void theToleranceCatchesOneMissingActiveTerm() {
        int m = 64, n = 128, k = 784;
        Random rnd = new Random(5);
        float[] a = gaussian(rnd, m * k), b = gaussian(rnd, k * n), bias = gaussian(rnd, n);
        zeroColumns(a, m, k, 0.4, rnd);
        int[] act = new int[k];
        int kAct = Elementwise.nonZeroColumns(a, m, k, act);
        float[] c = run(cc -> VECTOR[1].nnActive(m, n, k, a, b, 0, bias, cc, act, kAct), m * n);
        // dropping the last active column from the list must be caught
        float[] dropped = run(cc -> VECTOR[1].nnActive(m, n, k, a, b, 0, bias, cc, act, kAct - 1), m * n);
        float[] ref = new float[m * n];
        new ReferenceGemm().nt(m, n, k, a, transpose(b, k, n), bias, ref);
        double[] scale = scaleNN(a, b, bias, m, n, k);
        assertClose(ref, scale, c, "complete");
        assertNotEquals(-1, firstMismatch(ref, scale, dropped), "a missing column went unnoticed");
    }

    @Test
    void nonZeroColumnsFastEqualsReference() {
        Random rnd = new Random(9);
        int[][] dims = {{0, 0}, {0, 5}, {1, 1}, {1, 784}, {3, 17}, {64, 784}, {7, 33}, {100, 16}, {5, 48}, {9, 128}, {3, 129},
                {1000, 784}, {2, 300}};
        for (int[] d : dims) {
            for (double zf : new double[] {0, 0.5, 1}) {
                float[] a = gaussian(rnd, d[0] * d[1] + EXTRA);
                zeroColumns(a, d[0], d[1], zf, rnd);
                if (d[0] * d[1] > 4) {
                    a[rnd.nextInt(d[0] * d[1])] = -0f;       // negative zero is zero
                    a[rnd.nextInt(d[0] * d[1])] = Float.NaN; // NaN is not
                }
                int[] ref = new int[d[1]], fast = new int[d[1]];
                int nr = Elementwise.nonZeroColumns(a, d[0], d[1], ref);
                int nf = VectorElementwise.nonZeroColumns(a, d[0], d[1], fast);
                assertEquals(nr, nf, Arrays.toString(d));
                assertArrayEquals(Arrays.copyOf(ref, nr), Arrays.copyOf(fast, nf), Arrays.toString(d));
            }
        }
        float[] x = {0, -0f, 1, 0, 0, 0};                     // (2, 3): only column 2 of row 0 … and none else
        int[] act = new int[3];
        assertEquals(1, Elementwise.nonZeroColumns(x, 2, 3, act));
        assertEquals(2, act[0]);
    }

    // ---- helpers ----

    private static void zeroColumns(float[] a, int rows, int cols, double fraction, Random rnd) {
        for (int j = 0; j < cols; j++) {
            if (rnd.nextDouble() < fraction) {
                for (int i = 0; i < rows; i++) a[i * cols + j] = 0f;
            }
        }
    }
}
