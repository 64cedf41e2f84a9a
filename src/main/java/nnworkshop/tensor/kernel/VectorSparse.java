package nnworkshop.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The products with a sparse matrix ({@link SparseRows}) on the Vector API: both are sums of rows
 * of a dense B scaled by the entries of one list,
 * <pre>
 *   forward  C(i, :) = bias + Σ over row i's entries (p, v):    v·B(p, :)    B = Wᵀ (D, H)
 *   dWᵀ      C(p, :) =        Σ over column p's entries (i, v): v·B(i, :)    B = dZ (N, H)
 * </pre>
 * so one kernel does both: it keeps up to 8 vectors of the output row in registers (a whole row of a
 * 128-wide hidden layer), and per entry broadcasts v and adds v·B(row, :) with fused multiply-adds.
 * Each output is the reference's chain ({@link SparseRows#nnReference}): the same bits.
 */
final class VectorSparse {
    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int L = S.length();

    private VectorSparse() {
    }

    /** Rows [i0, i1) of C(m, n) = A·B + bias, B from b[b0] (see {@link SparseRows#nnReference}). */
    static void nn(SparseRows a, int n, float[] b, int b0, float[] bias, float[] c, int i0, int i1) {
        int[] start = a.rowStart(), idx = a.colIndex();
        float[] val = a.rowValue();
        for (int i = i0; i < i1; i++) {
            sumRows(idx, val, start[i], start[i + 1], b, b0, n, c, i * n, bias);
        }
    }

    /** Rows [p0, p1) of C(k, n) = Aᵀ·B, B from b[b0], C from c[c0] (see {@link SparseRows#tnReference}). */
    static void tn(SparseRows a, int n, float[] b, int b0, float[] c, int c0, int p0, int p1) {
        int[] start = a.colStart(), idx = a.rowIndex();
        float[] val = a.colValue();
        for (int p = p0; p < p1; p++) {
            sumRows(idx, val, start[p], start[p + 1], b, b0, n, c, c0 + p * n, null);
        }
    }

    /**
     * c[ci .. ci+n) = init + Σ_{e ∈ [s, t)} val[e]·b[b0 + idx[e]·n .. +n), one fused multiply-add chain per
     * element in increasing e, from bias (or 0).
     */
    static void sumRows(int[] idx, float[] val, int s, int t, float[] b, int b0, int n, float[] c, int ci,
                        float[] bias) {
        int j = 0;
        for (; j + 8 * L <= n; j += 8 * L) {
            sum8(idx, val, s, t, b, b0, n, j, c, ci, bias);
        }
        for (; j + L <= n; j += L) {
            FloatVector acc = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j);
            for (int e = s; e < t; e++) {
                acc = FloatVector.broadcast(S, val[e]).fma(FloatVector.fromArray(S, b, b0 + idx[e] * n + j), acc);
            }
            acc.intoArray(c, ci + j);
        }
        for (; j < n; j++) { // narrower than a vector: the reference's loop
            float acc = bias == null ? 0f : bias[j];
            for (int e = s; e < t; e++) {
                acc = Math.fma(val[e], b[b0 + idx[e] * n + j], acc);
            }
            c[ci + j] = acc;
        }
    }

    /** Eight vectors of {@link #sumRows} from column j, kept in registers across the entries. */
    private static void sum8(int[] idx, float[] val, int s, int t, float[] b, int b0, int n, int j, float[] c, int ci,
                             float[] bias) {
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7;
        if (bias == null) {
            c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = FloatVector.zero(S);
        } else {
            c0 = FloatVector.fromArray(S, bias, j);
            c1 = FloatVector.fromArray(S, bias, j + L);
            c2 = FloatVector.fromArray(S, bias, j + 2 * L);
            c3 = FloatVector.fromArray(S, bias, j + 3 * L);
            c4 = FloatVector.fromArray(S, bias, j + 4 * L);
            c5 = FloatVector.fromArray(S, bias, j + 5 * L);
            c6 = FloatVector.fromArray(S, bias, j + 6 * L);
            c7 = FloatVector.fromArray(S, bias, j + 7 * L);
        }
        for (int e = s; e < t; e++) {
            FloatVector x = FloatVector.broadcast(S, val[e]);
            int bi = b0 + idx[e] * n + j;
            c0 = x.fma(FloatVector.fromArray(S, b, bi), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bi + L), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), c3);
            c4 = x.fma(FloatVector.fromArray(S, b, bi + 4 * L), c4);
            c5 = x.fma(FloatVector.fromArray(S, b, bi + 5 * L), c5);
            c6 = x.fma(FloatVector.fromArray(S, b, bi + 6 * L), c6);
            c7 = x.fma(FloatVector.fromArray(S, b, bi + 7 * L), c7);
        }
        c0.intoArray(c, ci + j);
        c1.intoArray(c, ci + j + L);
        c2.intoArray(c, ci + j + 2 * L);
        c3.intoArray(c, ci + j + 3 * L);
        c4.intoArray(c, ci + j + 4 * L);
        c5.intoArray(c, ci + j + 5 * L);
        c6.intoArray(c, ci + j + 6 * L);
        c7.intoArray(c, ci + j + 7 * L);
    }
}
