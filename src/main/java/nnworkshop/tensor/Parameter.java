package nnworkshop.tensor;

import java.util.Arrays;

import nnworkshop.tensor.kernel.Elementwise;
import nnworkshop.tensor.kernel.FastGemm;

/**
 * A trainable tensor and its gradient, under the name PyTorch's {@code state_dict} gives it
 * (e.g. {@code "0.weight"}), with its PyTorch shape: (out, in) for a weight, (out) for a bias.
 *
 * <p>Both are stored as matrices: a weight as (out, in), a bias as (1, out). The layer that owns
 * the parameter writes {@link #grad()} in its backward pass (overwriting it: gradients are not
 * accumulated across calls, unlike PyTorch's {@code .grad}); an optimizer updates the value from it
 * with one of the update rules below ({@link #sgdStep}, {@link #momentumStep}, {@link #adamStep}).
 *
 * <p><b>Transposed working copy</b> (the {@link Backend}'s business, invisible from outside but
 * for speed). A weight (out, in) can also keep its value and gradient as (in, out) matrices, for a
 * first layer on the fast kernels, which read Wᵀ: its forward {@code X·Wᵀ + b} then needs no
 * transposition of W on every call, and its gradient is computed directly as dWᵀ. The two copies
 * are kept consistent lazily: each is marked fresh or stale, and a stale one is recomputed (one
 * transposition) the first time it is asked for. {@link #value()} and {@link #grad()} always return
 * the PyTorch layout, up to date; a caller may write into them, so handing them out marks the
 * working copy stale. The training loop, which touches only the working copies, transposes nothing
 * between steps. Do not keep the matrix {@code value()} returned across optimizer steps: ask for it
 * again.
 *
 * <p>The working copies start at an offset in arrays a little longer than they are, which {@link
 * #moveTransposed} changes: a 512-bit load of a row of Wᵀ that does not start on a 64-byte cache
 * line touches two lines, and Java says nothing of where an array starts, so the {@link Backend}
 * times the forward pass at each offset and keeps the fastest ({@link Backend#placeFirstLayerArrays}).
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final Matrix value;
    private final Matrix grad;
    private float[] valueT;         // (in, out) working copy from element tOff, or null
    private float[] gradT;          // (in, out), from element tOff
    private int tOff;               // where the working copies start in their arrays
    private boolean statefulSteps;  // an update rule with per-element state has run (its state starts at 0)
    private boolean valueFresh = true, valueTFresh; // which copies of the value are current
    private boolean gradFresh = true, gradTFresh;
    private FastGemm updater;        // whose threads share the update of the working copy, or null
    private Boolean stepsTransposed; // the layout the update rules walk, fixed by the first step (null before)

    /**
     * @param name  the state-dict name, e.g. "0.weight"
     * @param shape the PyTorch shape, (out, in) or (out)
     * @param value the values; its size must equal the product of {@code shape}
     */
    public Parameter(String name, int[] shape, Matrix value) {
        this.name = name;
        this.shape = shape.clone();
        long n = 1;
        for (int s : shape) n *= s;
        if (n != value.size()) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " does not match "
                    + value.shape());
        }
        this.value = value;
        this.grad = new Matrix(value.rows(), value.cols());
    }

    public String name() { return name; }

    /** The PyTorch shape (a copy). */
    public int[] shape() { return shape.clone(); }

    /** Number of scalars. */
    public int size() { return value.size(); }

    /** Rows of the value matrix: out for a weight, 1 for a bias (does not touch the working copy). */
    int valueRows() { return value.rows(); }

    /** Columns of the value matrix: in for a weight, out for a bias. */
    int valueCols() { return value.cols(); }

    /**
     * The values, in the PyTorch layout and up to date (updated in place by optimizers). The caller
     * may write into it: a transposed working copy is recomputed from it when next needed.
     */
    public Matrix value() {
        if (valueT != null) {
            if (!valueFresh) transpose(valueT, tOff, value);
            valueFresh = true;
            valueTFresh = false;
        }
        return value;
    }

    /** ∂loss/∂value, as written by the last backward pass, in the PyTorch layout (see {@link #value()}). */
    public Matrix grad() {
        if (gradT != null) {
            if (!gradFresh) transpose(gradT, tOff, grad);
            gradFresh = true;
            gradTFresh = false;
        }
        return grad;
    }

    /**
     * Keeps a transposed (in, out) working copy of this 2-d parameter from now on (idempotent; it
     * is never dropped, so an optimizer's per-element state keeps one layout).
     */
    void useTransposedCopy() {
        useTransposedCopy(null);
    }

    /**
     * {@link #useTransposedCopy()}, its updates split between the threads of {@code kernels}: the
     * last kernels with several threads given (a single-threaded evaluation replica's do not replace
     * them); null keeps the current ones.
     */
    void useTransposedCopy(FastGemm kernels) {
        if (kernels != null && (updater == null || kernels.threads() > 1)) updater = kernels;
        if (valueT != null) return;
        if (shape.length != 2) throw new IllegalStateException(name + " is not a matrix");
        valueT = new float[size() + MAX_OFFSET];
        gradT = new float[size() + MAX_OFFSET];
        valueFresh = true;
        valueTFresh = false;
        gradFresh = true;
        gradTFresh = false;
    }

    /** Whether a transposed working copy is kept (for a first layer on the fast kernels). */
    public boolean hasTransposedCopy() { return valueT != null; }

    /**
     * Brings every copy of the value up to date, so that several threads may then read it at once
     * (model replicas evaluating parts of a batch): reading a stale copy would transpose it.
     */
    public void prepareForReading() {
        if (valueT != null && !valueTFresh) valueT();
    }

    /** Wᵀ (in, out) from element {@link #transposedOffset()}, up to date, for reading only (not modified by the caller). */
    float[] valueT() {
        requireTransposed();
        if (!valueTFresh) {
            transpose(value, valueT, tOff);
            valueTFresh = true;
        }
        return valueT;
    }

    /**
     * The array a backward pass writes dWᵀ (in, out) into, from element {@link #transposedOffset()};
     * it then becomes the current gradient.
     */
    float[] gradTForWrite() {
        requireTransposed();
        gradTFresh = true;
        gradFresh = false;
        return gradT;
    }

    /** Where the working copies start in their arrays ({@link #valueT()}, {@link #gradTForWrite()}). */
    int transposedOffset() { return tOff; }

    /** The largest offset of the working copies: 14 floats move them through every 8-byte step of a 64-byte line. */
    static final int MAX_OFFSET = 14;

    /**
     * Moves both working copies to start at element {@code offset} of their arrays (0 to {@value
     * #MAX_OFFSET}), their values unchanged. Refused (false) once an update rule with per-element
     * state has run, whose state pairs with the copies element by element from 0, and for a
     * parameter without working copies. Not while other threads read this parameter.
     */
    boolean moveTransposed(int offset) {
        if (offset < 0 || offset > MAX_OFFSET) throw new IllegalArgumentException("offset " + offset);
        if (valueT == null || statefulSteps) return false;
        if (offset != tOff) {
            System.arraycopy(valueT, tOff, valueT, offset, size());
            System.arraycopy(gradT, tOff, gradT, offset, size());
            tOff = offset;
        }
        return true;
    }

    /**
     * The value array an update rule walks in place: the working copy if there was one at the first
     * step (made up to date first), else {@link #value()}'s. Element i of it pairs with element i of
     * {@link #stepGrad()} and of the optimizer's state; the layout never changes once chosen.
     */
    private float[] stepValue() {
        if (stepsTransposed == null) stepsTransposed = valueT != null;
        if (!stepsTransposed) return value().data();
        float[] v = valueT();
        valueFresh = false;
        return v;
    }

    /** The gradient array matching {@link #stepValue()}, up to date (read only). */
    private float[] stepGrad() {
        if (!stepsTransposed) return grad().data();
        if (!gradTFresh) {
            transpose(grad, gradT, tOff);
            gradTFresh = true;
        }
        return gradT;
    }

    /** The first element the update rules walk in the step arrays ({@link #stepValue()}, {@link #stepGrad()}). */
    private int stepFrom() {
        return stepsTransposed ? tOff : 0;
    }

    /** Before an update rule with per-element state: the working copies back at element 0, where the state starts. */
    private void beginStatefulSteps() {
        if (!statefulSteps) {
            moveTransposed(0);
            statefulSteps = true;
        }
    }

    // ---- update rules: W ← update(W, dW), in place -------------------------------------------

    /**
     * Per-element state for an update rule (a velocity, a moment): {@link #size()} zeros, walked in
     * the same order as the value by the update rules (not necessarily PyTorch's order: do not index it).
     */
    public float[] newState() {
        return new float[size()];
    }

    /** W ← W − α·(dW + wd·W): plain SGD with L2 weight decay (the workshop's W ← W − α·dW for wd = 0). */
    public void sgdStep(float lr, float weightDecay) {
        float[] w = stepValue(), g = stepGrad();
        int at = stepFrom();
        if (!splitUpdate()) {
            Elementwise.sgdStep(w, g, at, at + size(), lr, weightDecay); // no lambda: a step allocates nothing
            return;
        }
        inParts((from, to) -> Elementwise.sgdStep(w, g, from, to, lr, weightDecay));
    }

    /** g = dW + wd·W; v ← μ·v + g; W ← W − α·v (SGD with momentum, PyTorch's rule); v updated. */
    public void momentumStep(float[] velocity, float lr, float mu, float weightDecay) {
        requireState(velocity);
        beginStatefulSteps();
        float[] w = stepValue(), g = stepGrad();
        if (!splitUpdate()) {
            Elementwise.momentumStep(w, g, velocity, size(), lr, mu, weightDecay);
            return;
        }
        inParts((from, to) -> Elementwise.momentumStep(w, g, velocity, from, to, lr, mu, weightDecay));
    }

    /**
     * Adam, PyTorch's order of operations: g = dW + wd·W; m ← β1·m + (1 − β1)·g;
     * v ← β2·v + (1 − β2)·g²; W ← W − (α/bc1)·m / (√v/√bc2 + ε), with the bias corrections
     * bc1 = 1 − β1^t and bc2 = 1 − β2^t; m and v updated.
     */
    public void adamStep(float[] m, float[] v, float lr, float beta1, float beta2, float eps, float weightDecay,
                         double bc1, double bc2) {
        requireState(m);
        requireState(v);
        beginStatefulSteps();
        float[] w = stepValue(), g = stepGrad();
        if (!splitUpdate()) {
            Elementwise.adamStep(w, g, m, v, size(), lr, beta1, beta2, eps, weightDecay, bc1, bc2);
            return;
        }
        inParts((from, to) -> Elementwise.adamStep(w, g, m, v, from, to, lr, beta1, beta2, eps, weightDecay, bc1, bc2));
    }

    /** An elementwise update of the elements [from, to) of the step arrays. */
    @FunctionalInterface
    private interface Range {
        void run(int from, int to);
    }

    /** Whether the update rules split this step's update between the kernel threads ({@link #inParts}). */
    private boolean splitUpdate() {
        return updater != null && updater.threads() > 1 && !updater.isClosed() && Boolean.TRUE.equals(stepsTransposed)
                && updater.lastWeightGradientSplit();
    }

    /**
     * Runs an elementwise update over all elements in contiguous parts, one per kernel thread, on
     * those threads ({@link FastGemm#runParts}): for the transposed working copy of a first layer
     * whose last dWᵀ was split between the threads ({@link #splitUpdate}). Each element is updated the same
     * way whoever updates it: the same bits. Measured on 2 cores at batch 64, epochs alternating in
     * one process: standardised MNIST 43 µs per update on the caller, 28-30 µs split (epoch
     * 0.241 → 0.216 s and 0.301 → 0.286 s), Fashion-MNIST 41 → 28 µs; alone, the caller had to
     * take back every line of Wᵀ, which the other core read in the forward pass, and the half of
     * dWᵀ that it wrote. MNIST's dWᵀ (sparse, batch 64) is computed by the caller alone: its update
     * stays there (split, it took 19-21 µs instead of 9-10).
     */
    private void inParts(Range update) {
        int n = size(), parts = updater.threads(), from = stepFrom();
        updater.runParts(parts, part -> update.run(from + (int) ((long) n * part / parts),
                from + (int) ((long) n * (part + 1) / parts)));
    }

    private void requireState(float[] state) {
        if (state.length != size()) {
            throw new IllegalArgumentException(name + ": optimizer state of " + state.length + " values for " + size()
                    + " (make it with newState())");
        }
    }

    private void requireTransposed() {
        if (valueT == null) throw new IllegalStateException(name + " has no transposed copy");
    }

    /** The working copy dst (c, r) from element d0 = srcᵀ, src (r, c). */
    private static void transpose(Matrix src, float[] dst, int d0) {
        transpose(src.rows(), src.cols(), src.data(), 0, dst, d0);
    }

    /** dst (r, c) = the working copy src (c, r) from element s0, transposed. */
    private static void transpose(float[] src, int s0, Matrix dst) {
        transpose(dst.cols(), dst.rows(), src, s0, dst.data(), 0);
    }

    /** d (c, r) from d0 = sᵀ, s (r, c) from s0; 8 × 8 blocks so both sides stay in cache lines. */
    private static void transpose(int r, int c, float[] s, int s0, float[] d, int d0) {
        for (int i0 = 0; i0 < r; i0 += 8) {
            int i1 = Math.min(r, i0 + 8);
            for (int j0 = 0; j0 < c; j0 += 8) {
                int j1 = Math.min(c, j0 + 8);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) d[d0 + j * r + i] = s[s0 + i * c + j];
                }
            }
        }
    }

    /** The shape as PyTorch prints it, e.g. "(128, 784)" or "(128)". */
    public String shapeText() {
        return Tensor.shapeText(shape);
    }

    @Override
    public String toString() {
        return name + " " + shapeText();
    }
}
