package nnworkshop.tensor.kernel;

import java.util.Arrays;

/**
 * The nonzero entries of a row-major (m, k) float matrix — a batch of images, most of whose pixels
 * are zero (four in five, for MNIST) — listed by row and, on demand, by column.
 *
 * <p>By row (compressed sparse rows): row i's entries are {@code [rowStart(i), rowStart(i+1))} of
 * {@link #colIndex()} and {@link #rowValue()}, in increasing column. By column (built by
 * {@link #buildColumns()} from the rows): column p's entries are {@code [colStart(p), colStart(p+1))}
 * of {@link #rowIndex()} and {@link #colValue()}, in increasing row. The first layer of a network
 * multiplies by its input only through these lists ({@link FastGemm#nnSparse},
 * {@link FastGemm#tnSparse}), skipping the terms 0·w that add nothing.
 *
 * <p>A reusable buffer: {@link #load}, or {@link #beginRows} and {@link #appendRow}, refill it; the
 * arrays grow and are kept. The entries of a zero are left out; a NaN or an infinity is an entry.
 */
public final class SparseRows {
    private int rows, cols, nnz;
    private int[] rowStart = new int[1];
    private int[] colIndex = new int[0];
    private float[] rowValue = new float[0];
    private boolean byColumn;
    private int[] colStart = new int[1];
    private int[] rowIndex = new int[0];
    private float[] colValue = new float[0];
    private int[] next = new int[0]; // buildColumns' cursor per column

    /** An empty (0, 0) matrix. */
    public SparseRows() {
    }

    /** The nonzeros of the row-major (rows, cols) matrix in {@code a} (the reference scan). */
    public static SparseRows of(float[] a, int rows, int cols) {
        SparseRows s = new SparseRows();
        s.load(a, rows, cols);
        return s;
    }

    /** Replaces the contents with the nonzeros of the row-major (rows, cols) matrix {@code a}. */
    public void load(float[] a, int rows, int cols) {
        Split.checkSizes(rows, cols, 0);
        if (a.length < (long) rows * cols) {
            throw new IllegalArgumentException("array of " + a.length + " for (" + rows + ", " + cols + ")");
        }
        int count = 0;
        for (int i = 0, n = rows * cols; i < n; i++) {
            if (a[i] != 0f) count++;
        }
        beginRows(rows, cols, count);
        for (int i = 0; i < rows; i++) {
            int c = nnz;
            for (int p = 0, o = i * cols; p < cols; p++) {
                float v = a[o + p];
                if (v != 0f) {
                    colIndex[c] = p;
                    rowValue[c++] = v;
                }
            }
            rowStart[++filled] = nnz = c;
        }
    }

    private int filled; // rows appended since beginRows

    /**
     * Starts a (rows, cols) matrix to be filled by {@code rows} calls of {@link #appendRow}, with room
     * for {@code capacity} entries in all.
     */
    public void beginRows(int rows, int cols, int capacity) {
        Split.checkSizes(rows, cols, capacity);
        this.rows = rows;
        this.cols = cols;
        this.nnz = 0;
        this.filled = 0;
        this.byColumn = false;
        if (rowStart.length < rows + 1) rowStart = new int[rows + 1];
        if (colIndex.length < capacity) { // grown by half again: batches differ a little in their entries
            int size = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(capacity, colIndex.length + (long) colIndex.length / 2));
            colIndex = new int[size];
            rowValue = new float[size];
        }
        rowStart[0] = 0;
    }

    /**
     * Appends the next row from a list of its nonzero 8-bit pixels: columns {@code index[from..to)}
     * (increasing, {@code & 0xFFFF}) with values {@code (pixel[q] & 0xFF) · scale}.
     */
    public void appendRow(short[] index, byte[] pixel, int from, int to, float scale) {
        if (filled >= rows) throw new IllegalStateException("all " + rows + " rows are already appended");
        int c = nnz, len = to - from;
        if (c + len > colIndex.length) throw new IllegalStateException("more entries than the capacity given");
        for (int q = 0; q < len; q++) {
            colIndex[c + q] = index[from + q] & 0xFFFF;
            rowValue[c + q] = (pixel[from + q] & 0xFF) * scale;
        }
        rowStart[++filled] = nnz = c + len;
    }

    /** Builds the lists by column from those by row (a counting sort: each column's rows increasing). */
    public void buildColumns() {
        if (filled != rows) throw new IllegalStateException(filled + " of " + rows + " rows appended");
        if (colStart.length < cols + 1) colStart = new int[cols + 1];
        if (rowIndex.length < nnz) {
            rowIndex = new int[colIndex.length];
            colValue = new float[colIndex.length];
        }
        int[] start = colStart;
        Arrays.fill(start, 0, cols + 1, 0);
        int[] ci = colIndex;
        for (int e = 0; e < nnz; e++) start[ci[e] + 1]++;
        for (int p = 0; p < cols; p++) start[p + 1] += start[p];
        // start[p] is now where column p begins; advance a cursor per column through the rows in order
        if (next.length < cols) next = new int[cols];
        int[] cursor = next, ri = rowIndex, rs = rowStart;
        float[] cv = colValue, rv = rowValue;
        System.arraycopy(start, 0, cursor, 0, cols);
        for (int i = 0; i < rows; i++) {
            for (int e = rs[i], end = rs[i + 1]; e < end; e++) {
                int pos = cursor[ci[e]]++;
                ri[pos] = i;
                cv[pos] = rv[e];
            }
        }
        byColumn = true;
    }

    /** Whether {@link #buildColumns()} has run since the last refill. */
    public boolean hasColumns() { return byColumn; }

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** Number of nonzero entries. */
    public int nnz() { return nnz; }


    /** (rows + 1) offsets into {@link #colIndex()}/{@link #rowValue()}. Read only. */
    public int[] rowStart() { return rowStart; }

    /** Column of each entry, by row. Read only. */
    public int[] colIndex() { return colIndex; }

    /** Value of each entry, by row. Read only. */
    public float[] rowValue() { return rowValue; }

    /** (cols + 1) offsets into {@link #rowIndex()}/{@link #colValue()}; needs {@link #buildColumns()}. */
    public int[] colStart() { requireColumns(); return colStart; }

    /** Row of each entry, by column. Read only. */
    public int[] rowIndex() { requireColumns(); return rowIndex; }

    /** Value of each entry, by column. Read only. */
    public float[] colValue() { requireColumns(); return colValue; }

    private void requireColumns() {
        if (!byColumn) throw new IllegalStateException("lists by column not built: call buildColumns()");
    }

    /** Writes the entries into the row-major (rows, cols) array {@code a} (whose other elements are left as they are). */
    public void scatterInto(float[] a) {
        for (int i = 0; i < rows; i++) {
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) a[i * cols + colIndex[e]] = rowValue[e];
        }
    }

    /** The matrix as a row-major dense array (for tests and checks). */
    public float[] toDense() {
        float[] a = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) a[i * cols + colIndex[e]] = rowValue[e];
        }
        return a;
    }

    // ---------------------------------------------------------------------------------------------
    // The reference products (plain loops); the fast kernels give the same bits.

    /**
     * Rows [i0, i1) of C(m, n) = A·B + 1·biasᵀ, B (k, n) row-major, bias (n) or null: each
     * C(i, j) is one chain of fused multiply-adds over row i's entries in increasing column, started
     * from bias(j) (or 0) — the chain of a dense product without its zero terms.
     */
    static void nnReference(SparseRows a, int n, float[] b, int b0, float[] bias, float[] c, int i0, int i1) {
        for (int i = i0; i < i1; i++) {
            for (int j = 0; j < n; j++) {
                float acc = bias == null ? 0f : bias[j];
                for (int e = a.rowStart[i]; e < a.rowStart[i + 1]; e++) {
                    acc = Math.fma(a.rowValue[e], b[b0 + a.colIndex[e] * n + j], acc);
                }
                c[i * n + j] = acc;
            }
        }
    }

    /**
     * Rows [p0, p1) of C(k, n) = Aᵀ·B, B (m, n) row-major: each C(p, j) is one chain of fused
     * multiply-adds over column p's entries in increasing row, from 0 (a column without entries gives
     * a row of zeros). Needs {@link #buildColumns()}.
     */
    static void tnReference(SparseRows a, int n, float[] b, int b0, float[] c, int c0, int p0, int p1) {
        a.requireColumns();
        for (int p = p0; p < p1; p++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int e = a.colStart[p]; e < a.colStart[p + 1]; e++) {
                    acc = Math.fma(a.colValue[e], b[b0 + a.rowIndex[e] * n + j], acc);
                }
                c[c0 + p * n + j] = acc;
            }
        }
    }

    /** For a product with this matrix: B must hold (bRows, n) floats from b0, and C (cRows, n) from c0. */
    static void checkProduct(SparseRows a, int n, float[] b, int b0, int bRows, float[] c, int c0, int cRows) {
        if (n < 0) throw new IllegalArgumentException("negative size: n=" + n);
        Split.checkOperand("B", b, b0, bRows, n);
        Split.checkOperand("C", c, c0, cRows, n);
    }

    /** The first of {@code parts} consecutive ranges of [0, count) with about equal entries each. */
    static int splitByEntries(int[] start, int count, int part, int parts) {
        if (part <= 0) return 0;
        if (part >= parts) return count;
        long target = (long) start[count] * part / parts;
        int lo = 0, hi = count; // the first index whose start reaches the target
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] < target) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
