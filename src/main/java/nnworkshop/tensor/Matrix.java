package nnworkshop.tensor;

import java.util.Arrays;

import nnworkshop.tensor.kernel.Elementwise;
import nnworkshop.tensor.kernel.FastElementwise;
import nnworkshop.tensor.kernel.SparseRows;

/**
 * A float32 matrix of shape (rows, cols), row-major: element (i, j) is {@code data()[i * cols + j]}.
 *
 * <p>The backing array may be longer than {@code rows * cols}. A layer sizes its buffers once for
 * the full batch and then {@link #reshapeRows(int) reshapes} them to the rows of each batch, so the
 * last, smaller batch of an epoch needs no new array. Only a batch larger than every batch before
 * it makes a buffer grow.
 *
 * <p>The static operations below — the activations, the losses, row sums, softmax — check shapes
 * once and then call the loops in {@code tensor.kernel}; the matrix products are {@link Backend}'s.
 * The output argument is <em>modified</em> (reshaped to the result's shape); the inputs are
 * <em>not modified</em>. Outputs must not alias inputs unless stated.
 *
 * <p><b>An input batch stored as its nonzeros.</b> A batch of MNIST images is four-fifths zeros.
 * {@link #setRowsFromNonZeros} fills a matrix with the list of its nonzero entries instead of its
 * dense values, and the products of a network's first layer ({@link Backend#linear},
 * {@link Backend#weightGradient}) then skip the zero terms. Everything else sees an ordinary
 * matrix: the first call of {@link #data()}, {@link #get} or any other operation expands the entries
 * into the dense array (a write through {@link #data()} or {@link #set} makes it dense for good).
 */
public final class Matrix {
    private float[] data; // (capacity ≥ rows * cols)
    private int rows;
    private final int cols;
    private SparseRows nonZeros;          // when not null, the values are these entries (an input batch)
    private boolean denseCurrent = true;  // whether data holds the values (false: only nonZeros does)
    private int[] activeColumns;          // (cols) the columns of this input batch with a nonzero, as the last product found them
    private int activeCount = -1;         // how many; −1 when not known for the current values

    /** A zero matrix of shape (rows, cols). */
    public Matrix(int rows, int cols) {
        this(new float[checkedSize(rows, cols)], rows, cols);
    }

    private Matrix(float[] data, int rows, int cols) {
        this.data = data;
        this.rows = rows;
        this.cols = cols;
    }

    /** A (rows, cols) view over {@code data} (not copied; it may be longer than rows * cols). */
    public static Matrix wrap(float[] data, int rows, int cols) {
        if ((long) rows * cols > data.length) {
            throw new IllegalArgumentException("array of " + data.length + " floats is too short for "
                    + shape(rows, cols));
        }
        checkedSize(rows, cols);
        return new Matrix(data, rows, cols);
    }

    /** A matrix holding a copy of {@code values} (one inner array per row, all of one length). */
    public static Matrix of(float[][] values) {
        int r = values.length, c = r == 0 ? 0 : values[0].length;
        Matrix m = new Matrix(r, c);
        for (int i = 0; i < r; i++) {
            if (values[i].length != c) throw new IllegalArgumentException("ragged rows: row " + i + " has "
                    + values[i].length + " values, row 0 has " + c);
            System.arraycopy(values[i], 0, m.data, i * c, c);
        }
        return m;
    }

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** rows * cols. */
    public int size() { return rows * cols; }

    /** How many rows fit without reallocating. */
    public int capacityRows() { return cols == 0 ? Integer.MAX_VALUE : data.length / cols; }

    /**
     * The backing array (shared, row-major; only the first {@link #size()} elements belong to the
     * matrix). The caller may write into it; a matrix stored as its nonzeros is expanded and becomes
     * an ordinary dense one.
     */
    public float[] data() {
        float[] d = dense();
        nonZeros = null;
        activeCount = -1;  // the caller may write
        return d;
    }

    /** {@link #data()} for reading only: keeps the nonzero form and what is known of the values. */
    float[] values() {
        return dense();
    }

    /**
     * The columns with a nonzero value in some row, increasing, in the first {@link #activeCount()}
     * entries. {@code rescan} looks at the values again (a forward pass: the caller may have written
     * into the array since); otherwise the last scan is reused while the matrix was not reshaped or
     * handed out for writing (the backward pass of the same batch).
     */
    int[] activeColumns(boolean rescan) {
        if (rescan || activeCount < 0) {
            if (activeColumns == null) activeColumns = new int[cols];
            activeCount = FastElementwise.nonZeroColumns(dense(), rows, cols, activeColumns);
        }
        return activeColumns;
    }

    /** How many of {@link #activeColumns()} are set (call it first). */
    int activeCount() {
        return activeCount;
    }

    public float get(int i, int j) {
        checkIndex(i, j);
        return dense()[i * cols + j];
    }

    public void set(int i, int j, float v) {
        checkIndex(i, j);
        data()[i * cols + j] = v;
    }

    /** The values in {@link #data}'s array, expanded from the nonzero entries if needed (for reading). */
    private float[] dense() {
        if (!denseCurrent) {
            int n = rows * cols;
            if (data.length < n) data = new float[n];
            Arrays.fill(data, 0, n, 0f);
            nonZeros.scatterInto(data);
            denseCurrent = true;
        }
        return data;
    }

    /** Whether the values are held as the list of nonzero entries ({@link #setRowsFromNonZeros}). */
    public boolean isStoredAsNonZeros() {
        return nonZeros != null;
    }

    /**
     * For a matrix held as its nonzeros: builds now the lists by column that the weight gradient
     * of a first layer reads (it builds them on first use otherwise), so that another thread can
     * do it ahead of the step. Nothing for a dense matrix.
     */
    public void buildColumnLists() {
        if (nonZeros != null && !nonZeros.hasColumns()) nonZeros.buildColumns();
    }

    /** The nonzero entries, for the products; null for a dense matrix. */
    SparseRows nonZeros() {
        return nonZeros;
    }

    // ---- loading an input batch --------------------------------------------------------------

    /**
     * Sets this matrix to {@code count} rows of the byte matrix {@code src} (·, cols), converted to
     * floats: row r is {@code src}'s row {@code rows[from + r]}, each byte b as
     * {@code (b & 0xFF)·scale + shift} — a batch of images, normalised. Dense form.
     *
     * @return this
     */
    public Matrix setRowsFromBytes(byte[] src, int[] rows, int from, int count, float scale, float shift) {
        reshapeRows(count);
        FastElementwise.gatherBytes(src, cols, rows, from, count, data(), scale, shift);
        return this;
    }

    /**
     * Rows {@code [r0, r1)} of {@link #setRowsFromBytes}{@code (src, rows, from, count, scale, shift)}
     * in a matrix already {@link #reshapeRows reshaped} to those {@code count} rows: disjoint ranges
     * may be filled in any order, by several threads, and give that matrix bit for bit (a batch
     * read in chunks by the kernel threads).
     */
    public void setRowRangeFromBytes(byte[] src, int[] rows, int from, int r0, int r1, float scale, float shift) {
        if (r0 < 0 || r0 > r1 || r1 > this.rows) {
            throw new IllegalArgumentException("rows [" + r0 + ", " + r1 + ") of a matrix of " + this.rows);
        }
        FastElementwise.gatherBytes(src, cols, rows, from + r0, r1 - r0, data, r0 * cols, scale, shift);
    }

    /**
     * Sets this matrix to {@code count} rows given by their nonzero entries (the batch's pixels
     * that are not background): row r is list {@code i = rows[from + r]}, whose entries are
     * {@code [start[i], start[i+1])} of {@code index} (columns, increasing, read {@code & 0xFFFF})
     * and {@code value} (bytes b, each worth {@code (b & 0xFF)·scale}). The same values as
     * {@link #setRowsFromBytes} with shift 0, bit for bit, held as the entries alone.
     *
     * @return this
     */
    public Matrix setRowsFromNonZeros(int[] start, short[] index, byte[] value, int[] rows, int from, int count,
                                      float scale) {
        int entries = 0;
        for (int r = 0; r < count; r++) {
            int i = rows[from + r];
            entries += start[i + 1] - start[i];
        }
        SparseRows s = nonZeros != null ? nonZeros : spare != null ? spare : new SparseRows();
        s.beginRows(count, cols, entries);
        for (int r = 0; r < count; r++) {
            int i = rows[from + r];
            s.appendRow(index, value, start[i], start[i + 1], scale);
        }
        this.rows = count;
        this.activeCount = -1;
        this.nonZeros = s;
        this.spare = s;
        this.denseCurrent = false;
        return this;
    }

    private SparseRows spare; // the lists of the last sparse load, kept for the next one

    /**
     * Sets the number of rows, keeping the columns. Reuses the backing array when it is large
     * enough (the usual case); otherwise allocates a larger one (contents are then not kept).
     *
     * @return this
     */
    public Matrix reshapeRows(int newRows) {
        if (newRows < 0) throw new IllegalArgumentException("negative row count " + newRows);
        nonZeros = null;
        denseCurrent = true;
        activeCount = -1;
        if ((long) newRows * cols > data.length) {
            data = new float[checkedSize(newRows, cols)];
        }
        rows = newRows;
        return this;
    }

    /**
     * Makes the backing array hold at least {@code capacity} rows, keeping the current shape
     * (contents are not kept if it grows). Used to size buffers once, before a loop.
     *
     * @return this
     */
    public Matrix reserveRows(int capacity) {
        if ((long) capacity * cols > data.length) {
            data = new float[checkedSize(capacity, cols)];
        }
        return this;
    }

    /** Sets every element to {@code v}. */
    public Matrix fill(float v) {
        Arrays.fill(data(), 0, size(), v);
        return this;
    }

    /** Copies {@code src}'s values into this matrix (same shape required). */
    public Matrix copyFrom(Matrix src) {
        requireShape("copyFrom", src, rows, cols);
        System.arraycopy(src.dense(), 0, data(), 0, size());
        return this;
    }

    /** A new matrix with a copy of these values (no spare capacity). */
    public Matrix copy() {
        Matrix m = new Matrix(rows, cols);
        System.arraycopy(dense(), 0, m.data, 0, size());
        return m;
    }

    /** The values as a new array of exactly {@link #size()} elements. */
    public float[] toArray() {
        return Arrays.copyOf(dense(), size());
    }

    /** The values as (rows) new arrays of (cols). */
    public float[][] toArray2d() {
        float[][] out = new float[rows][cols];
        float[] d = dense();
        for (int i = 0; i < rows; i++) System.arraycopy(d, i * cols, out[i], 0, cols);
        return out;
    }

    /** The shape as text, e.g. "(64, 784)". */
    public String shape() { return shape(rows, cols); }

    @Override
    public String toString() {
        return "Matrix" + shape();
    }

    // ---- activations: A = g(Z) and dZ = dA ∗ g′(Z), element by element ---------------------------

    /** A = max(0, Z) (ReLU). {@code a} may be {@code z}. */
    public static void relu(Matrix z, Matrix a) {
        a.sameShapeAs(z);
        FastElementwise.reluForward(z.dense(), a.data(), z.size());
    }

    /** dZ = dA ∗ [Z &gt; 0] (ReLU's derivative, 0 at z = 0 as PyTorch's). {@code dZ} may be {@code dA}. */
    public static void reluBackward(Matrix z, Matrix dA, Matrix dZ) {
        requireSameShape("ReLU backward", z, dA);
        dZ.sameShapeAs(dA);
        FastElementwise.reluBackward(z.dense(), dA.dense(), dZ.data(), dA.size());
    }

    /** A = Z where Z &gt; 0, else α·Z (leaky ReLU). */
    public static void leakyRelu(Matrix z, float alpha, Matrix a) {
        a.sameShapeAs(z);
        Elementwise.leakyReluForward(z.dense(), alpha, a.data(), z.size());
    }

    /** dZ = dA ∗ (1 where Z &gt; 0, else α). */
    public static void leakyReluBackward(Matrix z, float alpha, Matrix dA, Matrix dZ) {
        requireSameShape("leaky ReLU backward", z, dA);
        dZ.sameShapeAs(dA);
        Elementwise.leakyReluBackward(z.dense(), alpha, dA.dense(), dZ.data(), dA.size());
    }

    /** A = σ(Z) = 1 / (1 + e^(−Z)), without overflow for large |z|. */
    public static void sigmoid(Matrix z, Matrix a) {
        a.sameShapeAs(z);
        Elementwise.sigmoidForward(z.dense(), a.data(), z.size());
    }

    /** dZ = dA ∗ A(1 − A): σ′ from the forward's output A = σ(Z). */
    public static void sigmoidBackward(Matrix a, Matrix dA, Matrix dZ) {
        requireSameShape("sigmoid backward", a, dA);
        dZ.sameShapeAs(dA);
        Elementwise.sigmoidBackward(a.dense(), dA.dense(), dZ.data(), dA.size());
    }

    /** A = tanh(Z). */
    public static void tanh(Matrix z, Matrix a) {
        a.sameShapeAs(z);
        Elementwise.tanhForward(z.dense(), a.data(), z.size());
    }

    /** dZ = dA ∗ (1 − A²): tanh′ from the forward's output A = tanh(Z). */
    public static void tanhBackward(Matrix a, Matrix dA, Matrix dZ) {
        requireSameShape("tanh backward", a, dA);
        dZ.sameShapeAs(dA);
        Elementwise.tanhBackward(a.dense(), dA.dense(), dZ.data(), dA.size());
    }

    // ---- rows and columns --------------------------------------------------------------------

    /** out (1, cols) = Σ_i a[i, :], the sum over the rows (the bias gradient db = Σ_rows dZ). */
    public static void sumRows(Matrix a, Matrix out) {
        requireShape("sumRows output", out, 1, a.cols);
        FastElementwise.sumRows(a.dense(), a.rows, a.cols, out.data());
    }

    /** out = row-wise softmax of z (numerically stable); out becomes z's shape. {@code out} may be {@code z}. */
    public static void softmaxRows(Matrix z, Matrix out) {
        out.sameShapeAs(z);
        Elementwise.softmaxRows(z.dense(), z.rows, z.cols, out.data());
    }

    /** dZ = A ∗ (dA − Σ_k dA[:, k]·A[:, k]), row by row: softmax's backward from its output A. */
    public static void softmaxRowsBackward(Matrix a, Matrix dA, Matrix dZ) {
        requireSameShape("softmax backward", a, dA);
        dZ.sameShapeAs(dA);
        Elementwise.softmaxRowsBackward(a.dense(), dA.dense(), a.rows, a.cols, dZ.data());
    }

    /** out[i] = the column index of the largest value of row i (the first on ties); {@code out} has ≥ rows entries. */
    public static void argmaxRows(Matrix a, int[] out) {
        if (out.length < a.rows) throw new IllegalArgumentException("argmax output has " + out.length
                + " entries for " + a.rows + " rows");
        if (a.cols == 0) throw new IllegalArgumentException("argmax of a matrix with no columns");
        Elementwise.argmaxRows(a.dense(), a.rows, a.cols, out);
    }

    // ---- losses against class labels y (N), 0..K−1 ------------------------------------------

    /**
     * L = (1/N) Σ_i [ logsumexp(Z[i,:]) − Z[i, y_i] ], the mean cross-entropy of softmax(Z) for the
     * labels, and P = softmax(Z) (N, K) for the backward pass (NaN for N = 0). The loss is summed in
     * double; P is computed in float32 as libtorch does, exp of the log-softmax.
     */
    public static double crossEntropy(Matrix z, int[] labels, Matrix probs) {
        probs.sameShapeAs(z);
        double total = Elementwise.crossEntropyRows(z.dense(), z.rows, z.cols, labels, probs.data());
        return z.rows == 0 ? Double.NaN : total / z.rows;
    }

    /** dZ = (P − Y) / N, the gradient of the mean cross-entropy with respect to the logits; Y one-hot of y. */
    public static void crossEntropyBackward(Matrix probs, int[] labels, Matrix dZ) {
        dZ.sameShapeAs(probs);
        Elementwise.crossEntropyBackward(probs.dense(), probs.rows, probs.cols, labels, dZ.data());
    }

    /** L = (1/(N·K)) Σ_i Σ_j (A[i,j] − Y[i,j])², Y one-hot of y (NaN for N = 0). */
    public static double meanSquaredError(Matrix a, int[] labels) {
        double total = Elementwise.squaredErrorOneHot(a.dense(), a.rows, a.cols, labels);
        return a.rows == 0 ? Double.NaN : total / ((double) a.rows * a.cols);
    }

    /** dA = 2 (A − Y) / (N·K), the gradient of the mean squared error; Y one-hot of y. */
    public static void meanSquaredErrorBackward(Matrix a, int[] labels, Matrix dA) {
        dA.sameShapeAs(a);
        float scale = (float) (2.0 / ((double) a.rows * a.cols));
        Elementwise.squaredErrorOneHotBackward(a.dense(), a.rows, a.cols, labels, scale, dA.data());
    }

    /**
     * Makes this (an output) the shape of {@code in}: same columns required, rows set.
     *
     * @return this
     */
    public Matrix sameShapeAs(Matrix in) {
        if (in.cols != cols) {
            throw new IllegalArgumentException("output " + shape() + " cannot hold " + in.shape()
                    + ": column counts differ");
        }
        if (in != this) reshapeRows(in.rows);
        return this;
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Makes this (an output) (m, n) for a product of {@code a} and {@code b}. */
    void resultShape(int m, int n, Object a, Object b) {
        if (cols != n) {
            throw new IllegalArgumentException("output " + shape() + " cannot hold a (" + m + ", " + n
                    + ") product of " + a + " and " + b);
        }
        if (this == a || this == b) throw new IllegalArgumentException("product output must not alias an input");
        reshapeRows(m);
    }

    private static void requireSameShape(String what, Matrix a, Matrix b) {
        if (a.rows != b.rows || a.cols != b.cols) {
            throw new IllegalArgumentException(what + ": " + b.shape() + " should be " + a.shape());
        }
    }

    /** Throws unless {@code m} is (rows, cols). */
    public static void requireShape(String what, Matrix m, int rows, int cols) {
        if (m.rows != rows || m.cols != cols) {
            throw new IllegalArgumentException(what + ": expected " + shape(rows, cols) + ", got " + m.shape());
        }
    }

    private void checkIndex(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside " + shape());
        }
    }

    private static int checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("negative shape " + shape(rows, cols));
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("matrix " + shape(rows, cols) + " is too large");
        return (int) n;
    }

    static String shape(int rows, int cols) {
        return "(" + rows + ", " + cols + ")";
    }
}
