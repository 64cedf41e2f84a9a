package nnworkshop.nn;

import java.util.List;

import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Parameter;
import nnworkshop.tensor.Backend;

/**
 * One stage of a network: {@code forward} maps a batch of inputs to outputs, {@code backward} maps
 * the gradient of the loss with respect to those outputs back to the inputs (and, for a layer
 * with parameters, writes the parameters' gradients on the way).
 *
 * <p>Rows are samples: an input is (N, in), an output (N, out). The matrices a layer returns are
 * its own buffers, valid until its next call; the input given to {@code forward} is kept (not
 * copied) for {@code backward}, so the caller must not change it in between. {@code backward}
 * must follow the {@code forward} of the same batch.
 */
public interface Layer {

    /** Y = f(X). X (N, in) not modified; returns Y (N, out), owned by the layer. */
    Matrix forward(Matrix x);

    /**
     * dX = ∂L/∂X from dY = ∂L/∂Y (N, out), not modified; writes the gradients of this layer's
     * parameters. Returns dX (N, in), owned by the layer, or null if this layer was told its input
     * needs no gradient (the first layer of a network).
     */
    Matrix backward(Matrix dOut);

    /** The trainable parameters, in state-dict order (weight before bias); empty for none. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Makes the buffers hold {@code rows} samples without growing later (an optional warm-up). */
    default void reserve(int rows) {}

    /** Sets where the matrix products run (layers without products ignore it). */
    default void use(Backend backend) {}
}
