/**
 * The network, from scratch: the activation functions ({@link nnworkshop.nn.Activations}, shared
 * with Part 1), layers with {@code forward} and {@code backward} side by side
 * ({@link nnworkshop.nn.Dense}, {@link nnworkshop.nn.ReLU}, {@link nnworkshop.nn.Sigmoid},
 * {@link nnworkshop.nn.Tanh}, {@link nnworkshop.nn.LeakyReLU}, {@link nnworkshop.nn.Softmax}),
 * losses as small strategy objects ({@link nnworkshop.nn.SoftmaxCrossEntropy},
 * {@link nnworkshop.nn.MeanSquaredError}), the {@link nnworkshop.nn.Sequential} model built from a
 * {@link nnworkshop.nn.ModelSpec}, and weight initialisation ({@link nnworkshop.nn.Init}).
 *
 * <p>The workshop writes its equations for column vectors (X is D×N, z = W·X + b); the code keeps
 * one sample per row (X is N×D, Z = X·Wᵀ + b) with W stored (out, in) as PyTorch does. Each class
 * gives both forms. Shape legend: N batch, D inputs, H hidden, K classes.
 */
package nnworkshop.nn;
