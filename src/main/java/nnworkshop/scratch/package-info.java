/**
 * The from-scratch engine: the {@code nn} network and {@code optim} update rules as an
 * {@link nnworkshop.train.Engine} ({@link nnworkshop.scratch.ScratchEngine}), with what only it
 * needs — a batch in the form its first layer reads fastest ({@code Batch}: dense, or the list of
 * the nonzero pixels; the next dense one read ahead by an idle kernel thread, {@code ReadAhead}), whole-data-set evaluation in large batches split over model replicas, one
 * per kernel thread ({@link nnworkshop.scratch.Evaluator}), the kernels' warm-up while the data
 * loads ({@link nnworkshop.scratch.Warmup}), the gradient check against a double-precision
 * reference ({@link nnworkshop.scratch.GradCheck}) and its benchmark
 * ({@link nnworkshop.scratch.Benchmark}). {@link nnworkshop.scratch.Trainer} is the one-line way
 * to train a model in a notebook or a test.
 */
package nnworkshop.scratch;
