/**
 * Training and checking: the mini-batch loop ({@link nnworkshop.train.Trainer}) returning a
 * {@link nnworkshop.train.History}, its {@link nnworkshop.train.TrainConfig}, progress reporting,
 * whole-data-set evaluation ({@link nnworkshop.train.Evaluator}, large batches in parts on model
 * replicas, one per kernel thread), the form a batch takes ({@code Batch}: dense, or the nonzero
 * pixels the first layer multiplies by), metrics, seeds split per
 * consumer ({@link nnworkshop.util.Seeds}), and gradient checking against a double-precision
 * reference ({@link nnworkshop.train.GradCheck}).
 */
package nnworkshop.train;
