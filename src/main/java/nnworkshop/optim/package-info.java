/**
 * Optimizers ({@link nnworkshop.optim.Sgd}, {@link nnworkshop.optim.Momentum},
 * {@link nnworkshop.optim.Adam}, each with PyTorch's exact update rule) and learning-rate
 * schedules ({@link nnworkshop.optim.StepLr}). The update loops themselves are kernels in
 * {@code nnworkshop.tensor.kernel.Elementwise}.
 */
package nnworkshop.optim;
