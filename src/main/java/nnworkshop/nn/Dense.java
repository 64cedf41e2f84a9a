package nnworkshop.nn;

import java.util.List;
import java.util.Objects;

import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Parameter;
import nnworkshop.tensor.kernel.FastElementwise;
import nnworkshop.tensor.kernel.Gemm;
import nnworkshop.tensor.kernel.ParallelGemm;
import nnworkshop.tensor.kernel.ReferenceGemm;
import nnworkshop.tensor.kernel.SparseRows;

/**
 * A fully connected (linear) layer, PyTorch's {@code nn.Linear(in, out)}.
 *
 * <p>The workshop writes it for column vectors, X (D, N): {@code z1 = W1·X + b1}, and backward
 * {@code dW1 = dz1·Xᵀ}, {@code db1 = Σ dz1}, and the gradient passed on to the previous layer
 * {@code W2ᵀ·dz2}. Here a batch is stored one sample per <em>row</em>, X (N, D), and W keeps
 * PyTorch's (out, in) layout, so every equation is transposed:
 * <pre>
 *   forward   Z  = X·Wᵀ + b        (N, H) = (N, D)·(D, H) + (H)     workshop: z = W·X + b
 *   backward  dW = dZᵀ·X           (H, D) = (H, N)·(N, D)           workshop: dW = dz·Xᵀ
 *             db = Σ_rows dZ       (H)                              workshop: db = Σ dz
 *             dX = dZ·W            (N, D) = (N, H)·(H, D)           workshop: Wᵀ·dz
 * </pre>
 * Shapes use the legend N (batch), D (inputs of this layer), H (outputs; K for the last layer).
 * Gradients are of the batch-mean loss, so the 1/N is already inside dZ (see the losses).
 *
 * <p>A first layer (no dX) given a {@link ParallelGemm} keeps a transposed working copy of W,
 * Wᵀ (D, H) (see {@link Parameter}): the forward is then {@code Z = X·(Wᵀ) + b}, a plain product
 * that needs no transposition of W on every call, and backward writes {@code dWᵀ = Xᵀ·dZ}. The
 * stored and state-dict layout stays (H, D). Each output is the same chain of fused multiply-adds
 * either way, so the results are bit-identical to the untransposed path's. This path also skips
 * the columns of X that are zero in every row of the batch (a third of MNIST's pixels in a batch
 * of 64): their terms in Z are exact zeros and their rows of dWᵀ are zero (see
 * {@link ParallelGemm#nnActive}). Given the batch as its nonzero entries instead
 * ({@link #forwardSparse}), it skips every zero pixel, not only the all-zero columns.
 */
public final class Dense implements Layer {
    private final int in;                  // D
    private final int out;                 // H
    private final Parameter weight;        // (H, D)
    private final Parameter bias;          // (H), stored as (1, H)
    private Gemm gemm;
    private boolean inputGradient = true;  // false for a network's first layer: nobody reads dX
    private Matrix x;                      // (N, D) the last input, kept for backward (not owned)
    private SparseRows xs;                 // (N, D) or the last input as its nonzeros (not owned)
    private final Matrix z;                // (N, H)
    private final Matrix dX;               // (N, D)
    private final int[] active;            // (D) the columns of the last X with a nonzero value
    private int activeCount;

    /**
     * A layer with zero weights (initialise with {@link Init}); the matrix products use a
     * {@link ReferenceGemm} until {@link #useGemm} is called.
     *
     * @param name the prefix of its parameters' names: "0" gives "0.weight" and "0.bias"
     */
    public Dense(String name, int in, int out) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("a dense layer needs in, out > 0, got " + in + ", " + out);
        this.in = in;
        this.out = out;
        this.weight = new Parameter(name + ".weight", new int[] {out, in}, new Matrix(out, in));
        this.bias = new Parameter(name + ".bias", new int[] {out}, new Matrix(1, out));
        this.gemm = new ReferenceGemm();
        this.z = new Matrix(0, out);
        this.dX = new Matrix(0, in);
        this.active = new int[in];
    }

    /** A layer with the same parameter objects (not copies) and buffers of its own; see {@link Sequential#replica()}. */
    private Dense(Dense shared) {
        this.in = shared.in;
        this.out = shared.out;
        this.weight = shared.weight;
        this.bias = shared.bias;
        this.gemm = new ReferenceGemm();
        this.z = new Matrix(0, out);
        this.dX = new Matrix(0, in);
        this.active = new int[in];
        this.inputGradient = shared.inputGradient;
    }

    /** {@link #Dense(Dense)}. */
    Dense sharingParameters() {
        return new Dense(this);
    }

    /** Z = X·Wᵀ + b (workshop: z = W·X + b). X (N, D) → Z (N, H). */
    @Override
    public Matrix forward(Matrix x) {
        if (x.cols() != in) {
            throw new IllegalArgumentException(weight.name() + ": input " + x.shape() + " should have " + in + " columns");
        }
        this.x = x;
        this.xs = null;
        if (transposed()) {
            z.reshapeRows(x.rows());
            // only the columns of X that are not zero in every row contribute (pixels at the border)
            activeCount = FastElementwise.nonZeroColumns(x.data(), x.rows(), in, active);
            ((ParallelGemm) gemm).nnActive(x.rows(), out, in, x.data(), weight.valueT(), bias.value().data(), z.data(),
                    active, activeCount);
        } else {
            Matrix.multiplyNT(gemm, x, weight.value(), bias.value(), z);
        }
        return z;
    }

    /**
     * {@link #forward} for an input given by its nonzero entries (a batch of images, mostly
     * background zeros): {@code Z = X·Wᵀ + b} sums, for each sample, the rows of Wᵀ of its nonzero
     * pixels only; backward then computes {@code dWᵀ = Xᵀ·dZ} from the same lists. The same chains of
     * multiply-adds as {@link #forward} without their zero terms: the same values. Only when
     * {@link #acceptsSparseInput()}.
     */
    public Matrix forwardSparse(SparseRows x) {
        if (x.cols() != in) {
            throw new IllegalArgumentException(weight.name() + ": input (" + x.rows() + ", " + x.cols() + ") should have "
                    + in + " columns");
        }
        if (!acceptsSparseInput()) throw new IllegalStateException(weight.name() + " cannot read a sparse input");
        this.x = null;
        this.xs = x;
        z.reshapeRows(x.rows());
        ((ParallelGemm) gemm).nnSparse(x, out, weight.valueT(), bias.value().data(), z.data());
        return z;
    }

    /** Whether {@link #forwardSparse} can be used: a first layer (no dX) on a {@link ParallelGemm}. */
    public boolean acceptsSparseInput() {
        return transposed() && !inputGradient;
    }

    /** dW = dZᵀ·X, db = Σ_rows dZ, dX = dZ·W (workshop: dW = dz·Xᵀ, db = Σ dz, Wᵀ·dz). */
    @Override
    public Matrix backward(Matrix dZ) {
        if (x == null && xs == null) throw new IllegalStateException("backward before forward");
        int rows = x != null ? x.rows() : xs.rows();
        if (dZ.rows() != rows || dZ.cols() != out) {
            Matrix.requireShape(weight.name() + " backward: dZ", dZ, rows, out); // throws
        }
        if (xs != null) {
            // dWᵀ = Xᵀ·dZ over X's nonzeros, column by column (rows of all-zero columns are zero)
            ((ParallelGemm) gemm).tnSparse(xs, out, dZ.data(), weight.gradTForWrite());
        } else if (transposed()) {
            // dWᵀ = Xᵀ·dZ: its rows for the all-zero columns of X are zero
            ((ParallelGemm) gemm).tnActive(in, out, x.rows(), x.data(), dZ.data(), weight.gradTForWrite(), active,
                    activeCount);
        } else {
            Matrix.multiplyTN(gemm, dZ, x, weight.grad());
        }
        Matrix.sumRows(dZ, bias.grad());
        if (!inputGradient) return null;
        Matrix.multiplyNN(gemm, dZ, weight.value(), dX);
        return dX;
    }

    /** Whether {@link #backward} computes dX; a network's first layer turns it off (saves a third of backward). */
    public void setInputGradient(boolean needed) {
        this.inputGradient = needed;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void reserve(int rows) {
        z.reserveRows(rows);
        if (inputGradient) dX.reserveRows(rows);
    }

    @Override
    public void useGemm(Gemm gemm) {
        this.gemm = Objects.requireNonNull(gemm);
        if (gemm instanceof ParallelGemm && !inputGradient) weight.useTransposedCopy();
    }

    /** Whether this layer computes with Wᵀ (a first layer on a ParallelGemm). */
    private boolean transposed() {
        return gemm instanceof ParallelGemm && weight.hasTransposedCopy();
    }

    /** W (H, D), PyTorch's layout. */
    public Parameter weight() { return weight; }

    /** b (H). */
    public Parameter bias() { return bias; }

    /** D. */
    public int inputs() { return in; }

    /** H. */
    public int outputs() { return out; }

    @Override
    public String toString() {
        return "Linear(in_features=" + in + ", out_features=" + out + ")";
    }
}
