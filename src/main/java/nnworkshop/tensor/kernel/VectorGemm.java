package nnworkshop.tensor.kernel;

import java.lang.ref.Cleaner;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm} on the Vector API ({@code jdk.incubator.vector}) with register-tiled microkernels,
 * for the shapes of a small MLP: forward {@code Y = X·Wᵀ + b} (N, H, D), {@code dX = dY·W} and
 * {@code dW = dYᵀ·X} (H, D, N), with N the batch.
 *
 * <p>Two kernels:
 * <ul>
 *   <li><b>broadcast</b> ({@link #nn}, {@link #tn}, and {@link #nt} on a packed Bᵀ): a tile of
 *   4 rows × 2 vectors of C in 8 accumulators held across a block of p; each step loads two vectors
 *   of B'(p, :) and broadcasts one element of A' per row. Every output is one chain of fused
 *   multiply-adds in increasing p started from the bias or zero (p-blocks store and reload C, which
 *   is exact).</li>
 *   <li><b>dot</b> ({@link #nt} without packing): both A and B rows are contiguous in k, so a tile of
 *   4 × 4 outputs keeps 16 vector accumulators along k (lane l sums p ≡ l mod L), then reduces them
 *   with a fixed pairwise tree (lanes l and l+L/2, then l+L/4, …) and adds the bias. With 16 lanes
 *   the 16 trees run as one butterfly of blends and lane swaps ending in one vector of 16 outputs.
 *   This saves transposing W on every call, which costs a quarter of the product at batch 64.</li>
 * </ul>
 * Threads split C into disjoint blocks on tile boundaries; no output's summation order depends on
 * the split, so results are bit-identical for any thread count. Small products run on the caller.
 *
 * <p>Not for concurrent use by several callers (it reuses buffers). Needs
 * {@code --add-modules jdk.incubator.vector}; use {@link Kernels#fastest} to fall back without it.
 */
public final class VectorGemm implements ParallelGemm {

    /** How {@link #nt} is computed; AUTO chooses by shape (the choice never depends on threads). */
    enum NtMethod { AUTO, DOT, PACKED }

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED.length() <= 16
            ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_512;
    static final int L = S.length();

    private static final int MR = 4;          // rows per tile
    private static final int NV = 2;          // vectors per tile row (broadcast kernel)
    private static final int KC = 128;        // p-steps per block (broadcast kernel): B panel in L1
    private static final int DOT_B_FLOATS = 1 << 17; // B rows per column block (dot kernel): in L2
    private static final int PACK_KB = 64;

    // Butterfly for 16 lanes: SWAPs exchange lanes l and l^s, HIs select lanes with bit s set.
    private static final boolean BUTTERFLY = L == 16;
    private static final VectorShuffle<Float> SW8 = BUTTERFLY ? swap(8) : null;
    private static final VectorShuffle<Float> SW4 = BUTTERFLY ? swap(4) : null;
    private static final VectorShuffle<Float> SW2 = BUTTERFLY ? swap(2) : null;
    private static final VectorShuffle<Float> SW1 = BUTTERFLY ? swap(1) : null;
    private static final VectorMask<Float> HI8 = BUTTERFLY ? hi(8) : null;
    private static final VectorMask<Float> HI4 = BUTTERFLY ? hi(4) : null;
    private static final VectorMask<Float> HI2 = BUTTERFLY ? hi(2) : null;
    private static final VectorMask<Float> HI1 = BUTTERFLY ? hi(1) : null;

    private static final Cleaner CLEANER = Cleaner.create();

    private final int threads;
    private final NtMethod ntMethod;
    private final WorkerPool pool;
    private final Cleaner.Cleanable cleanable;
    private final float[][] scratch; // per part: tree reductions
    private float[] packed = new float[0];

    /** A single-threaded instance. */
    public VectorGemm() {
        this(1);
    }

    /** @param threads threads for large products, the caller's included (≥ 1) */
    public VectorGemm(int threads) {
        this(threads, NtMethod.AUTO);
    }

    VectorGemm(int threads, NtMethod ntMethod) {
        this.pool = new WorkerPool(threads, "vector-gemm");
        this.threads = threads;
        this.ntMethod = ntMethod;
        this.scratch = new float[threads][24 * L];
        WorkerPool p = pool;
        this.cleanable = CLEANER.register(this, p::close); // daemon workers stop if never closed
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public String describe() {
        return "vector-" + S.vectorBitSize() + ", " + threads + (threads == 1 ? " thread" : " threads")
                + (ntMethod == NtMethod.AUTO ? "" : ", nt " + ntMethod.name().toLowerCase());
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    // ---------------------------------------------------------------------------------------------
    // The three products

    @Override
    public void nt(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c) {
        Split.checkSizes(m, n, k);
        if (m == 0 || n == 0) {
            return;
        }
        if (useDot(m, n, k)) {
            int tm = Split.tiles(m, MR), tc = Split.tiles(n, MR);
            boolean byRows = tm >= tc;
            run(m, n, k, byRows ? tm : tc, part -> {
                int[] r = range(part, byRows ? tm : tc, byRows ? m : n, MR);
                if (byRows) {
                    ntDot(r[0], r[1], 0, n, k, n, a, b, bias, c, scratch[part]);
                } else {
                    ntDot(0, m, r[0], r[1], k, n, a, b, bias, c, scratch[part]);
                }
            });
        } else {
            if (packed.length < k * n) {
                packed = new float[k * n];
            }
            float[] bt = packed;
            int tc = Split.tiles(n, NV * L);
            run(m, n, k, tc, part -> {       // each part packs and uses only its own columns
                int[] r = range(part, tc, n, NV * L);
                pack(r[0], r[1], n, k, b, bt);
                bcast(0, m, r[0], r[1], k, a, k, 1, bt, n, bias, c, n);
            });
        }
    }

    @Override
    public void nn(int m, int n, int k, float[] a, float[] b, float[] c) {
        Split.checkSizes(m, n, k);
        bcastSplit(m, n, k, a, k, 1, b, c);
    }

    @Override
    public void tn(int m, int n, int k, float[] a, float[] b, float[] c) {
        Split.checkSizes(m, n, k);
        bcastSplit(m, n, k, a, 1, m, b, c);
    }

    boolean useDot(int m, int n, int k) {
        return switch (ntMethod) {
            case DOT -> true;
            case PACKED -> false;
            case AUTO -> m < 512 || n < 2 * L;
        };
    }

    private void bcastSplit(int m, int n, int k, float[] a, int ars, int acs, float[] b, float[] c) {
        if (m == 0 || n == 0) {
            return;
        }
        int tm = Split.tiles(m, MR), tc = Split.tiles(n, NV * L);
        boolean byRows = tm >= tc;
        run(m, n, k, byRows ? tm : tc, part -> {
            if (byRows) {
                int[] r = range(part, tm, m, MR);
                bcast(r[0], r[1], 0, n, k, a, ars, acs, b, n, null, c, n);
            } else {
                int[] r = range(part, tc, n, NV * L);
                bcast(0, m, r[0], r[1], k, a, ars, acs, b, n, null, c, n);
            }
        });
    }

    /** Runs {@code task} for parts 0..P-1 (P ≤ threads, ≤ tiles), on the caller alone if small. */
    private void run(int m, int n, int k, int tiles, WorkerPool.Task task) {
        if (pool.isClosed()) {
            throw new IllegalStateException("VectorGemm is closed");
        }
        long work = (long) m * n * Math.max(k, 1);
        if (threads == 1 || tiles < 2 || work < BlockedGemm.MIN_PARALLEL_WORK) {
            currentParts = 1;
            task.run(0);
            return;
        }
        currentParts = Math.min(threads, tiles);
        pool.run(part -> {
            if (part < currentParts) {
                task.run(part);
            }
        });
    }

    private int currentParts = 1; // read by workers after the pool's volatile hand-over

    /** {lo, hi) in elements of this part's tiles. */
    private int[] range(int part, int tiles, int size, int tile) {
        int parts = currentParts;
        return new int[] {
            Math.min(size, Split.start(tiles, part, parts) * tile),
            Math.min(size, Split.start(tiles, part + 1, parts) * tile)};
    }

    // ---------------------------------------------------------------------------------------------
    // Broadcast kernel: C = init + A'·B', A'(i, p) = a[i·ars + p·acs], B'(p, j) = b[p·ldb + j]

    private static void bcast(int i0, int i1, int j0, int j1, int k, float[] a, int ars, int acs,
                              float[] b, int ldb, float[] bias, float[] c, int ldc) {
        int kb = 0;
        do {
            int kc = Math.min(KC, k - kb);
            boolean first = kb == 0;
            for (int j = j0; j < j1; j += NV * L) {
                if (j + NV * L <= j1) {
                    int i = i0;
                    for (; i + MR <= i1; i += MR) {
                        k4x2(kc, a, i * ars + kb * acs, ars, acs, b, kb * ldb + j, ldb,
                                c, i * ldc + j, ldc, bias, j, first);
                    }
                    for (; i < i1; i++) {
                        k1x2(kc, a, i * ars + kb * acs, acs, b, kb * ldb + j, ldb,
                                c, i * ldc + j, bias, j, first);
                    }
                } else {
                    for (int jj = j; jj < j1; jj += L) {
                        VectorMask<Float> mask = S.indexInRange(jj, j1);
                        int i = i0;
                        for (; i + MR <= i1; i += MR) {
                            k4x1(kc, a, i * ars + kb * acs, ars, acs, b, kb * ldb + jj, ldb,
                                    c, i * ldc + jj, ldc, bias, jj, first, mask);
                        }
                        for (; i < i1; i++) {
                            k1x1(kc, a, i * ars + kb * acs, acs, b, kb * ldb + jj, ldb,
                                    c, i * ldc + jj, bias, jj, first, mask);
                        }
                    }
                }
            }
            kb += KC;
        } while (kb < k);
    }

    private static FloatVector init(float[] c, int ci, float[] bias, int j, boolean first) {
        if (!first) {
            return FloatVector.fromArray(S, c, ci);
        }
        return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j);
    }

    private static FloatVector init(float[] c, int ci, float[] bias, int j, boolean first,
                                    VectorMask<Float> mask) {
        if (!first) {
            return FloatVector.fromArray(S, c, ci, mask);
        }
        return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j, mask);
    }

    private static void k4x2(int kc, float[] a, int ai, int ars, int acs, float[] b, int bi, int ldb,
                             float[] c, int ci, int ldc, float[] bias, int j, boolean first) {
        FloatVector c00 = init(c, ci, bias, j, first);
        FloatVector c01 = init(c, ci + L, bias, j + L, first);
        FloatVector c10 = init(c, ci + ldc, bias, j, first);
        FloatVector c11 = init(c, ci + ldc + L, bias, j + L, first);
        FloatVector c20 = init(c, ci + 2 * ldc, bias, j, first);
        FloatVector c21 = init(c, ci + 2 * ldc + L, bias, j + L, first);
        FloatVector c30 = init(c, ci + 3 * ldc, bias, j, first);
        FloatVector c31 = init(c, ci + 3 * ldc + L, bias, j + L, first);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3 * ars]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            ai += acs;
            bi += ldb;
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
    }

    private static void k1x2(int kc, float[] a, int ai, int acs, float[] b, int bi, int ldb,
                             float[] c, int ci, float[] bias, int j, boolean first) {
        FloatVector c00 = init(c, ci, bias, j, first);
        FloatVector c01 = init(c, ci + L, bias, j + L, first);
        for (int p = 0; p < kc; p++) {
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(FloatVector.fromArray(S, b, bi), c00);
            c01 = x.fma(FloatVector.fromArray(S, b, bi + L), c01);
            ai += acs;
            bi += ldb;
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
    }

    private static void k4x1(int kc, float[] a, int ai, int ars, int acs, float[] b, int bi, int ldb,
                             float[] c, int ci, int ldc, float[] bias, int j, boolean first,
                             VectorMask<Float> mask) {
        FloatVector c0 = init(c, ci, bias, j, first, mask);
        FloatVector c1 = init(c, ci + ldc, bias, j, first, mask);
        FloatVector c2 = init(c, ci + 2 * ldc, bias, j, first, mask);
        FloatVector c3 = init(c, ci + 3 * ldc, bias, j, first, mask);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi, mask);
            c0 = FloatVector.broadcast(S, a[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ai + ars]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ai + 2 * ars]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ai + 3 * ars]).fma(b0, c3);
            ai += acs;
            bi += ldb;
        }
        c0.intoArray(c, ci, mask);
        c1.intoArray(c, ci + ldc, mask);
        c2.intoArray(c, ci + 2 * ldc, mask);
        c3.intoArray(c, ci + 3 * ldc, mask);
    }

    private static void k1x1(int kc, float[] a, int ai, int acs, float[] b, int bi, int ldb,
                             float[] c, int ci, float[] bias, int j, boolean first,
                             VectorMask<Float> mask) {
        FloatVector c0 = init(c, ci, bias, j, first, mask);
        for (int p = 0; p < kc; p++) {
            c0 = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi, mask), c0);
            ai += acs;
            bi += ldb;
        }
        c0.intoArray(c, ci, mask);
    }

    /** Columns [j0, j1) of Bᵀ: bt(p, j) = b(j, p), bt row-major (k, n). */
    private static void pack(int j0, int j1, int n, int k, float[] b, float[] bt) {
        for (int pb = 0; pb < k; pb += PACK_KB) {
            int pe = Math.min(k, pb + PACK_KB);
            for (int j = j0; j < j1; j++) {
                int bj = j * k;
                for (int p = pb; p < pe; p++) {
                    bt[p * n + j] = b[bj + p];
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Dot kernel for nt: C(i, j) = tree(Σ_p lanes of A(i, :)∘B(j, :)) + bias(j)

    private static void ntDot(int i0, int i1, int j0, int j1, int k, int n, float[] a, float[] b,
                              float[] bias, float[] c, float[] t) {
        int jbStep = Math.max(MR, (DOT_B_FLOATS / Math.max(k, 1)) / MR * MR);
        for (int jb = j0; jb < j1; jb += jbStep) {
            int je = Math.min(j1, jb + jbStep);
            int i = i0;
            for (; i + MR <= i1; i += MR) {
                int j = jb;
                for (; j + MR <= je; j += MR) {
                    d4x4(k, a, i * k, b, j * k, c, i * n + j, n, bias, j, t);
                }
                for (; j < je; j++) {
                    for (int r = 0; r < MR; r++) {
                        c[(i + r) * n + j] = d1x1(k, a, (i + r) * k, b, j * k, bias, j, t);
                    }
                }
            }
            for (; i < i1; i++) {
                for (int j = jb; j < je; j++) {
                    c[i * n + j] = d1x1(k, a, i * k, b, j * k, bias, j, t);
                }
            }
        }
    }

    private static float d1x1(int k, float[] a, int ai, float[] b, int bj, float[] bias, int j,
                              float[] t) {
        FloatVector s = FloatVector.zero(S);
        int p = 0;
        for (; p + L <= k; p += L) {
            s = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s);
        }
        if (p < k) {
            VectorMask<Float> m = S.indexInRange(p, k);
            s = FloatVector.fromArray(S, a, ai + p, m).fma(FloatVector.fromArray(S, b, bj + p, m), s);
        }
        s.intoArray(t, 0);
        float v = tree(t, 0);
        return bias == null ? v : v + bias[j];
    }

    private static void d4x4(int k, float[] a, int ai, float[] b, int bj, float[] c, int ci, int n,
                             float[] bias, int j, float[] t) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int a1 = ai + k, a2 = a1 + k, a3 = a2 + k;
        int b1 = bj + k, b2 = b1 + k, b3 = b2 + k;
        // One loop body (full vectors are an all-true mask): two bodies make the method too big
        // for C2 to inline the reduction, and un-inlined vector code is boxed (10× slower).
        for (int p = 0; p < k; p += L) {
            VectorMask<Float> m = S.indexInRange(p, k);
            FloatVector x0 = FloatVector.fromArray(S, a, ai + p, m);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p, m);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p, m);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + p, m);
            FloatVector y = FloatVector.fromArray(S, b, bj + p, m);
            c00 = x0.fma(y, c00);
            c10 = x1.fma(y, c10);
            c20 = x2.fma(y, c20);
            c30 = x3.fma(y, c30);
            y = FloatVector.fromArray(S, b, b1 + p, m);
            c01 = x0.fma(y, c01);
            c11 = x1.fma(y, c11);
            c21 = x2.fma(y, c21);
            c31 = x3.fma(y, c31);
            y = FloatVector.fromArray(S, b, b2 + p, m);
            c02 = x0.fma(y, c02);
            c12 = x1.fma(y, c12);
            c22 = x2.fma(y, c22);
            c32 = x3.fma(y, c32);
            y = FloatVector.fromArray(S, b, b3 + p, m);
            c03 = x0.fma(y, c03);
            c13 = x1.fma(y, c13);
            c23 = x2.fma(y, c23);
            c33 = x3.fma(y, c33);
        }
        // Through memory, in a separate method: inlined here, the butterfly pushes d4x4 past C2's
        // node budget, and vector code that is not inlined is boxed (10x slower).
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c02.intoArray(t, 2 * L);
        c03.intoArray(t, 3 * L);
        c10.intoArray(t, 4 * L);
        c11.intoArray(t, 5 * L);
        c12.intoArray(t, 6 * L);
        c13.intoArray(t, 7 * L);
        c20.intoArray(t, 8 * L);
        c21.intoArray(t, 9 * L);
        c22.intoArray(t, 10 * L);
        c23.intoArray(t, 11 * L);
        c30.intoArray(t, 12 * L);
        c31.intoArray(t, 13 * L);
        c32.intoArray(t, 14 * L);
        c33.intoArray(t, 15 * L);
        reduce16(t);
        for (int r = 0; r < MR; r++) {
            int cr = ci + r * n;
            for (int cc = 0; cc < MR; cc++) {
                float v = t[r * MR + cc];
                c[cr + cc] = bias == null ? v : v + bias[j + cc];
            }
        }
    }

    /** Sums each of the 16 vectors t[o·L ..) by {@link #tree}'s order into t[o], o = 4r + cc. */
    private static void reduce16(float[] t) {
        if (BUTTERFLY) {
            // Lane l of the result holds vector l when the inputs go in bit-reversed order. Three
            // small methods: as one, C2 runs out of its node budget and boxes the vectors.
            foldFirst(t, 0);
            foldFirst(t, 1);
            foldRest(t);
        } else {
            for (int o = 0; o < 16; o++) {
                t[o] = tree(t, o * L); // t[o] lies in vectors already reduced
            }
        }
    }

    /** Level 1 of the butterfly for outputs with cc = 2h or 2h+1 → w at t[(16 + 4h ..) · L]. */
    private static void foldFirst(float[] t, int h) {
        int o = 2 * h; // acc index 4r + cc; pairs (cc, 8 + cc) then (4 + cc, 12 + cc)
        fold(ld(t, o), ld(t, o + 8), SW8, HI8).intoArray(t, (16 + 4 * h) * L);
        fold(ld(t, o + 4), ld(t, o + 12), SW8, HI8).intoArray(t, (17 + 4 * h) * L);
        fold(ld(t, o + 1), ld(t, o + 9), SW8, HI8).intoArray(t, (18 + 4 * h) * L);
        fold(ld(t, o + 5), ld(t, o + 13), SW8, HI8).intoArray(t, (19 + 4 * h) * L);
    }

    /** Levels 2-4: w (bit-reversed order: cc 0, 2, 1, 3) → the 16 sums in t[0 .. 16). */
    private static void foldRest(float[] t) {
        FloatVector u0 = fold(ld(t, 16), ld(t, 17), SW4, HI4);
        FloatVector u1 = fold(ld(t, 20), ld(t, 21), SW4, HI4);
        FloatVector u2 = fold(ld(t, 18), ld(t, 19), SW4, HI4);
        FloatVector u3 = fold(ld(t, 22), ld(t, 23), SW4, HI4);
        FloatVector v0 = fold(u0, u1, SW2, HI2), v1 = fold(u2, u3, SW2, HI2);
        fold(v0, v1, SW1, HI1).intoArray(t, 0);
    }

    private static FloatVector ld(float[] t, int o) {
        return FloatVector.fromArray(S, t, o * L);
    }

    /** Lanes without bit s: x[l] + x[l^s]; lanes with it: y[l] + y[l^s]. */
    private static FloatVector fold(FloatVector x, FloatVector y, VectorShuffle<Float> swap,
                                    VectorMask<Float> hi) {
        return x.blend(y, hi).add(x.rearrange(swap).blend(y.rearrange(swap), hi));
    }

    /** Pairwise sum of t[off .. off+L): lanes l and l+L/2, then l+L/4, …; the butterfly's order. */
    static float tree(float[] t, int off) {
        for (int s = L / 2; s >= 1; s >>= 1) {
            for (int l = 0; l < s; l++) {
                t[off + l] += t[off + l + s];
            }
        }
        return t[off];
    }

    private static VectorShuffle<Float> swap(int s) {
        return VectorShuffle.fromOp(S, l -> l ^ s);
    }

    private static VectorMask<Float> hi(int s) {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) {
            bits[l] = (l & s) != 0;
        }
        return VectorMask.fromArray(S, bits, 0);
    }
}
