/**
 * Training and checking: the mini-batch loop ({@link nnworkshop.train.Trainer}) returning a
 * {@link nnworkshop.train.History}, its {@link nnworkshop.train.TrainConfig}, progress reporting,
 * whole-data-set evaluation ({@link nnworkshop.train.Evaluator}), metrics, seeds split per
 * consumer ({@link nnworkshop.train.Seeds}), and gradient checking against a double-precision
 * reference ({@link nnworkshop.train.GradCheck}).
 */
package nnworkshop.train;
