/**
 * Part 3: exploring a dataset before training on it — how many images each split holds, how
 * balanced the classes are, what the pixels look like ({@link nnworkshop.explore.DatasetStats}), and
 * the figures and JSON summary written from them ({@link nnworkshop.explore.Explorer}).
 *
 * <p>The pixel mean and std reported here are computed by
 * {@link nnworkshop.data.Normalization#fit} on the training split: the very values the network's
 * input normalisation uses. Figures go through {@link nnworkshop.report}; nothing here trains.
 */
package nnworkshop.explore;
