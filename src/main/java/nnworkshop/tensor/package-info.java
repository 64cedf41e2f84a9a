/**
 * The float32 {@link nnworkshop.tensor.Matrix} (row-major, with spare capacity so batch buffers are
 * reused), named trainable {@link nnworkshop.tensor.Parameter}s, and the plain
 * {@link nnworkshop.tensor.Tensor} of a state dict.
 *
 * <p>Public operations check shapes once; the loops over raw arrays live in
 * {@code nnworkshop.tensor.kernel} (a plain reference for each, the fast variants tested against it).
 */
package nnworkshop.tensor;
