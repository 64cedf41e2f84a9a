/**
 * The only loops over raw float arrays: the three matrix products of a dense layer.
 *
 * <p>{@link nnworkshop.tensor.kernel.Gemm} is the contract and
 * {@link nnworkshop.tensor.kernel.ReferenceGemm} its plain, obviously right reference. The fast
 * variants are each tested against it: {@link nnworkshop.tensor.kernel.BlockedGemm} (plain Java that
 * C2 auto-vectorizes, the fallback without the Vector API) and
 * {@link nnworkshop.tensor.kernel.VectorGemm} ({@code jdk.incubator.vector}, register-tiled).
 * {@link nnworkshop.tensor.kernel.Kernels} picks one; {@link nnworkshop.tensor.kernel.GemmBenchmark}
 * measures them. Multi-threaded variants split the output into disjoint parts and never change the
 * order in which an output element is summed, so their results do not depend on the thread count.
 */
package nnworkshop.tensor.kernel;
