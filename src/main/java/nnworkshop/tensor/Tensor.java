package nnworkshop.tensor;

import java.util.Arrays;

/**
 * A plain n-dimensional float32 array: a shape and its values in row-major order. This is what a
 * model's state dict holds, ready for a safetensors writer ({@code dtype F32}, this shape, these
 * values as little-endian bytes).
 *
 * @param shape the dimensions, e.g. {128, 784} for a weight or {128} for a bias
 * @param data  the values, exactly the product of {@code shape} of them
 */
public record Tensor(int[] shape, float[] data) {
    public Tensor {
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + data.length);
        }
    }

    /** The shape as PyTorch prints it, e.g. "(128, 784)". */
    public String shapeText() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

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
