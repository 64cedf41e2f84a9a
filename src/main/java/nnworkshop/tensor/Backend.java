package nnworkshop.tensor;

import java.util.Objects;
import java.util.function.IntConsumer;

import nnworkshop.tensor.kernel.BackgroundTask;
import nnworkshop.tensor.kernel.CoreDistance;
import nnworkshop.tensor.kernel.FastGemm;
import nnworkshop.tensor.kernel.Gemm;
import nnworkshop.tensor.kernel.Kernels;
import nnworkshop.tensor.kernel.ReferenceGemm;

/**
 * Where a model's matrix products run, and how: the plain reference loops
 * ({@link #reference()}), or the fastest kernels of this JVM on some threads
 * ({@link #fastest(int)}: the Vector API's register-tiled kernels, or plain blocked Java without
 * the module). A layer says which product it needs — the workshop's equations, in the row layout:
 * <pre>
 *   {@link #linear}          Z  = X·Wᵀ + b     the forward of a dense layer     X (N, D), W (H, D), b (H) → Z (N, H)
 *   {@link #weightGradient}  dW = dZᵀ·X        its weight gradient              dZ (N, H), X (N, D) → dW (H, D)
 *   {@link #inputGradient}   dX = dZ·W         the gradient passed back          dZ (N, H), W (H, D) → dX (N, D)
 * </pre>
 * — and the backend decides how to compute it. Each public operation checks its shapes once, then
 * dispatches (the EJML habit): for a network's first layer, whose input is the batch of images and
 * which needs no dX, the fast kernels keep a transposed working copy Wᵀ (D, H) of W (so no
 * transposition on every call: see {@link Parameter}) and skip the input's zeros — all of them when
 * the batch is stored as its nonzero pixels ({@link Matrix#setRowsFromNonZeros}: four MNIST pixels in
 * five are zero), else the columns that are zero in every image of the batch. Products large enough
 * are split between the threads; a training step's products at batch 64 stay on the caller's thread
 * (measured faster here: see the kernels). Every way gives the same chains of multiply-adds for
 * each output, so the results do not depend on the path or the thread count (tested bit for bit).
 *
 * <p>A fast backend owns worker threads: close it when done. Not for concurrent use by several
 * callers (the kernels reuse buffers): one backend per thread that trains or evaluates.
 */
public final class Backend implements AutoCloseable {
    private final Gemm gemm;      // the three products
    private final FastGemm fast;  // the same kernels when they also have the first layer's products, else null
    private final boolean owned;  // closed with this backend

    private Backend(Gemm gemm, boolean owned) {
        this.gemm = Objects.requireNonNull(gemm);
        this.fast = gemm instanceof FastGemm f ? f : null;
        this.owned = owned;
    }

    /** The plain triple loops, one thread: slow and obviously right (tests, the gradient check). */
    public static Backend reference() {
        return new Backend(new ReferenceGemm(), false);
    }

    /**
     * The fastest kernels of this JVM on {@code threads} threads (the caller's included): the Vector
     * API's when {@code jdk.incubator.vector} is present, else plain blocked Java.
     */
    public static Backend fastest(int threads) {
        return new Backend(Kernels.fastest(threads), true);
    }

    /**
     * A backend over given kernels, for tests and benchmarks: kernels that are only a {@link Gemm}
     * take the plain path everywhere (no working copy, no skipped zeros). Closing the backend does
     * not close them.
     */
    public static Backend of(Gemm kernels) {
        return new Backend(kernels, false);
    }

    /** Whether this JVM has the Vector API ({@code --add-modules jdk.incubator.vector}) for the fast kernels. */
    public static boolean vectorApiAvailable() {
        return Kernels.vectorApiAvailable();
    }

    /** Threads used for large products, the caller's included. */
    public int threads() {
        return fast == null ? 1 : fast.threads();
    }

    /** Whether it has the first layer's fast products (transposed weights, skipped zeros). */
    public boolean skipsZeros() {
        return fast != null;
    }

    /** e.g. "vector-512, 2 threads", "blocked, 1 thread" or "reference, 1 thread". */
    /**
     * How far apart the kernel threads' cores are, as the kernels last measured it (they do about
     * four times a second while they run products; while it is far, a training batch's products
     * stay on one thread); never measured for plain kernels or one thread.
     */
    public CoreDistance coreDistance() {
        return fast == null ? CoreDistance.NOT_MEASURED : fast.coreDistance();
    }

    public String describe() {
        return Kernels.describe(gemm);
    }

    /**
     * Runs {@code part.accept(0 .. parts-1)} on this backend's threads (the caller's included), each
     * part once, and returns when all are done: for work split above the level of one product,
     * such as evaluating parts of a batch on model replicas, each with a backend of its own. A part
     * must not call this backend's products.
     */
    public void runParts(int parts, IntConsumer part) {
        if (fast == null) {
            for (int i = 0; i < parts; i++) part.accept(i);
        } else {
            fast.runParts(parts, part);
        }
    }

    /**
     * Starts {@code task} for {@code chunks} chunks and lets idle kernel threads run them after the
     * next product split between the threads (reading the next batch while the caller works on
     * this one); {@code task.finish()} runs the rest and waits for all. Kernels without worker
     * threads leave every chunk to finish.
     */
    public void offer(BackgroundTask task, int chunks) {
        task.start(chunks);
        if (fast != null) fast.offer(task, false);
    }

    /** {@link #offer(BackgroundTask, int)} to a kernel thread idle now (a step with no split product to wait for). */
    public void offerNow(BackgroundTask task, int chunks) {
        task.start(chunks);
        if (fast != null) fast.offer(task, true);
    }

    /**
     * Tells the backend which products will read {@code w}: with {@code readByInputGradient} false
     * (a network's first layer, whose dX = dZ·W nobody needs), the fast kernels keep a transposed
     * working copy of it. Called by a layer when it is given this backend.
     */
    public void register(Parameter w, boolean readByInputGradient) {
        if (fast != null && !readByInputGradient) w.useTransposedCopy(fast);
    }

    // ---- the three products of a dense layer ---------------------------------------------------

    /**
     * Z = X·Wᵀ + b. X (N, D) not modified; W (H, D) and b (H, or null) not modified; Z (N, H)
     * written (reshaped to N rows).
     */
    public void linear(Matrix x, Parameter w, Parameter b, Matrix z) {
        int out = w.valueRows(), in = w.valueCols();
        if (x.cols() != in) throw mismatch(w.name() + ": X·Wᵀ", x.shape(), w.shapeText());
        if (b != null && b.size() != out) {
            throw new IllegalArgumentException(b.name() + " has " + b.size() + " values for " + out + " outputs");
        }
        z.resultShape(x.rows(), out, x, w);
        float[] bias = b == null ? null : b.value().data();
        int n = x.rows();
        if (fast != null && w.hasTransposedCopy()) {
            if (x.isStoredAsNonZeros()) {
                fast.nnSparse(x.nonZeros(), out, w.valueT(), w.transposedOffset(), bias, z.data());
            } else {
                // only the columns of X that are not zero in every row contribute (pixels at the border)
                int[] active = x.activeColumns(true);
                fast.nnActive(n, out, in, x.values(), w.valueT(), w.transposedOffset(), bias, z.data(), active,
                        x.activeCount());
            }
        } else {
            gemm.nt(n, out, in, x.values(), w.value().data(), bias, z.data());
        }
    }

    /**
     * Chooses where the arrays a first layer's products read row by row start, by measuring: where
     * {@code w}'s transposed working copy starts in its array (the forward {@link #linear}{@code (x,
     * w, b, z)} timed with it at each even offset from 0 to {@value Parameter#MAX_OFFSET}, every
     * 8-byte step of a 64-byte cache line) and, for a batch stored as its nonzeros, whether dZ is
     * copied for the weight gradient and to which offset of the copy's array ({@link
     * #weightGradient}{@code (z, x, w)} timed without a copy and at each even offset), {@value
     * #PLACEMENT_ROUNDS} rounds of all the choices, each then set to the one of shortest median time.
     * A row that starts off a cache line costs its 512-bit loads a second line each, and where a Java
     * array starts is the garbage collector's business: the sparse forward pass alone took 45 µs a
     * batch with Wᵀ on a line, 51 µs 32 bytes off and 57-60 µs 16 or 48 bytes off. Call it once the
     * kernels are compiled and the arrays have settled in the old generation (e.g. after an epoch),
     * while no other thread reads {@code w}; {@code z} and {@code w}'s gradient are overwritten. Every
     * later product gives the same bits whatever was chosen (only the speed differs).
     *
     * @return the offset chosen for the working copy, or -1 if {@code w} has no working copy that may
     *     move, or the kernels are not the Vector API's (the plain-Java ones take an offset through a copy)
     */
    public int placeFirstLayerArrays(Matrix x, Parameter w, Parameter b, Matrix z) {
        if (fast == null || !w.hasTransposedCopy() || !vectorApiAvailable() || !w.moveTransposed(0)) return -1;
        int[] offsets = new int[Parameter.MAX_OFFSET / 2 + 1];
        for (int i = 0; i < offsets.length; i++) offsets[i] = 2 * i;
        int wOffset = fastest(offsets, w::moveTransposed, () -> linear(x, w, b, z));
        w.moveTransposed(wOffset);
        if (x.isStoredAsNonZeros()) {
            int[] choices = new int[offsets.length + 1];
            choices[0] = -1; // no copy
            System.arraycopy(offsets, 0, choices, 1, offsets.length);
            copyDzAt(fastest(choices, this::copyDzAt, () -> weightGradient(z, x, w)));
        }
        return wOffset;
    }

    /** Timed rounds over the choices in {@link #placeFirstLayerArrays}. */
    static final int PLACEMENT_ROUNDS = 5;

    /** The choice whose {@code work} took the shortest median time over {@value #PLACEMENT_ROUNDS} rounds of all of them. */
    private static int fastest(int[] choices, java.util.function.IntConsumer set, Runnable work) {
        long[][] nanos = new long[choices.length][PLACEMENT_ROUNDS];
        for (int r = 0; r < PLACEMENT_ROUNDS; r++) {
            for (int i = 0; i < choices.length; i++) {
                set.accept(choices[i]);
                long t0 = System.nanoTime();
                work.run();
                nanos[i][r] = System.nanoTime() - t0;
            }
        }
        int best = 0;
        for (int i = 0; i < choices.length; i++) {
            java.util.Arrays.sort(nanos[i]);
            if (nanos[i][PLACEMENT_ROUNDS / 2] < nanos[best][PLACEMENT_ROUNDS / 2]) best = i;
        }
        return choices[best];
    }

    /**
     * Where the copy of dZ that the sparse weight gradient reads starts in {@link #dzCopy}, or -1
     * for no copy (dZ read where it is); chosen by {@link #placeFirstLayerArrays}. dZ (batch 64 ×
     * 128, 32 KB) is read a row per entry, as Wᵀ is in the forward pass; copying it costs about a
     * microsecond a step.
     */
    private int dzOffset = -1;
    private float[] dzCopy = new float[0];

    /** From now on the sparse weight gradient reads dZ from a copy at element {@code offset} of {@link #dzCopy} (-1: no copy). */
    void copyDzAt(int offset) {
        if (offset < -1 || offset > Parameter.MAX_OFFSET) throw new IllegalArgumentException("offset " + offset);
        dzOffset = offset;
    }

    /**
     * dW = dZᵀ·X, written into {@code w}'s gradient. dZ (N, H) and X (N, D) — the X of the last
     * {@link #linear} with {@code w}, unchanged since — not modified.
     */
    public void weightGradient(Matrix dZ, Matrix x, Parameter w) {
        int out = w.valueRows(), in = w.valueCols();
        if (dZ.rows() != x.rows() || dZ.cols() != out || x.cols() != in) {
            throw mismatch(w.name() + ": dZᵀ·X", dZ.shape(), x.shape());
        }
        int n = x.rows();
        if (fast != null && w.hasTransposedCopy()) {
            if (x.isStoredAsNonZeros()) {
                // dWᵀ = Xᵀ·dZ over X's nonzeros, column by column (rows of all-zero columns are zero)
                float[] dz = dZ.values();
                int dz0 = 0, size = n * out;
                // made at the first step, so that it has settled in the old generation when it is placed
                if (dzCopy.length < Parameter.MAX_OFFSET + size) dzCopy = new float[Parameter.MAX_OFFSET + size];
                if (dzOffset >= 0) {
                    System.arraycopy(dz, 0, dzCopy, dzOffset, size);
                    dz = dzCopy;
                    dz0 = dzOffset;
                }
                fast.tnSparse(x.nonZeros(), out, dz, dz0, w.gradTForWrite(), w.transposedOffset());
            } else {
                // dWᵀ = Xᵀ·dZ: its rows for the all-zero columns of X are zero
                int[] active = x.activeColumns(false);
                fast.tnActive(in, out, n, x.values(), dZ.values(), w.gradTForWrite(), w.transposedOffset(), active,
                        x.activeCount());
            }
        } else {
            gemm.tn(out, in, n, dZ.values(), x.values(), w.grad().data());
        }
    }

    /** dX = dZ·W. dZ (N, H) and W (H, D) not modified; dX (N, D) written. */
    public void inputGradient(Matrix dZ, Parameter w, Matrix dX) {
        int out = w.valueRows(), in = w.valueCols();
        if (dZ.cols() != out) throw mismatch(w.name() + ": dZ·W", dZ.shape(), w.shapeText());
        dX.resultShape(dZ.rows(), in, dZ, w);
        gemm.nn(dZ.rows(), in, out, dZ.values(), w.value().data(), dX.data());
    }

    // ---- plain products of matrices ---------------------------------------------------------------

    /** C = A·Bᵀ + bias, with A (m, k), B (n, k), bias (1, n) or null; C becomes (m, n). */
    public void multiplyNT(Matrix a, Matrix b, Matrix bias, Matrix c) {
        if (a.cols() != b.cols()) throw mismatch("A·Bᵀ", a.shape(), b.shape());
        if (bias != null && (bias.rows() != 1 || bias.cols() != b.rows())) {
            throw new IllegalArgumentException("A·Bᵀ + bias: bias " + bias.shape() + " should be (1, " + b.rows() + ")");
        }
        c.resultShape(a.rows(), b.rows(), a, b);
        gemm.nt(a.rows(), b.rows(), a.cols(), a.values(), b.values(), bias == null ? null : bias.values(), c.data());
    }

    /** C = A·B, with A (m, k), B (k, n); C becomes (m, n). */
    public void multiplyNN(Matrix a, Matrix b, Matrix c) {
        if (a.cols() != b.rows()) throw mismatch("A·B", a.shape(), b.shape());
        c.resultShape(a.rows(), b.cols(), a, b);
        gemm.nn(a.rows(), b.cols(), a.cols(), a.values(), b.values(), c.data());
    }

    /** C = Aᵀ·B, with A (k, m), B (k, n); C becomes (m, n). */
    public void multiplyTN(Matrix a, Matrix b, Matrix c) {
        if (a.rows() != b.rows()) throw mismatch("Aᵀ·B", a.shape(), b.shape());
        c.resultShape(a.cols(), b.cols(), a, b);
        gemm.tn(a.cols(), b.cols(), a.rows(), a.values(), b.values(), c.data());
    }

    private static IllegalArgumentException mismatch(String op, String a, String b) {
        return new IllegalArgumentException(op + ": shapes " + a + " and " + b + " do not fit");
    }

    /** Stops the worker threads of kernels it made; later products throw. Idempotent. */
    @Override
    public void close() {
        if (owned && fast != null) fast.close();
    }

    @Override
    public String toString() {
        return describe();
    }
}
