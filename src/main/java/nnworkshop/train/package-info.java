/**
 * Training, engine-neutral: what both engines share. The {@link nnworkshop.train.Engine} interface
 * (set the learning rate, one step on a {@link nnworkshop.train.MiniBatch}, evaluate, parameters
 * in and out) and the one loop that drives either engine ({@link nnworkshop.train.Training}:
 * epochs, schedule, shuffles, divergence check, validation, progress), returning a
 * {@link nnworkshop.train.History}; its {@link nnworkshop.train.TrainConfig}; the data side of a
 * run ({@link nnworkshop.train.Experiment}); the outcome with its provenance
 * ({@link nnworkshop.train.TrainingRun}, {@link nnworkshop.train.Evaluation}); metrics; progress
 * on the console; the bench figures' shape ({@link nnworkshop.train.BenchmarkResult}).
 *
 * <p>Nothing here knows which engine runs: the from-scratch one is {@code nnworkshop.scratch}, the
 * libtorch one {@code nnworkshop.torch}, and both depend on this package, not the other way round.
 */
package nnworkshop.train;
