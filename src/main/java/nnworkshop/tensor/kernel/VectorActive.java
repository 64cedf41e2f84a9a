package nnworkshop.tensor.kernel;

import static nnworkshop.tensor.kernel.VectorGemm.KC;
import static nnworkshop.tensor.kernel.VectorGemm.L;
import static nnworkshop.tensor.kernel.VectorGemm.MR;
import static nnworkshop.tensor.kernel.VectorGemm.NR;
import static nnworkshop.tensor.kernel.VectorGemm.S;
import static nnworkshop.tensor.kernel.VectorGemm.ZEROS;

import jdk.incubator.vector.FloatVector;

/**
 * The microkernels of {@link VectorGemm#nnActive} and {@link VectorGemm#tnActive}: products of a
 * first layer whose input batch A has columns that are zero in every row (a third of the pixels of
 * a batch of MNIST digits), summing only over the other, "active" columns. VectorGemm splits the
 * output among its threads; these compute one part of it.
 *
 * <p>Each output is one fused multiply-add chain over the active p in increasing order, whoever
 * computes it: the dense kernels' chain without its exactly-zero terms, so the same bits as
 * {@link VectorGemm}'s dense products (up to the sign of an exact zero).
 */
final class VectorActive {

    private static volatile int[] identity = new int[0];

    private VectorActive() {
    }

    /**
     * Rows i0..i1, columns j0..j1 (whole panels) of C = bias + Σ_q A(i, act[q])·B(act[q], :), with
     * A (·, k), B (from b[b0]) and C (·, n) row-major; blocks of KC active p, the B panel of a block
     * reused by every row tile while it is in L1.
     */
    static void forwardRows(int i0, int i1, int j0, int j1, int n, int k, float[] a, int[] act, int kAct,
                                float[] b, int b0, float[] bias, float[] c) {
        for (int qb = 0; qb < kAct; qb += KC) {
            int kc = Math.min(KC, kAct - qb);
            boolean first = qb == 0;
            for (int j = j0; j < j1; j += NR) {
                int i = i0;
                for (; i + MR <= i1; i += MR) {
                    int ai = i * k, ci = i * n + j;
                    k4x4i(kc, act, qb, a, ai, ai + k, ai + 2 * k, ai + 3 * k, 1, b, b0, n, j,
                            c, ci, ci + n, ci + 2 * n, ci + 3 * n, bias, first);
                }
                for (; i < i1; i++) {
                    k1x4i(kc, act, qb, a, i * k, 1, b, b0, n, j, c, i * n + j, bias, first);
                }
            }
        }
    }

    /**
     * Active rows act[t0..t1) of C (m, n) = A(k, m)ᵀ·B(k, n): tiles of 4 active rows × 4 vectors,
     * row r's A'(r, p) = a[p·m + act[r]] broadcast, B and C (from c[c0]) (·, n) row-major.
     */
    static void gradientRows(int t0, int t1, int m, int n, int k, float[] a, int[] act, float[] b, float[] c, int c0) {
        int[] steps = identity(k);
        for (int kb = 0; kb < k; kb += KC) {
            int kc = Math.min(KC, k - kb);
            boolean first = kb == 0;
            for (int j = 0; j < n; j += NR) {
                int t = t0;
                for (; t + MR <= t1; t += MR) {
                    int r0 = act[t], r1 = act[t + 1], r2 = act[t + 2], r3 = act[t + 3];
                    k4x4i(kc, steps, kb, a, r0, r1, r2, r3, m, b, 0, n, j,
                            c, c0 + r0 * n + j, c0 + r1 * n + j, c0 + r2 * n + j, c0 + r3 * n + j, null, first);
                }
                for (; t < t1; t++) {
                    k1x4i(kc, steps, kb, a, act[t], m, b, 0, n, j, c, c0 + act[t] * n + j, null, first);
                }
            }
        }
    }

    /** 0, 1, …, k−1 (shared, read only; grown before a product, never inside one). */
    static int[] identity(int k) {
        int[] id = identity;
        if (id.length < k) {
            synchronized (VectorActive.class) {
                id = identity;
                if (id.length < k) {
                    id = new int[Math.max(k, 2 * id.length)];
                    for (int i = 0; i < id.length; i++) id[i] = i;
                    identity = id;
                }
            }
        }
        return id;
    }

    /**
     * The microkernel of both products over a list of p: 4 rows × 4 vectors of C at column j, for
     * q in [q0, q0 + kc) with p = idx[q]: C(r, :) (+)= a[a_r + p·as] · B(p, j .. j + 4L), B row-major
     * from b[bOff] with ldb; C's rows start at d0..d3 and begin from the bias (or zero) when {@code first}.
     * One kernel for the forward (idx = the active columns, a_r = row starts, as = 1) and for dWᵀ
     * (idx = 0, 1, …, a_r = the active columns, as = the row length), so it warms up twice as fast.
     */
    private static void k4x4i(int kc, int[] idx, int q0, float[] a, int a0, int a1, int a2, int a3, int as,
                              float[] b, int bOff, int ldb, int j, float[] c, int d0, int d1, int d2, int d3,
                              float[] bias, boolean first) {
        float[] from = first ? (bias == null ? ZEROS : bias) : c; // the accumulators start from C, the bias or zeros,
        int jb = bias == null ? 0 : j;                              // loaded here: no vector crosses a call (see ZEROS)
        FloatVector c00 = FloatVector.fromArray(S, from, first ? jb : d0);
        FloatVector c01 = FloatVector.fromArray(S, from, first ? jb + L : d0 + L);
        FloatVector c02 = FloatVector.fromArray(S, from, first ? jb + 2 * L : d0 + 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, from, first ? jb + 3 * L : d0 + 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, from, first ? jb : d1);
        FloatVector c11 = FloatVector.fromArray(S, from, first ? jb + L : d1 + L);
        FloatVector c12 = FloatVector.fromArray(S, from, first ? jb + 2 * L : d1 + 2 * L);
        FloatVector c13 = FloatVector.fromArray(S, from, first ? jb + 3 * L : d1 + 3 * L);
        FloatVector c20 = FloatVector.fromArray(S, from, first ? jb : d2);
        FloatVector c21 = FloatVector.fromArray(S, from, first ? jb + L : d2 + L);
        FloatVector c22 = FloatVector.fromArray(S, from, first ? jb + 2 * L : d2 + 2 * L);
        FloatVector c23 = FloatVector.fromArray(S, from, first ? jb + 3 * L : d2 + 3 * L);
        FloatVector c30 = FloatVector.fromArray(S, from, first ? jb : d3);
        FloatVector c31 = FloatVector.fromArray(S, from, first ? jb + L : d3 + L);
        FloatVector c32 = FloatVector.fromArray(S, from, first ? jb + 2 * L : d3 + 2 * L);
        FloatVector c33 = FloatVector.fromArray(S, from, first ? jb + 3 * L : d3 + 3 * L);
        for (int q = q0, qe = q0 + kc; q < qe; q++) {
            int p = idx[q];
            int bi = bOff + p * ldb + j, ap = p * as;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        c00.intoArray(c, d0);
        c01.intoArray(c, d0 + L);
        c02.intoArray(c, d0 + 2 * L);
        c03.intoArray(c, d0 + 3 * L);
        c10.intoArray(c, d1);
        c11.intoArray(c, d1 + L);
        c12.intoArray(c, d1 + 2 * L);
        c13.intoArray(c, d1 + 3 * L);
        c20.intoArray(c, d2);
        c21.intoArray(c, d2 + L);
        c22.intoArray(c, d2 + 2 * L);
        c23.intoArray(c, d2 + 3 * L);
        c30.intoArray(c, d3);
        c31.intoArray(c, d3 + L);
        c32.intoArray(c, d3 + 2 * L);
        c33.intoArray(c, d3 + 3 * L);
    }

    /** One row of {@link #k4x4i}: C(·, j ..) (+)= Σ_q a[a0 + idx[q]·as] · B(idx[q], j .. j + 4L). */
    private static void k1x4i(int kc, int[] idx, int q0, float[] a, int a0, int as, float[] b, int b0, int ldb, int j,
                              float[] c, int d0, float[] bias, boolean first) {
        float[] from = first ? (bias == null ? ZEROS : bias) : c; // the accumulators start from C, the bias or zeros,
        int jb = bias == null ? 0 : j;                              // loaded here: no vector crosses a call (see ZEROS)
        FloatVector c0 = FloatVector.fromArray(S, from, first ? jb : d0);
        FloatVector c1 = FloatVector.fromArray(S, from, first ? jb + L : d0 + L);
        FloatVector c2 = FloatVector.fromArray(S, from, first ? jb + 2 * L : d0 + 2 * L);
        FloatVector c3 = FloatVector.fromArray(S, from, first ? jb + 3 * L : d0 + 3 * L);
        for (int q = q0, qe = q0 + kc; q < qe; q++) {
            int p = idx[q];
            int bi = b0 + p * ldb + j;
            FloatVector x = FloatVector.broadcast(S, a[a0 + p * as]);
            c0 = x.fma(FloatVector.fromArray(S, b, bi), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bi + L), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), c3);
        }
        c0.intoArray(c, d0);
        c1.intoArray(c, d0 + L);
        c2.intoArray(c, d0 + 2 * L);
        c3.intoArray(c, d0 + 3 * L);
    }
}
