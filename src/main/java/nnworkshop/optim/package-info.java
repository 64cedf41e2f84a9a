/**
 * Optimizers ({@link nnworkshop.optim.Sgd}, {@link nnworkshop.optim.Momentum},
 * {@link nnworkshop.optim.Adam}, each with PyTorch's exact update rule) and learning-rate
 * schedules ({@link nnworkshop.optim.StepLr}). Each update is one call on a
 * {@link nnworkshop.tensor.Parameter} ({@code sgdStep}, {@code momentumStep}, {@code adamStep})
 * with its equation beside it; the parameter walks its values in whatever layout the kernels keep.
 */
package nnworkshop.optim;
