package nnworkshop.optim;

/** The learning rate for each epoch (0-based), set on the optimizer before the epoch starts. */
@FunctionalInterface
public interface LrSchedule {

    double learningRate(int epoch);

    /** The same rate every epoch. */
    static LrSchedule constant(double lr) {
        Hyper.positive("learning rate", lr);
        return epoch -> lr;
    }
}
