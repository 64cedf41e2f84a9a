package nnworkshop.tensor.kernel;

/**
 * Plain-Java {@link Gemm}, cache-blocked and shaped so HotSpot's C2 auto-vectorizes it: the fallback
 * when the {@code jdk.incubator.vector} module is absent (e.g. inside a notebook kernel).
 *
 * <p>All three products become {@code C(i, :) = init + Σ_p A'(i, p) · B'(p, :)} with B' copied into
 * one {@code float[]} per row (k rows of n): C2 vectorizes {@code c0[j] = fma(a, b0[j], c0[j])} over
 * separate row arrays indexed alike, but not the same loop on one flat array with runtime offsets
 * (it cannot rule out overlap). Four output rows share each load of B', two p-steps per pass.
 * Every output is one chain of fused multiply-adds in increasing p, started from the bias or zero,
 * whatever the blocking; threads take whole 4-row tiles, so results do not depend on the thread count.
 *
 * <p>Not for concurrent use by several callers (it reuses buffers).
 */
public final class BlockedGemm extends PooledGemm {

    /** Below this many multiply-adds a product runs on the caller's thread only. */
    static final long MIN_PARALLEL_WORK = 1L << 17;
    /** Columns per block: 4 C-row blocks (8 KB) stay in L1 while B' streams through. */
    private static final int NC = 512;
    private static final int MR = 4;

    private float[][] rows = new float[0][]; // B' (k, n), one array per row
    private final float[][][] scratch;       // per part: MR C-row buffers (n)

    /** A single-threaded instance. */
    public BlockedGemm() {
        this(1);
    }

    /** @param threads threads for large products, the caller's included (≥ 1) */
    public BlockedGemm(int threads) {
        super(threads, "blocked-gemm");
        this.scratch = new float[threads][MR][0];
    }

    @Override
    String kind() {
        return "blocked";
    }

    @Override
    public void nt(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c) {
        Split.checkSizes(m, n, k);
        float[][] bt = rows(k, n);
        for (int j = 0; j < n; j++) {       // B' = Bᵀ: B row j becomes column j
            int bj = j * k;
            for (int p = 0; p < k; p++) {
                bt[p][j] = b[bj + p];
            }
        }
        compute(m, n, k, a, k, 1, bt, bias, c);
    }

    @Override
    public void nn(int m, int n, int k, float[] a, float[] b, float[] c) {
        nn(m, n, k, a, b, null, c);
    }

    @Override
    public void nn(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c) {
        Split.checkSizes(m, n, k);
        compute(m, n, k, a, k, 1, copyRows(k, n, b), bias, c);
    }

    @Override
    public void tn(int m, int n, int k, float[] a, float[] b, float[] c) {
        Split.checkSizes(m, n, k);
        compute(m, n, k, a, 1, m, copyRows(k, n, b), null, c);
    }

    private float[][] copyRows(int k, int n, float[] b) {
        float[][] br = rows(k, n);
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, p * n, br[p], 0, n);
        }
        return br;
    }

    private float[][] rows(int k, int n) {
        if (rows.length < k || (k > 0 && rows[0].length < n)) {
            int width = Math.max(n, rows.length == 0 ? 0 : rows[0].length);
            rows = new float[Math.max(k, rows.length)][width];
        }
        return rows;
    }

    /** A'(i, p) = a[i·ars + p·acs]; B' rows br; C (m, n) row-major. */
    private void compute(int m, int n, int k, float[] a, int ars, int acs, float[][] br, float[] bias,
                         float[] c) {
        if (pool.isClosed()) {
            throw new IllegalStateException("BlockedGemm is closed");
        }
        if (m == 0 || n == 0) {
            return;
        }
        for (float[][] s : scratch) {
            if (s[0].length < n) {
                for (int r = 0; r < MR; r++) {
                    s[r] = new float[n];
                }
            }
        }
        int tiles = Split.tiles(m, MR);
        int chunks = Math.min(tiles, threads * 4);
        if (threads == 1 || (long) m * n * k < MIN_PARALLEL_WORK || chunks < 2 || !splitPays((long) m * n * k)) {
            rowRange(0, m, n, k, a, ars, acs, br, bias, c, scratch[0]);
            return;
        }
        pool.run(chunks, (chunk, thread) -> {
            int i0 = Split.start(tiles, chunk, chunks) * MR;
            int i1 = Math.min(m, Split.start(tiles, chunk + 1, chunks) * MR);
            rowRange(i0, i1, n, k, a, ars, acs, br, bias, c, scratch[thread]);
        });
    }

    private static void rowRange(int i0, int i1, int n, int k, float[] a, int ars, int acs,
                                 float[][] br, float[] bias, float[] c, float[][] cr) {
        float[] c0 = cr[0], c1 = cr[1], c2 = cr[2], c3 = cr[3];
        for (int jb = 0; jb < n; jb += NC) {
            int je = Math.min(n, jb + NC);
            int i = i0;
            for (; i + MR <= i1; i += MR) {
                init(c0, jb, je, bias);
                init(c1, jb, je, bias);
                init(c2, jb, je, bias);
                init(c3, jb, je, bias);
                int ai = i * ars;
                int p = 0;
                for (; p + 2 <= k; p += 2) {
                    float[] b0 = br[p], b1 = br[p + 1];
                    int q0 = ai + p * acs, q1 = q0 + acs;
                    float a00 = a[q0], a01 = a[q1];
                    float a10 = a[q0 + ars], a11 = a[q1 + ars];
                    float a20 = a[q0 + 2 * ars], a21 = a[q1 + 2 * ars];
                    float a30 = a[q0 + 3 * ars], a31 = a[q1 + 3 * ars];
                    for (int j = jb; j < je; j++) {
                        float x0 = b0[j], x1 = b1[j];
                        c0[j] = Math.fma(a01, x1, Math.fma(a00, x0, c0[j]));
                        c1[j] = Math.fma(a11, x1, Math.fma(a10, x0, c1[j]));
                        c2[j] = Math.fma(a21, x1, Math.fma(a20, x0, c2[j]));
                        c3[j] = Math.fma(a31, x1, Math.fma(a30, x0, c3[j]));
                    }
                }
                if (p < k) {
                    float[] b0 = br[p];
                    int q0 = ai + p * acs;
                    float a00 = a[q0], a10 = a[q0 + ars], a20 = a[q0 + 2 * ars], a30 = a[q0 + 3 * ars];
                    for (int j = jb; j < je; j++) {
                        float x0 = b0[j];
                        c0[j] = Math.fma(a00, x0, c0[j]);
                        c1[j] = Math.fma(a10, x0, c1[j]);
                        c2[j] = Math.fma(a20, x0, c2[j]);
                        c3[j] = Math.fma(a30, x0, c3[j]);
                    }
                }
                System.arraycopy(c0, jb, c, i * n + jb, je - jb);
                System.arraycopy(c1, jb, c, (i + 1) * n + jb, je - jb);
                System.arraycopy(c2, jb, c, (i + 2) * n + jb, je - jb);
                System.arraycopy(c3, jb, c, (i + 3) * n + jb, je - jb);
            }
            for (; i < i1; i++) {
                init(c0, jb, je, bias);
                int ai = i * ars;
                for (int p = 0; p < k; p++) {
                    float[] b0 = br[p];
                    float a00 = a[ai + p * acs];
                    for (int j = jb; j < je; j++) {
                        c0[j] = Math.fma(a00, b0[j], c0[j]);
                    }
                }
                System.arraycopy(c0, jb, c, i * n + jb, je - jb);
            }
        }
    }

    private static void init(float[] cr, int jb, int je, float[] bias) {
        if (bias == null) {
            java.util.Arrays.fill(cr, jb, je, 0f);
        } else {
            System.arraycopy(bias, jb, cr, jb, je - jb);
        }
    }
}
