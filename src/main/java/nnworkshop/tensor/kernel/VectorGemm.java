package nnworkshop.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm} on the Vector API ({@code jdk.incubator.vector}) with register-tiled microkernels,
 * for the shapes of a small MLP: forward {@code Y = X·Wᵀ + b}, {@code dX = dY·W} and
 * {@code dW = dYᵀ·X}.
 *
 * <p>All three products become {@code C = init + A'·B'} with B' read a row of vectors at a time:
 * {@link #nn} and {@link #tn} read B as it is and A' = A or Aᵀ by strides; {@link #nt} transposes B
 * (the weights) one 128 × 4L block at a time into a per-thread buffer that the kernel then reads
 * from L1 (packing all of Bᵀ first, through L2, was 15-50% slower). The microkernel keeps a tile of
 * 4 rows × 4 vectors of C in 16 accumulators across a block of p; each step loads four vectors of
 * B'(p, :) and broadcasts one element of A' per row; the bias, or the C stored by the previous
 * p-block, is the accumulators' initial value. 4 × 4 beat 4 × 2 by 15-40% here (fewer broadcasts and
 * A' reads per multiply-add); 4 × 2 and 4 × 1 finish the columns. Column tails narrower than a
 * vector read B' from a zero-padded copy and go through a small buffer: masked loads and stores are
 * not compiled well on Java 17 (a 10-wide output layer ran 8-15× slower with them).
 *
 * <p>Every output is one chain of fused multiply-adds in increasing p started from the bias or zero,
 * whichever kernel or thread computes it; threads take whole tiles of C first come, first served,
 * so results are bit-identical for any thread count (and equal {@link BlockedGemm}'s for nn and tn).
 * Small products run on the caller's thread alone.
 *
 * <p>Not for concurrent use by several callers (it reuses buffers). Needs
 * {@code --add-modules jdk.incubator.vector}; {@link Kernels#fastest} falls back without it.
 */
public final class VectorGemm extends PooledGemm {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED.length() <= 16
            ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_512;
    static final int L = S.length();

    static final int MR = 4;               // rows per tile
    static final int NR = 4 * L;           // columns per tile (4 vectors), the unit of the thread split
    static final int KC = 128;             // p-steps per block: a 128 × 4L panel of B' is 32 KB
    /** Chunks per thread: enough for a late thread to leave work to the others. */
    private static final int CHUNKS_PER_THREAD = 4;
    /** Rows from which nt splits by rows when it has fewer column panels than threads (not at batch 64). */
    private static final int MIN_ROW_SPLIT = 256;

    private final float[][] tile;  // per thread: a 4 × L tile of C for column tails
    private final float[][] panel; // per thread: a zero-padded KC × L copy of B' for column tails
    private final float[][] packs; // per thread: a KC × 4L block of Bᵀ (nt)

    /** A single-threaded instance. */
    public VectorGemm() {
        this(1);
    }

    /** @param threads threads for large products, the caller's included (≥ 1) */
    public VectorGemm(int threads) {
        super(threads, "vector-gemm");
        this.tile = new float[threads][MR * L];
        this.panel = new float[threads][0];
        this.packs = new float[threads][0];
    }

    @Override
    String kind() {
        return "vector-" + S.vectorBitSize();
    }

    // ---------------------------------------------------------------------------------------------
    // The three products

    @Override
    public void nt(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c) {
        Split.checkSizes(m, n, k);
        if (m == 0 || n == 0) {
            return;
        }
        int tiles = Split.tiles(n, NR);
        if (tiles < threads && m >= MIN_ROW_SPLIT) {
            // Fewer column panels than threads (an output layer of 10 on a batch of 1000): by rows,
            // each chunk packing the panels itself (10 × 128 floats; same packing, same bits).
            run(m, n, k, Split.tiles(m, MR), (lo, hi, thread) -> ntPanels(lo * MR, Math.min(m, hi * MR), 0, n, n, k,
                    a, b, bias, c, thread));
            return;
        }
        // By columns. Each panel of 4 vectors of columns is transposed one p-block at a time into a
        // zero-padded kc × 4L buffer (32 KB) and used at once, while it is in L1.
        run(m, n, k, tiles, (lo, hi, thread) -> ntPanels(0, m, lo * NR, Math.min(n, hi * NR), n, k, a, b, bias,
                c, thread));
    }

    /** Rows i0..i1 and the column panels from j0 (a multiple of NR) to j1 of nt's C (·, n). */
    private void ntPanels(int i0, int i1, int j0, int j1, int n, int k, float[] a, float[] b, float[] bias,
                          float[] c, int thread) {
        float[] bp = packBuffer(thread);
        for (int j = j0; j < j1; j += NR) {
            int je = Math.min(j1, j + NR);
            int ldb = Split.tiles(je - j, L) * L;
            int kb = 0;
            do {
                int kc = Math.min(KC, k - kb);
                pack(j, je, ldb, kb, kc, k, b, bp);
                block(i0, i1, j, je, kc, kb == 0, a, kb, k, 1, bp, 0, ldb, true, bias, c, 0, n, thread);
                kb += KC;
            } while (kb < k);
        }
    }

    @Override
    public void nn(int m, int n, int k, float[] a, float[] b, float[] c) {
        nn(m, n, k, a, b, null, c);
    }

    @Override
    public void nn(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c) {
        Split.checkSizes(m, n, k);
        product(m, n, k, a, k, 1, b, 0, bias, c, 0);
    }

    @Override
    public void tn(int m, int n, int k, float[] a, float[] b, float[] c) {
        Split.checkSizes(m, n, k);
        product(m, n, k, a, 1, m, b, 0, null, c, 0);
    }

    /**
     * C = A'·B' [+ bias] with A'(i, p) = a[i·ars + p·acs], B = B' (k, n) from b[b0], C (m, n) from
     * c[c0]; split along the longer side.
     */
    private void product(int m, int n, int k, float[] a, int ars, int acs, float[] b, int b0, float[] bias,
                         float[] c, int c0) {
        if (m == 0 || n == 0) {
            return;
        }
        int rowTiles = Split.tiles(m, MR), colTiles = Split.tiles(n, NR);
        if (rowTiles >= colTiles) {
            run(m, n, k, rowTiles, (lo, hi, thread) -> bcast(lo * MR, Math.min(m, hi * MR), 0, n, k,
                    a, ars, acs, b, b0, n, false, bias, c, c0, n, thread));
        } else {
            run(m, n, k, colTiles, (lo, hi, thread) -> bcast(0, m, lo * NR, Math.min(n, hi * NR), k,
                    a, ars, acs, b, b0, n, false, bias, c, c0, n, thread));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Products over the active (not all-zero) columns of A: the first layer and its input batch.
    // Fast path for n a multiple of 4L (e.g. the hidden width 128); other shapes take the dense
    // kernels. The threads split the output as for the dense products; the microkernels are in
    // VectorActive.

    @Override
    public void nnActive(int m, int n, int k, float[] a, float[] b, int b0, float[] bias, float[] c, int[] act,
                         int kAct) {
        Split.checkSizes(m, n, k);
        if (n % NR != 0 || kAct <= 0 || kAct >= k) {
            Split.checkOperand("B", b, b0, k, n);
            product(m, n, k, a, k, 1, b, b0, bias, c, 0); // the dense kernels' (nn's) product
            return;
        }
        if (m == 0) {
            return;
        }
        int rowTiles = Split.tiles(m, MR), colTiles = n / NR;
        if (rowTiles >= colTiles) {
            run(m, n, kAct, rowTiles, (lo, hi, thread) -> VectorActive.forwardRows(lo * MR, Math.min(m, hi * MR), 0, n, n, k,
                    a, act, kAct, b, b0, bias, c));
        } else {
            run(m, n, kAct, colTiles, (lo, hi, thread) -> VectorActive.forwardRows(0, m, lo * NR, Math.min(n, hi * NR), n, k,
                    a, act, kAct, b, b0, bias, c));
        }
    }

    @Override
    public void tnActive(int m, int n, int k, float[] a, float[] b, float[] c, int c0, int[] act, int mAct) {
        long jobs = pool.jobs();
        gradientActive(m, n, k, a, b, c, c0, act, mAct);
        gradientSplit = pool.jobs() != jobs;
    }

    private void gradientActive(int m, int n, int k, float[] a, float[] b, float[] c, int c0, int[] act, int mAct) {
        Split.checkSizes(m, n, k);
        if (n % NR != 0 || mAct >= m || k == 0) {
            Split.checkOperand("C", c, c0, m, n);
            product(m, n, k, a, 1, m, b, 0, null, c, c0); // the dense kernels' (tn's) product
            return;
        }
        if (n == 0) {
            return;
        }
        for (int t = 0, row = 0; row < m; row++) { // rows of C outside act: zero, as tn gives them
            if (t < mAct && act[t] == row) {
                t++;
            } else {
                java.util.Arrays.fill(c, c0 + row * n, c0 + row * n + n, 0f);
            }
        }
        if (mAct <= 0) {
            return;
        }
        VectorActive.identity(k); // grown here, before the workers read it
        run(mAct, n, k, Split.tiles(mAct, MR), (lo, hi, thread) -> VectorActive.gradientRows(lo * MR, Math.min(mAct, hi * MR),
                m, n, k, a, act, b, c, c0));
    }

    // Products with a sparse A (the first layer's input batch): see VectorSparse. A training batch
    // (up to SERIAL_SPARSE_ROWS rows) is multiplied on the caller's thread alone: split between two
    // threads, the lists, Wᵀ and dWᵀ would move between the cores every step, which cost more here
    // than the second core saved (see the commit history: 2 threads 158-194 µs per step of batch 64
    // against 150-178 on one). Larger batches (inference, validation) are split: threads take ranges
    // of output rows with about equal entries; each output row is computed whole by one.

    @Override
    public void nnSparse(SparseRows a, int n, float[] b, int b0, float[] bias, float[] c) {
        SparseRows.checkProduct(a, n, b, b0, a.cols(), c, 0, a.rows());
        int[] start = a.rowStart();
        int rows = a.rows();
        runSparse(a, n, (part, parts) -> VectorSparse.nn(a, n, b, b0, bias, c,
                SparseRows.splitByEntries(start, rows, part, parts),
                SparseRows.splitByEntries(start, rows, part + 1, parts)));
    }

    @Override
    public void tnSparse(SparseRows a, int n, float[] b, int b0, float[] c, int c0) {
        long jobs = pool.jobs();
        gradientSparse(a, n, b, b0, c, c0);
        gradientSplit = pool.jobs() != jobs;
    }

    private void gradientSparse(SparseRows a, int n, float[] b, int b0, float[] c, int c0) {
        SparseRows.checkProduct(a, n, b, b0, a.rows(), c, c0, a.cols());
        if (!a.hasColumns()) a.buildColumns();
        int[] start = a.colStart();
        int cols = a.cols();
        runSparse(a, n, (part, parts) -> VectorSparse.tn(a, n, b, b0, c, c0,
                SparseRows.splitByEntries(start, cols, part, parts),
                SparseRows.splitByEntries(start, cols, part + 1, parts)));
    }

    /** Whether the last first-layer weight gradient (tnActive, tnSparse) was split between the threads. */
    private boolean gradientSplit;

    @Override
    public boolean lastWeightGradientSplit() {
        return gradientSplit;
    }

    /** Sparse products of a batch of up to this many rows run on the caller's thread alone. */
    static final int SERIAL_SPARSE_ROWS = 128;

    /** A part of a sparse product, split into {@code parts}. */
    @FunctionalInterface
    private interface PartTask {
        void run(int part, int parts);
    }

    /** Runs one part per thread on the pool, or the whole product on the caller if it is small. */
    private void runSparse(SparseRows a, int n, PartTask task) {
        if (pool.isClosed()) {
            throw new IllegalStateException("VectorGemm is closed");
        }
        if (threads == 1 || a.rows() <= SERIAL_SPARSE_ROWS || (long) a.nnz() * n < BlockedGemm.MIN_PARALLEL_WORK / 4) {
            task.run(0, 1);
            return;
        }
        pool.run(threads, (chunk, thread) -> task.run(chunk, threads));
    }

    /** A range of tiles [lo, hi) run by thread {@code thread}. */
    @FunctionalInterface
    private interface TileTask {
        void run(int lo, int hi, int thread);
    }

    /** Runs {@code tiles} tiles in chunks on the pool, or all on the caller if the product is small. */
    private void run(int m, int n, int k, int tiles, TileTask task) {
        if (pool.isClosed()) {
            throw new IllegalStateException("VectorGemm is closed");
        }
        long work = (long) m * n * Math.max(k, 1);
        int chunks = Math.min(tiles, threads * CHUNKS_PER_THREAD);
        if (threads == 1 || chunks < 2 || work < BlockedGemm.MIN_PARALLEL_WORK || !splitPays(work)) {
            task.run(0, tiles, 0);
            return;
        }
        pool.run(chunks, (chunk, thread) -> task.run(Split.start(tiles, chunk, chunks),
                Split.start(tiles, chunk + 1, chunks), thread));
    }

    // ---------------------------------------------------------------------------------------------
    // C(i0..i1, j0..j1) = init + A'·B', A'(i, p) = a[i·ars + p·acs], B'(p, j) = b[p·ldb + j].
    // padded: B' rows can be read as whole vectors past j1 (they hold zeros there).

    private void bcast(int i0, int i1, int j0, int j1, int k, float[] a, int ars, int acs,
                       float[] b, int b0, int ldb, boolean padded, float[] bias, float[] c, int c0, int ldc,
                       int thread) {
        int kb = 0;
        do {
            block(i0, i1, j0, j1, Math.min(KC, k - kb), kb == 0, a, kb * acs, ars, acs,
                    b, b0 + kb * ldb + j0, ldb, padded, bias, c, c0, ldc, thread);
            kb += KC;
        } while (kb < k);
    }

    /**
     * One p-block of kc steps: C(i0..i1, j0..j1) = (first ? bias or 0 : C) + A'(:, block)·B'(block, :)
     * with A'(i, p) = a[aOff + i·ars + p·acs], B'(p, j) = b[bOff + p·ldb + (j − j0)] and C(i, j) =
     * c[cOff + i·ldc + j].
     */
    private void block(int i0, int i1, int j0, int j1, int kc, boolean first, float[] a, int aOff,
                       int ars, int acs, float[] b, int bOff, int ldb, boolean padded, float[] bias,
                       float[] c, int cOff, int ldc, int thread) {
        float[] t = tile[thread];
        int j = j0;
        for (; j + NR <= j1; j += NR) {
            int i = i0;
            for (; i + MR <= i1; i += MR) {
                k4x4(kc, a, aOff + i * ars, ars, acs, b, bOff + j - j0, ldb,
                        c, cOff + i * ldc + j, ldc, bias, j, first);
            }
            for (; i < i1; i++) {
                k1x2(kc, a, aOff + i * ars, acs, b, bOff + j - j0, ldb, c, cOff + i * ldc + j, bias, j, first);
                k1x2(kc, a, aOff + i * ars, acs, b, bOff + j - j0 + 2 * L, ldb, c,
                        cOff + i * ldc + j + 2 * L, bias, j + 2 * L, first);
            }
        }
        if (j + 2 * L <= j1) { // a remainder of 2 or 3 vectors: one 4 × 2 panel
            int i = i0;
            for (; i + MR <= i1; i += MR) {
                k4x2(kc, a, aOff + i * ars, ars, acs, b, bOff + j - j0, ldb,
                        c, cOff + i * ldc + j, ldc, bias, j, first);
            }
            for (; i < i1; i++) {
                k1x2(kc, a, aOff + i * ars, acs, b, bOff + j - j0, ldb, c, cOff + i * ldc + j, bias, j, first);
            }
            j += 2 * L;
        }
        for (; j < j1; j += L) {
            int w = Math.min(L, j1 - j);
            float[] bp = b;
            int bi = bOff + j - j0, ld = ldb;
            if (w < L && !padded) {
                bp = tailPanel(thread, kc, b, bi, ldb, w);
                bi = 0;
                ld = L;
            }
            int i = i0;
            for (; i < i1; i += MR) {
                int rows = Math.min(MR, i1 - i);
                load(t, rows, w, c, cOff + i * ldc + j, ldc, bias, j, first);
                if (rows == MR) {
                    k4x1(kc, a, aOff + i * ars, ars, acs, bp, bi, ld, t);
                } else {
                    for (int r = 0; r < rows; r++) {
                        k1x1(kc, a, aOff + (i + r) * ars, acs, bp, bi, ld, t, r * L);
                    }
                }
                store(t, rows, w, c, cOff + i * ldc + j, ldc);
            }
        }
    }

    /** Copies B'(p .. p+kc, j .. j+w) into a zero-padded kc × L panel. */
    private float[] tailPanel(int thread, int kc, float[] b, int bi, int ldb, int w) {
        if (panel[thread].length < KC * L) {
            panel[thread] = new float[KC * L];
        }
        float[] bp = panel[thread];
        for (int p = 0; p < kc; p++) {
            System.arraycopy(b, bi + p * ldb, bp, p * L, w);
            java.util.Arrays.fill(bp, p * L + w, p * L + L, 0f);
        }
        return bp;
    }

    /** Tail tile buffer t (rows × L) from C, or the bias, or zero. */
    private static void load(float[] t, int rows, int w, float[] c, int ci, int ldc, float[] bias,
                             int j, boolean first) {
        for (int r = 0; r < rows; r++) {
            if (!first) {
                System.arraycopy(c, ci + r * ldc, t, r * L, w);
            } else if (bias != null) {
                System.arraycopy(bias, j, t, r * L, w);
            } else {
                java.util.Arrays.fill(t, r * L, r * L + w, 0f);
            }
        }
    }

    private static void store(float[] t, int rows, int w, float[] c, int ci, int ldc) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(t, r * L, c, ci + r * ldc, w);
        }
    }

    /**
     * Zeros an accumulator starts from in the first p-block when there is no bias (4 vectors: the
     * widest kernel's columns). A kernel loads each accumulator itself, from C (later p-blocks), the
     * bias or these: a helper returning the vector was, when the JIT did not inline it, a boxed
     * object per accumulator per call (see {@code VectorElementwise}'s note on positive).
     */
    static final float[] ZEROS = new float[4 * L];

    private static void k4x2(int kc, float[] a, int ai, int ars, int acs, float[] b, int bi, int ldb,
                             float[] c, int ci, int ldc, float[] bias, int j, boolean first) {
        float[] from = first ? (bias == null ? ZEROS : bias) : c; // the accumulators start from C, the bias or zeros,
        int jb = bias == null ? 0 : j;                              // loaded here: no vector crosses a call (see ZEROS)
        FloatVector c00 = FloatVector.fromArray(S, from, first ? jb : ci);
        FloatVector c01 = FloatVector.fromArray(S, from, first ? jb + L : ci + L);
        FloatVector c10 = FloatVector.fromArray(S, from, first ? jb : ci + ldc);
        FloatVector c11 = FloatVector.fromArray(S, from, first ? jb + L : ci + ldc + L);
        FloatVector c20 = FloatVector.fromArray(S, from, first ? jb : ci + 2 * ldc);
        FloatVector c21 = FloatVector.fromArray(S, from, first ? jb + L : ci + 2 * ldc + L);
        FloatVector c30 = FloatVector.fromArray(S, from, first ? jb : ci + 3 * ldc);
        FloatVector c31 = FloatVector.fromArray(S, from, first ? jb + L : ci + 3 * ldc + L);
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

    private static void k4x4(int kc, float[] a, int ai, int ars, int acs, float[] b, int bi, int ldb,
                             float[] c, int ci, int ldc, float[] bias, int j, boolean first) {
        int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        float[] from = first ? (bias == null ? ZEROS : bias) : c; // the accumulators start from C, the bias or zeros,
        int jb = bias == null ? 0 : j;                              // loaded here: no vector crosses a call (see ZEROS)
        FloatVector c00 = FloatVector.fromArray(S, from, first ? jb : ci);
        FloatVector c01 = FloatVector.fromArray(S, from, first ? jb + L : ci + L);
        FloatVector c02 = FloatVector.fromArray(S, from, first ? jb + 2 * L : ci + 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, from, first ? jb + 3 * L : ci + 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, from, first ? jb : c1);
        FloatVector c11 = FloatVector.fromArray(S, from, first ? jb + L : c1 + L);
        FloatVector c12 = FloatVector.fromArray(S, from, first ? jb + 2 * L : c1 + 2 * L);
        FloatVector c13 = FloatVector.fromArray(S, from, first ? jb + 3 * L : c1 + 3 * L);
        FloatVector c20 = FloatVector.fromArray(S, from, first ? jb : c2);
        FloatVector c21 = FloatVector.fromArray(S, from, first ? jb + L : c2 + L);
        FloatVector c22 = FloatVector.fromArray(S, from, first ? jb + 2 * L : c2 + 2 * L);
        FloatVector c23 = FloatVector.fromArray(S, from, first ? jb + 3 * L : c2 + 3 * L);
        FloatVector c30 = FloatVector.fromArray(S, from, first ? jb : c3);
        FloatVector c31 = FloatVector.fromArray(S, from, first ? jb + L : c3 + L);
        FloatVector c32 = FloatVector.fromArray(S, from, first ? jb + 2 * L : c3 + 2 * L);
        FloatVector c33 = FloatVector.fromArray(S, from, first ? jb + 3 * L : c3 + 3 * L);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[ai + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[ai + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[ai + 3 * ars]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
            ai += acs;
            bi += ldb;
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c02.intoArray(c, ci + 2 * L);
        c03.intoArray(c, ci + 3 * L);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + L);
        c12.intoArray(c, c1 + 2 * L);
        c13.intoArray(c, c1 + 3 * L);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + L);
        c22.intoArray(c, c2 + 2 * L);
        c23.intoArray(c, c2 + 3 * L);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + L);
        c32.intoArray(c, c3 + 2 * L);
        c33.intoArray(c, c3 + 3 * L);
    }

    private static void k1x2(int kc, float[] a, int ai, int acs, float[] b, int bi, int ldb,
                             float[] c, int ci, float[] bias, int j, boolean first) {
        float[] from = first ? (bias == null ? ZEROS : bias) : c; // the accumulators start from C, the bias or zeros,
        int jb = bias == null ? 0 : j;                              // loaded here: no vector crosses a call (see ZEROS)
        FloatVector c00 = FloatVector.fromArray(S, from, first ? jb : ci);
        FloatVector c01 = FloatVector.fromArray(S, from, first ? jb + L : ci + L);
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

    /** Four rows × one vector; the accumulators start from and end in the buffer t (4 × L). */
    private static void k4x1(int kc, float[] a, int ai, int ars, int acs, float[] b, int bi, int ldb,
                             float[] t) {
        FloatVector c0 = FloatVector.fromArray(S, t, 0);
        FloatVector c1 = FloatVector.fromArray(S, t, L);
        FloatVector c2 = FloatVector.fromArray(S, t, 2 * L);
        FloatVector c3 = FloatVector.fromArray(S, t, 3 * L);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            c0 = FloatVector.broadcast(S, a[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ai + ars]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ai + 2 * ars]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ai + 3 * ars]).fma(b0, c3);
            ai += acs;
            bi += ldb;
        }
        c0.intoArray(t, 0);
        c1.intoArray(t, L);
        c2.intoArray(t, 2 * L);
        c3.intoArray(t, 3 * L);
    }

    private static void k1x1(int kc, float[] a, int ai, int acs, float[] b, int bi, int ldb,
                             float[] t, int ti) {
        FloatVector c0 = FloatVector.fromArray(S, t, ti);
        for (int p = 0; p < kc; p++) {
            c0 = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi), c0);
            ai += acs;
            bi += ldb;
        }
        c0.intoArray(t, ti);
    }

    private float[] packBuffer(int thread) {
        if (packs[thread].length < KC * NR) {
            packs[thread] = new float[KC * NR];
        }
        return packs[thread];
    }

    /**
     * bt(p, x) = b(j0 + x, kb + p) for p < kc, x < j1 − j0, zero for x up to ldb: a p-block of the
     * columns [j0, j1) of Bᵀ, row-major (kc, ldb). Eight rows of B at a time, so each p writes 32
     * contiguous bytes.
     */
    private static void pack(int j0, int j1, int ldb, int kb, int kc, int k, float[] b, float[] bt) {
        int w = j1 - j0;
        int x = 0;
        for (; x + 8 <= w; x += 8) {
            int b0 = (j0 + x) * k + kb, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
            int b4 = b3 + k, b5 = b4 + k, b6 = b5 + k, b7 = b6 + k;
            for (int p = 0, o = x; p < kc; p++, o += ldb) {
                bt[o] = b[b0 + p];
                bt[o + 1] = b[b1 + p];
                bt[o + 2] = b[b2 + p];
                bt[o + 3] = b[b3 + p];
                bt[o + 4] = b[b4 + p];
                bt[o + 5] = b[b5 + p];
                bt[o + 6] = b[b6 + p];
                bt[o + 7] = b[b7 + p];
            }
        }
        for (; x < w; x++) {
            int bx = (j0 + x) * k + kb;
            for (int p = 0, o = x; p < kc; p++, o += ldb) {
                bt[o] = b[bx + p];
            }
        }
        if (ldb > w) {
            for (int p = 0; p < kc; p++) {
                java.util.Arrays.fill(bt, p * ldb + w, p * ldb + ldb, 0f);
            }
        }
    }
}
