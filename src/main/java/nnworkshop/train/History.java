package nnworkshop.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a training run measured, returned to the caller (nothing is printed): the loss of every
 * step, and per epoch the training loss and accuracy, the validation loss and accuracy, the
 * learning rate and the time taken; with the configuration that produced them.
 *
 * <p>The training loss and accuracy of an epoch are averaged over its steps while the weights
 * were still changing (as the usual PyTorch loop reports them); the validation figures are
 * measured on the whole validation set after the epoch. Without a validation set they are NaN.
 */
public final class History {
    /** One epoch's figures (epoch is 1-based). */
    public record Epoch(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                        double learningRate, double seconds) {}

    private final TrainConfig config;
    private final int stepsPerEpoch;
    private final float[] stepLoss; // (epochs · stepsPerEpoch), filled as training goes
    private int steps;
    private final List<Epoch> epochs = new ArrayList<>();

    /** An empty history; the training loop (either implementation) fills it. */
    public History(TrainConfig config, int stepsPerEpoch) {
        this.config = config;
        this.stepsPerEpoch = stepsPerEpoch;
        long steps = (long) config.epochs() * stepsPerEpoch; // both ints: exact in long
        if (steps > Footprint.MAX_STEPS) {
            throw new nnworkshop.WorkshopException(String.format("--epochs %d with %,d steps per epoch is %,d steps, more "
                    + "than the %,d one run can record: use fewer --epochs or a larger --batch",
                    config.epochs(), stepsPerEpoch, steps, Footprint.MAX_STEPS));
        }
        this.stepLoss = new float[(int) steps];
    }

    /** Records the next step's mini-batch loss. */
    public void addStep(double loss) { stepLoss[steps++] = (float) loss; }

    /** Records a finished epoch. */
    public void addEpoch(Epoch e) { epochs.add(e); }

    /** The configuration of the run. */
    public TrainConfig config() { return config; }

    /** Optimizer steps in one epoch: ceil(N / batch). */
    public int stepsPerEpoch() { return stepsPerEpoch; }

    /** Steps done. */
    public int steps() { return steps; }

    /** The mini-batch loss of every step, in order. */
    public float[] stepLosses() { return Arrays.copyOf(stepLoss, steps); }

    /** The finished epochs, in order. */
    public List<Epoch> epochs() { return List.copyOf(epochs); }

    /** The last finished epoch (throws if none). */
    public Epoch last() {
        if (epochs.isEmpty()) throw new IllegalStateException("no epoch finished");
        return epochs.get(epochs.size() - 1);
    }

    public double[] trainLoss() { return epochs.stream().mapToDouble(Epoch::trainLoss).toArray(); }

    public double[] trainAccuracy() { return epochs.stream().mapToDouble(Epoch::trainAccuracy).toArray(); }

    public double[] valLoss() { return epochs.stream().mapToDouble(Epoch::valLoss).toArray(); }

    public double[] valAccuracy() { return epochs.stream().mapToDouble(Epoch::valAccuracy).toArray(); }

    public double[] epochSeconds() { return epochs.stream().mapToDouble(Epoch::seconds).toArray(); }

    public double[] learningRates() { return epochs.stream().mapToDouble(Epoch::learningRate).toArray(); }

    /** Total training time in seconds (validation included). */
    public double totalSeconds() { return epochs.stream().mapToDouble(Epoch::seconds).sum(); }
}
