package nnworkshop.tensor;

import java.util.Arrays;

import nnworkshop.tensor.kernel.Elementwise;
import nnworkshop.tensor.kernel.FastElementwise;
import nnworkshop.tensor.kernel.Gemm;

/**
 * A float32 matrix of shape (rows, cols), row-major: element (i, j) is {@code data()[i * cols + j]}.
 *
 * <p>The backing array may be longer than {@code rows * cols}. A layer sizes its buffers once for
 * the full batch and then {@link #reshapeRows(int) reshapes} them to the rows of each batch, so the
 * last, smaller batch of an epoch needs no new array. Only a batch larger than every batch before
 * it makes a buffer grow.
 *
 * <p>The static operations below check shapes once and then call the loops in
 * {@code tensor.kernel}: matrix products through an injected {@link Gemm}, the rest through
 * {@link Elementwise}. The output argument is <em>modified</em> (reshaped to the result's shape);
 * the inputs are <em>not modified</em>. Outputs must not alias inputs unless stated.
 */
public final class Matrix {
    private float[] data; // (capacity ≥ rows * cols)
    private int rows;
    private final int cols;

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

    /** The backing array (shared, row-major; only the first {@link #size()} elements belong to the matrix). */
    public float[] data() { return data; }

    public float get(int i, int j) {
        checkIndex(i, j);
        return data[i * cols + j];
    }

    public void set(int i, int j, float v) {
        checkIndex(i, j);
        data[i * cols + j] = v;
    }

    /**
     * Sets the number of rows, keeping the columns. Reuses the backing array when it is large
     * enough (the usual case); otherwise allocates a larger one (contents are then not kept).
     *
     * @return this
     */
    public Matrix reshapeRows(int newRows) {
        if (newRows < 0) throw new IllegalArgumentException("negative row count " + newRows);
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
        Arrays.fill(data, 0, size(), v);
        return this;
    }

    /** Copies {@code src}'s values into this matrix (same shape required). */
    public Matrix copyFrom(Matrix src) {
        requireShape("copyFrom", src, rows, cols);
        System.arraycopy(src.data, 0, data, 0, size());
        return this;
    }

    /** A new matrix with a copy of these values (no spare capacity). */
    public Matrix copy() {
        Matrix m = new Matrix(rows, cols);
        System.arraycopy(data, 0, m.data, 0, size());
        return m;
    }

    /** The values as a new array of exactly {@link #size()} elements. */
    public float[] toArray() {
        return Arrays.copyOf(data, size());
    }

    /** The values as (rows) new arrays of (cols). */
    public float[][] toArray2d() {
        float[][] out = new float[rows][cols];
        for (int i = 0; i < rows; i++) System.arraycopy(data, i * cols, out[i], 0, cols);
        return out;
    }

    /** The shape as text, e.g. "(64, 784)". */
    public String shape() { return shape(rows, cols); }

    @Override
    public String toString() {
        return "Matrix" + shape();
    }

    // ---- products ----------------------------------------------------------------------------

    /**
     * C = A·Bᵀ + bias, with A (m, k), B (n, k), bias (1, n) or null; C becomes (m, n).
     * The forward of a dense layer: Z = X·Wᵀ + b.
     */
    public static void multiplyNT(Gemm gemm, Matrix a, Matrix b, Matrix bias, Matrix c) {
        if (a.cols != b.cols) throw mismatch("A·Bᵀ", a, b);
        if (bias != null && (bias.rows != 1 || bias.cols != b.rows)) {
            throw new IllegalArgumentException("A·Bᵀ + bias: bias " + bias.shape() + " should be (1, " + b.rows + ")");
        }
        c.resultShape(a.rows, b.rows, a, b);
        gemm.nt(a.rows, b.rows, a.cols, a.data, b.data, bias == null ? null : bias.data, c.data);
    }

    /** C = A·B, with A (m, k), B (k, n); C becomes (m, n). The input gradient dX = dZ·W. */
    public static void multiplyNN(Gemm gemm, Matrix a, Matrix b, Matrix c) {
        if (a.cols != b.rows) throw mismatch("A·B", a, b);
        c.resultShape(a.rows, b.cols, a, b);
        gemm.nn(a.rows, b.cols, a.cols, a.data, b.data, c.data);
    }

    /** C = Aᵀ·B, with A (k, m), B (k, n); C becomes (m, n). The weight gradient dW = dZᵀ·X. */
    public static void multiplyTN(Gemm gemm, Matrix a, Matrix b, Matrix c) {
        if (a.rows != b.rows) throw mismatch("Aᵀ·B", a, b);
        c.resultShape(a.cols, b.cols, a, b);
        gemm.tn(a.cols, b.cols, a.rows, a.data, b.data, c.data);
    }

    // ---- rows and columns --------------------------------------------------------------------

    /** out (1, cols) = Σ_i a[i, :], the sum over the rows (the bias gradient db = Σ_rows dZ). */
    public static void sumRows(Matrix a, Matrix out) {
        requireShape("sumRows output", out, 1, a.cols);
        FastElementwise.sumRows(a.data, a.rows, a.cols, out.data);
    }

    /** out = row-wise softmax of z (numerically stable); out becomes z's shape. {@code out} may be {@code z}. */
    public static void softmaxRows(Matrix z, Matrix out) {
        out.sameShapeAs(z);
        Elementwise.softmaxRows(z.data, z.rows, z.cols, out.data);
    }

    /** out[i] = the column index of the largest value of row i (the first on ties); {@code out} has ≥ rows entries. */
    public static void argmaxRows(Matrix a, int[] out) {
        if (out.length < a.rows) throw new IllegalArgumentException("argmax output has " + out.length
                + " entries for " + a.rows + " rows");
        if (a.cols == 0) throw new IllegalArgumentException("argmax of a matrix with no columns");
        Elementwise.argmaxRows(a.data, a.rows, a.cols, out);
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

    private void resultShape(int m, int n, Matrix a, Matrix b) {
        if (cols != n) {
            throw new IllegalArgumentException("output " + shape() + " cannot hold a (" + m + ", " + n
                    + ") product of " + a.shape() + " and " + b.shape());
        }
        if (this == a || this == b) throw new IllegalArgumentException("product output must not alias an input");
        reshapeRows(m);
    }

    private static IllegalArgumentException mismatch(String op, Matrix a, Matrix b) {
        return new IllegalArgumentException(op + ": shapes " + a.shape() + " and " + b.shape() + " do not fit");
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

    private static String shape(int rows, int cols) {
        return "(" + rows + ", " + cols + ")";
    }
}
