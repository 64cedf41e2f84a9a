/**
 * Part 5: the from-scratch engine and PyTorch (libtorch through DJL) side by side —
 * {@link nnworkshop.compare.Comparison#run} is the one entry point.
 * <ul>
 *   <li>{@link nnworkshop.compare.Impl}: {@code --impl scratch} or {@code torch}, where each engine is
 *       made.</li>
 *   <li>{@link nnworkshop.compare.LockStep}: do they compute the same mathematics? At checkpoints
 *       both get the same weights and the same batch; the losses and every gradient are compared
 *       (the from-scratch engine trains through the one loop, observed between gradients and update).</li>
 *   <li>{@link nnworkshop.compare.Parity}: the relative differences, and the free-running
 *       comparison of two whole training runs (loss of every step, test accuracy).</li>
 *   <li>{@link nnworkshop.compare.Worker}: trains and times one implementation, in a child JVM of
 *       its own (so its memory, start-up and thread count are its own) or in this process.</li>
 *   <li>{@link nnworkshop.compare.Comparison}: runs all of it and writes {@code part5/compare.json},
 *       the figures, and the run files of Parts 2 and 4.</li>
 * </ul>
 * Only {@code nnworkshop.torch} touches DJL; this package sees its plain-Java API.
 */
package nnworkshop.compare;
