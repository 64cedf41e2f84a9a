/**
 * The only loops over raw float arrays: the three matrix products of a dense layer, and the
 * element-wise work of a training step.
 *
 * <p>{@link nnworkshop.tensor.kernel.Gemm} is the contract and
 * {@link nnworkshop.tensor.kernel.ReferenceGemm} its plain, obviously right reference. The fast
 * variants are each tested against it: {@link nnworkshop.tensor.kernel.BlockedGemm} (plain Java that
 * C2 auto-vectorizes, the fallback without the Vector API) and
 * {@link nnworkshop.tensor.kernel.VectorGemm} ({@code jdk.incubator.vector}, register-tiled).
 * {@link nnworkshop.tensor.kernel.FastGemm} adds the products a first layer runs on its
 * transposed weights, and over only the active (not all-zero) columns of its input batch.
 * With a batch given by its nonzero entries ({@link nnworkshop.tensor.kernel.SparseRows}: four MNIST
 * pixels in five are zero), it also multiplies by those alone: the first layer's forward and weight
 * gradient ({@code nnSparse}, {@code tnSparse}; plain reference loops in {@code SparseRows}, the
 * Vector API ones in {@code VectorSparse}, the same chains of multiply-adds without the zero terms).
 * {@link nnworkshop.tensor.kernel.Kernels} picks one; {@link nnworkshop.tensor.kernel.GemmBenchmark}
 * measures them, and {@link nnworkshop.tensor.kernel.VectorPeak} the machine's fp32 peak they are
 * quoted against ({@link nnworkshop.tensor.kernel.PeakFlops}, through {@code Kernels.measurePeak}). Multi-threaded variants split the output into disjoint parts and never change the
 * order in which an output element is summed, so their results do not depend on the thread count.
 *
 * <p>{@link nnworkshop.tensor.kernel.Elementwise} holds the reference element-wise loops
 * (activations, softmax, column sums, optimizer updates, pixel conversion);
 * {@link nnworkshop.tensor.kernel.FastElementwise} runs their Vector API versions
 * ({@code VectorElementwise}, tested against the reference) when the module is present.
 */
package nnworkshop.tensor.kernel;
