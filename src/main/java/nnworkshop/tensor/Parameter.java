package nnworkshop.tensor;

import java.util.Arrays;

/**
 * A trainable tensor and its gradient, under the name PyTorch's {@code state_dict} gives it
 * (e.g. {@code "0.weight"}), with its PyTorch shape: (out, in) for a weight, (out) for a bias.
 *
 * <p>Both are stored as matrices: a weight as (out, in), a bias as (1, out). The layer that owns
 * the parameter writes {@link #grad()} in its backward pass (overwriting it: gradients are not
 * accumulated across calls, unlike PyTorch's {@code .grad}); an optimizer reads it and updates
 * {@link #value()} in place.
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final Matrix value;
    private final Matrix grad;

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

    /** The values (updated in place by optimizers). */
    public Matrix value() { return value; }

    /** ∂loss/∂value, as written by the last backward pass. */
    public Matrix grad() { return grad; }

    /** The shape as PyTorch prints it, e.g. "(128, 784)" or "(128)". */
    public String shapeText() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    @Override
    public String toString() {
        return name + " " + shapeText();
    }
}
