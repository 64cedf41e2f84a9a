/**
 * The float32 {@link nnworkshop.tensor.Matrix} (row-major, with spare capacity so batch buffers are
 * reused; an input batch may be held as its nonzero pixels), named trainable
 * {@link nnworkshop.tensor.Parameter}s with their update rules, the plain
 * {@link nnworkshop.tensor.Tensor} of a state dict, and the {@link nnworkshop.tensor.Backend} that
 * runs a dense layer's three products.
 *
 * <p>This is the line between the lesson and the machinery: {@code nn} and {@code optim} say each
 * equation as one call here, and the calls check shapes once, then dispatch to the loops in
 * {@code nnworkshop.tensor.kernel} — sparse or dense, on a transposed working copy or not, on one
 * thread or two (a plain reference for each kernel, the fast variants tested against it). Nothing
 * above this package imports the kernels.
 */
package nnworkshop.tensor;
