package nnworkshop.tensor.kernel;

import static nnworkshop.tensor.kernel.ProductChecks.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The products with a sparse A ({@link FastGemm#nnSparse}, {@link FastGemm#tnSparse}) and
 * the {@link SparseRows} lists: against {@link ReferenceGemm} on random shapes (sizes 0 and 1,
 * widths that are and are not multiples of the vector length, densities from none to all), to the
 * abs-sum tolerance of the other kernel tests; bit for bit against the plain reference loops and the
 * active-column kernels (the same chains without their zero terms), for 1, 2 and 3 threads.
 */
class SparseGemmTest {

    private static final VectorGemm[] VECTOR = {new VectorGemm(1), new VectorGemm(2), new VectorGemm(3)};
    private static final BlockedGemm BLOCKED = new BlockedGemm(2);

    @AfterAll
    static void close() {
        for (VectorGemm g : VECTOR) g.close();
        BLOCKED.close();
    }

    /** m (rows of A), n (columns of B and C), k (columns of A). */
    static List<int[]> shapes() {
        List<int[]> s = new ArrayList<>(List.of(new int[][] {
            {0, 128, 10}, {1, 128, 784}, {1, 1, 1}, {3, 5, 7}, {4, 16, 30}, {7, 17, 300}, {64, 128, 784},
            {65, 256, 100}, {100, 130, 50}, {5, 300, 20}, {2, 0, 3}, {9, 64, 0}, {1000, 128, 784}}));
        Random rnd = new Random(3);
        for (int i = 0; i < 12; i++) s.add(new int[] {rnd.nextInt(70), 1 + rnd.nextInt(300), rnd.nextInt(400)});
        return s;
    }

    @Test
    void nnSparseMatchesTheReferenceAndTheActiveKernel() {
        long seed = 10;
        for (int[] sh : shapes()) {
            for (double density : new double[] {0, 0.05, 0.2, 0.7, 1}) {
                int m = sh[0], n = sh[1], k = sh[2];
                Random rnd = new Random(seed++);
                float[] a = sparse(rnd, m, k, density), b = gaussian(rnd, k * n + EXTRA), bias = gaussian(rnd, n);
                SparseRows s = SparseRows.of(a, m, k);
                String what = "nnSparse " + m + "x" + n + "x" + k + " density " + density;

                float[] ref = new float[m * n];
                new ReferenceGemm().nt(m, n, k, a, transpose(b, k, n), bias, ref);
                double[] scale = scaleNN(a, b, bias, m, n, k);
                float[] plain = run(c -> SparseRows.nnReference(s, n, b, 0, bias, c, 0, m), m * n);
                assertClose(ref, scale, plain, what + " plain");
                float[] bAt = shifted(b); // B from element OFFSET (as a working copy on a cache line is)
                assertArrayEquals(bits(plain), bits(run(c -> SparseRows.nnReference(s, n, bAt, OFFSET, bias, c, 0, m),
                        m * n)), what + " plain, B at an offset");
                for (VectorGemm g : VECTOR) {
                    float[] c = run(cc -> g.nnSparse(s, n, b, 0, bias, cc), m * n);
                    assertArrayEquals(bits(plain), bits(c), what + " " + g);
                    assertArrayEquals(bits(plain), bits(run(cc -> g.nnSparse(s, n, bAt, OFFSET, bias, cc), m * n)),
                            what + " " + g + ", B at an offset");
                    if (n % 64 == 0 && k > 0) { // the active-column kernel's own fast path
                        int[] act = new int[k];
                        int kAct = Elementwise.nonZeroColumns(a, m, k, act);
                        float[] active = run(cc -> g.nnActive(m, n, k, a, b, 0, bias, cc, act, kAct), m * n);
                        assertArrayEquals(bits(plus0(active)), bits(plus0(c)), what + " vs nnActive, " + g);
                    }
                }
                float[] blocked = run(c -> BLOCKED.nnSparse(s, n, b, 0, bias, c), m * n);
                assertArrayEquals(bits(plain), bits(blocked), what + " blocked (default method)");
                assertArrayEquals(bits(plain), bits(run(c -> BLOCKED.nnSparse(s, n, bAt, OFFSET, bias, c), m * n)),
                        what + " blocked (default method), B at an offset");
                float[] noBias = run(c -> VECTOR[1].nnSparse(s, n, b, 0, null, c), m * n);
                assertArrayEquals(bits(run(c -> SparseRows.nnReference(s, n, b, 0, null, c, 0, m), m * n)), bits(noBias),
                        what + " without bias");
            }
        }
    }

    @Test
    void tnSparseMatchesTheReferenceAndTheActiveKernel() {
        long seed = 100;
        for (int[] sh : shapes()) {
            for (double density : new double[] {0, 0.05, 0.2, 0.7, 1}) {
                // C (k, n) = A(m, k)ᵀ·B(m, n)
                int m = sh[0], n = sh[1], k = sh[2];
                Random rnd = new Random(seed++);
                float[] a = sparse(rnd, m, k, density), b = gaussian(rnd, m * n + EXTRA);
                String what = "tnSparse " + m + "x" + n + "x" + k + " density " + density;

                float[] ref = new float[k * n];
                new ReferenceGemm().tn(k, n, m, a, b, ref);
                double[] scale = scaleTN(a, b, k, n, m);
                SparseRows s0 = SparseRows.of(a, m, k);
                s0.buildColumns();
                float[] plain = run(c -> SparseRows.tnReference(s0, n, b, 0, c, 0, 0, k), k * n);
                assertClose(ref, scale, plain, what + " plain");
                assertArrayEquals(bits(plain), bits(runShifted(c -> SparseRows.tnReference(s0, n, b, 0, c, OFFSET, 0, k),
                        k * n)), what + " plain, C at an offset");
                float[] bAt = shifted(b); // B (dZ) from element OFFSET, as a placed copy of it is
                assertArrayEquals(bits(plain), bits(run(c -> SparseRows.tnReference(s0, n, bAt, OFFSET, c, 0, 0, k),
                        k * n)), what + " plain, B at an offset");
                for (VectorGemm g : VECTOR) {
                    SparseRows s = SparseRows.of(a, m, k); // builds its lists by column itself
                    float[] c = run(cc -> g.tnSparse(s, n, b, 0, cc, 0), k * n);
                    assertArrayEquals(bits(plain), bits(c), what + " " + g);
                    assertArrayEquals(bits(plain), bits(runShifted(cc -> g.tnSparse(s, n, b, 0, cc, OFFSET), k * n)),
                            what + " " + g + ", C at an offset");
                    assertArrayEquals(bits(plain), bits(runShifted(cc -> g.tnSparse(s, n, bAt, OFFSET, cc, OFFSET), k * n)),
                            what + " " + g + ", B and C at an offset");
                    if (n % 64 == 0 && m > 0) {
                        int[] act = new int[k];
                        int kAct = Elementwise.nonZeroColumns(a, m, k, act);
                        float[] active = run(cc -> g.tnActive(k, n, m, a, b, cc, 0, act, kAct), k * n);
                        assertArrayEquals(bits(plus0(active)), bits(plus0(c)), what + " vs tnActive, " + g);
                    }
                }
                float[] blocked = run(c -> BLOCKED.tnSparse(SparseRows.of(a, m, k), n, b, 0, c, 0), k * n);
                assertArrayEquals(bits(plain), bits(blocked), what + " blocked (default method)");
                assertArrayEquals(bits(plain), bits(runShifted(c -> BLOCKED.tnSparse(SparseRows.of(a, m, k), n, bAt, OFFSET,
                        c, OFFSET), k * n)), what + " blocked (default method), B and C at an offset");
            }
        }
    }

    @Test
    void theToleranceCatchesOneMissingEntry() {
        int m = 64, n = 128, k = 784;
        Random rnd = new Random(5);
        float[] a = sparse(rnd, m, k, 0.2), b = gaussian(rnd, k * n), bias = gaussian(rnd, n);
        float[] ref = new float[m * n];
        new ReferenceGemm().nt(m, n, k, a, transpose(b, k, n), bias, ref);
        double[] scale = scaleNN(a, b, bias, m, n, k);
        SparseRows s = SparseRows.of(a, m, k);
        assertClose(ref, scale, run(c -> VECTOR[1].nnSparse(s, n, b, 0, bias, c), m * n), "complete");
        int e = s.rowStart()[10] + 3; // one entry of row 10 dropped from the matrix
        float[] fewer = a.clone();
        fewer[10 * k + s.colIndex()[e]] = 0f;
        SparseRows t = SparseRows.of(fewer, m, k);
        float[] c = run(cc -> VECTOR[1].nnSparse(t, n, b, 0, bias, cc), m * n);
        assertNotEquals(-1, firstMismatch(ref, scale, c), "a missing entry went unnoticed");
    }

    @Test
    void listsByRowAndByColumnDescribeTheMatrix() {
        Random rnd = new Random(7);
        for (int[] d : new int[][] {{0, 0}, {0, 5}, {3, 0}, {1, 1}, {4, 9}, {64, 784}, {17, 33}}) {
            int m = d[0], k = d[1];
            float[] a = sparse(rnd, m, k, 0.3);
            if (m * k > 4) {
                a[rnd.nextInt(m * k)] = -0f;      // a negative zero is zero
                a[rnd.nextInt(m * k)] = Float.NaN; // a NaN is an entry
            }
            SparseRows s = SparseRows.of(a, m, k);
            float[] dense = s.toDense();
            int count = 0;
            for (int i = 0; i < m * k; i++) {
                if (a[i] != 0f) count++;
                assertEquals(Float.floatToIntBits(a[i] == 0f ? 0f : a[i]), Float.floatToIntBits(dense[i]), "at " + i);
            }
            assertEquals(count, s.nnz());
            for (int i = 0; i < m; i++) {
                for (int e = s.rowStart()[i] + 1; e < s.rowStart()[i + 1]; e++) {
                    assertTrue(s.colIndex()[e - 1] < s.colIndex()[e], "columns increase within a row");
                }
            }
            assertFalse(s.hasColumns());
            assertThrows(IllegalStateException.class, s::colStart);
            s.buildColumns();
            int[] cs = s.colStart();
            assertEquals(s.nnz(), cs[k]);
            for (int p = 0; p < k; p++) {
                for (int e = cs[p]; e < cs[p + 1]; e++) {
                    int i = s.rowIndex()[e];
                    if (e > cs[p]) assertTrue(s.rowIndex()[e - 1] < i, "rows increase within a column");
                    assertEquals(Float.floatToIntBits(a[i * k + p]), Float.floatToIntBits(s.colValue()[e]));
                }
            }
        }
    }

    @Test
    void rowsAppendedFromPixelBytesEqualTheScannedFloats() {
        int m = 5, k = 20;
        float scale = 1f / 255f;
        Random rnd = new Random(11);
        byte[] px = new byte[m * k];
        for (int i = 0; i < px.length; i++) px[i] = rnd.nextInt(3) == 0 ? (byte) rnd.nextInt(256) : 0;
        float[] a = new float[m * k];
        for (int i = 0; i < px.length; i++) a[i] = (px[i] & 0xFF) * scale;
        SparseRows s = new SparseRows();
        s.beginRows(m, k, m * k);
        for (int i = 0; i < m; i++) {
            List<Integer> nz = new ArrayList<>();
            for (int p = 0; p < k; p++) if (px[i * k + p] != 0) nz.add(p);
            short[] index = new short[nz.size()];
            byte[] value = new byte[nz.size()];
            for (int q = 0; q < nz.size(); q++) {
                index[q] = (short) (int) nz.get(q);
                value[q] = px[i * k + nz.get(q)];
            }
            s.appendRow(index, value, 0, index.length, scale);
        }
        SparseRows scanned = SparseRows.of(a, m, k);
        assertEquals(scanned.nnz(), s.nnz());
        assertArrayEquals(bits(scanned.toDense()), bits(s.toDense()));
        assertArrayEquals(Arrays.copyOf(scanned.rowStart(), m + 1), Arrays.copyOf(s.rowStart(), m + 1));
        assertThrows(IllegalStateException.class, () -> s.appendRow(new short[0], new byte[0], 0, 0, scale));
    }

    @Test
    void splitsHaveAboutEqualEntriesAndCoverTheRange() {
        int[] start = {0, 0, 10, 10, 11, 30, 31, 31, 40};
        for (int parts = 1; parts <= 5; parts++) {
            int prev = 0;
            for (int part = 0; part <= parts; part++) {
                int at = SparseRows.splitByEntries(start, 8, part, parts);
                assertTrue(at >= prev, "splits increase");
                prev = at;
            }
            assertEquals(0, SparseRows.splitByEntries(start, 8, 0, parts));
            assertEquals(8, SparseRows.splitByEntries(start, 8, parts, parts));
        }
        assertEquals(5, SparseRows.splitByEntries(start, 8, 1, 2)); // the first row whose preceding rows hold half (20) of the 40
    }

    @Test
    void productsCheckTheirArrays() {
        SparseRows s = SparseRows.of(new float[] {1, 0, 0, 2}, 2, 2);
        assertThrows(IllegalArgumentException.class, () -> VECTOR[0].nnSparse(s, 3, new float[5], 0, null, new float[6]));
        assertThrows(IllegalArgumentException.class, () -> VECTOR[0].nnSparse(s, 3, new float[6], 0, null, new float[5]));
        assertThrows(IllegalArgumentException.class, () -> VECTOR[0].nnSparse(s, 3, new float[7], 2, null, new float[6]));
        assertThrows(IllegalArgumentException.class, () -> VECTOR[0].nnSparse(s, 3, new float[6], -1, null, new float[6]));
        assertThrows(IllegalArgumentException.class, () -> VECTOR[0].tnSparse(s, 3, new float[5], 0, new float[6], 0));
        assertThrows(IllegalArgumentException.class, () -> VECTOR[0].tnSparse(s, 3, new float[6], 0, new float[7], 2));
        assertThrows(IllegalArgumentException.class, () -> VECTOR[0].tnSparse(s, 3, new float[7], 2, new float[6], 0));
    }

    // ---- helpers ----

    /** A (rows, cols) matrix with about {@code density} of its entries nonzero, some columns all zero. */
    private static float[] sparse(Random rnd, int rows, int cols, double density) {
        float[] a = new float[rows * cols + EXTRA];
        boolean[] deadColumn = new boolean[cols];
        for (int j = 0; j < cols; j++) deadColumn[j] = density < 1 && rnd.nextInt(5) == 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (!deadColumn[j] && rnd.nextDouble() < density) a[i * cols + j] = (float) rnd.nextGaussian();
            }
        }
        for (int i = rows * cols; i < a.length; i++) a[i] = 99f; // past the end: must not be read
        return a;
    }

    /** x + 0: a negative zero becomes a positive one (the sparse chains skip 0·w terms). */
    private static float[] plus0(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] + 0f;
        return y;
    }
}
