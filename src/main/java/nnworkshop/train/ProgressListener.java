package nnworkshop.train;

/**
 * Told what training is doing, to show progress. Every method has an empty default;
 * {@link #SILENT} ignores everything (for tests). {@link #onStep} is called on every step, so it
 * must be cheap.
 */
public interface ProgressListener {

    /** Ignores everything. */
    ProgressListener SILENT = new ProgressListener() {};

    /** A listener for the console: a progress bar in a terminal, one line per epoch otherwise. */
    static ProgressListener console() {
        return ConsoleProgress.forSystemOut();
    }

    /** Before the first epoch. */
    default void onStart(TrainConfig config, int trainCount, int stepsPerEpoch) {}

    /** Before each epoch (1-based). */
    default void onEpochStart(int epoch, int epochs, double learningRate) {}

    /** After each step (1-based within the epoch). */
    default void onStep(int epoch, int step, int stepsPerEpoch, double loss) {}

    /** After each epoch, validation included. */
    default void onEpochEnd(History.Epoch result, int epochs) {}

    /** After training ends, normally or by an error (a diverging loss); {@code history} holds what was done. */
    default void onEnd(History history) {}
}
