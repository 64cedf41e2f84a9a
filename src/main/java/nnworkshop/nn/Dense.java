package nnworkshop.nn;

import java.util.List;
import java.util.Objects;

import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Parameter;

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
 * <p>Each equation is one call on the {@link Backend} the layer was given ({@link #use}), which
 * decides how to compute the product: for a first layer on the fast kernels, on a transposed
 * working copy of W and skipping the input's zero pixels. The values are the same either way.
 */
public final class Dense implements Layer {
    private final int in;                  // D
    private final int out;                 // H
    private final Parameter weight;        // (H, D)
    private final Parameter bias;          // (H), stored as (1, H)
    private Backend backend;
    private boolean inputGradient = true;  // false for a network's first layer: nobody reads dX
    private Matrix x;                      // (N, D) the last input, kept for backward (not owned)
    private final Matrix z;                // (N, H)
    private final Matrix dX;               // (N, D)

    /**
     * A layer with zero weights (initialise with {@link Init}); the matrix products use a
     * {@link Backend#reference()} until {@link #use} is called.
     *
     * @param name the prefix of its parameters' names: "0" gives "0.weight" and "0.bias"
     */
    public Dense(String name, int in, int out) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("a dense layer needs in, out > 0, got " + in + ", " + out);
        this.in = in;
        this.out = out;
        this.weight = new Parameter(name + ".weight", new int[] {out, in}, new Matrix(out, in));
        this.bias = new Parameter(name + ".bias", new int[] {out}, new Matrix(1, out));
        this.backend = Backend.reference();
        this.z = new Matrix(0, out);
        this.dX = new Matrix(0, in);
    }

    /** A layer with the same parameter objects (not copies) and buffers of its own; see {@link Sequential#replica()}. */
    private Dense(Dense shared) {
        this.in = shared.in;
        this.out = shared.out;
        this.weight = shared.weight;
        this.bias = shared.bias;
        this.backend = Backend.reference();
        this.z = new Matrix(0, out);
        this.dX = new Matrix(0, in);
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
        backend.linear(x, weight, bias, z);                  // Z = X·Wᵀ + b
        return z;
    }

    /** dW = dZᵀ·X, db = Σ_rows dZ, dX = dZ·W (workshop: dW = dz·Xᵀ, db = Σ dz, Wᵀ·dz). */
    @Override
    public Matrix backward(Matrix dZ) {
        if (x == null) throw new IllegalStateException("backward before forward");
        if (dZ.rows() != x.rows() || dZ.cols() != out) {
            Matrix.requireShape(weight.name() + " backward: dZ", dZ, x.rows(), out); // throws
        }
        backend.weightGradient(dZ, x, weight);               // dW = dZᵀ·X
        Matrix.sumRows(dZ, bias.grad());                     // db = Σ_rows dZ
        if (!inputGradient) return null;
        backend.inputGradient(dZ, weight, dX);               // dX = dZ·W
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

    /** Computes its products on {@code backend} from now on (see {@link Backend#register}). */
    @Override
    public void use(Backend backend) {
        this.backend = Objects.requireNonNull(backend);
        backend.register(weight, inputGradient);
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
