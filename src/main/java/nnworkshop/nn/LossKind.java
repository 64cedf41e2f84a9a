package nnworkshop.nn;

import java.util.Locale;

import nnworkshop.WorkshopException;

/** The losses offered by name ({@code --loss cross_entropy}). */
public enum LossKind {
    /** {@link SoftmaxCrossEntropy}: the network outputs logits. */
    CROSS_ENTROPY("cross_entropy"),
    /** {@link MeanSquaredError} against one-hot targets. */
    MSE("mse");

    private final String id;

    LossKind(String id) { this.id = id; }

    public String id() { return id; }

    /** A new loss object (each holds its own buffers). */
    public Loss create() {
        return this == CROSS_ENTROPY ? new SoftmaxCrossEntropy() : new MeanSquaredError();
    }

    /** Parses "cross_entropy" (also "ce", "cross-entropy") or "mse". */
    public static LossKind parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (k.equals("ce") || k.equals("crossentropy") || k.equals(CROSS_ENTROPY.id)) return CROSS_ENTROPY;
        if (k.equals("mse") || k.equals("mean_squared_error")) return MSE;
        throw new WorkshopException("unknown loss '" + nnworkshop.util.PathText.show(s) + "' (choose cross_entropy or mse)");
    }

    @Override
    public String toString() { return id; }
}
