package nnworkshop.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A plain n-dimensional float32 array: a shape and its values in row-major (C) order. This is what
 * a model's state dict holds and what a safetensors file stores ({@code dtype F32}, this shape,
 * these values as little-endian bytes).
 *
 * <p>A weight matrix of a dense layer with D inputs and H outputs is, in PyTorch's convention,
 * {@code shape = [H, D]} with element (h, d) at {@code data[h * D + d]}; a bias is {@code [H]}.
 * A scalar has shape {@code []} and one value.
 *
 * @param shape the dimensions, each ≥ 0 (copied; the accessor returns a copy)
 * @param data  the product-of-shape values (not copied: a model's weights can be large, so the
 *              caller must not modify the array while the tensor is in use)
 */
public record Tensor(int[] shape, float[] data) {

    public Tensor {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long n = numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " values but data has " + data.length);
        }
    }

    /** A tensor of the given shape over {@code data} (not copied). */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(shape, data);
    }

    /**
     * The number of values a shape holds (1 for the scalar shape {@code []}).
     *
     * @throws IllegalArgumentException if a dimension is negative or the product exceeds a long
     */
    public static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, (long) d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds more than 2^63 values");
            }
        }
        return n;
    }

    /** The shape as PyTorch prints it, e.g. "(128, 784)". */
    public String shapeText() {
        return shapeText(shape);
    }

    /** A shape as PyTorch prints it, e.g. "(128, 784)" or "(128)". */
    public static String shapeText(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i} of the shape. */
    public int dim(int i) {
        return shape[i];
    }

    /** Whether the shape equals {@code expected}. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** Same shape and bit-identical values (NaN equals NaN, 0.0 differs from -0.0), as after a round trip. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeText();
    }
}
