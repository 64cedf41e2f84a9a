package nnworkshop.optim;

import java.util.Locale;

import nnworkshop.WorkshopException;

/** The optimizers offered by name ({@code --optimizer sgd|adam}); SGD takes a momentum (0 = plain). */
public enum OptimizerKind {
    SGD("sgd", 0.1),
    ADAM("adam", 0.001);

    private final String id;
    private final double usualLr;

    OptimizerKind(String id, double usualLr) {
        this.id = id;
        this.usualLr = usualLr;
    }

    public String id() { return id; }

    /** A learning rate that works for the workshop's MLP on MNIST: 0.1 for SGD, 0.001 for Adam. */
    public double usualLearningRate() { return usualLr; }

    public static OptimizerKind parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        for (OptimizerKind o : values()) if (o.id.equals(k)) return o;
        throw new WorkshopException("unknown optimizer '" + nnworkshop.util.PathText.show(s) + "' (choose sgd or adam; SGD with momentum is --optimizer sgd --momentum 0.9)");
    }

    @Override
    public String toString() { return id; }
}
