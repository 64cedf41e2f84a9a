package nnworkshop.train;

/**
 * Loss and accuracy over a whole data set, with every prediction: what an {@link Engine}'s
 * evaluation gives, the same for both engines.
 *
 * @param count       the number of samples
 * @param loss        the mean loss
 * @param accuracy    the fraction predicted right
 * @param predictions the predicted class of every sample
 */
public record Evaluation(int count, double loss, double accuracy, int[] predictions) {}
