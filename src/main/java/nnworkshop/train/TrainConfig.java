package nnworkshop.train;

import com.google.gson.JsonObject;

import nnworkshop.WorkshopException;
import nnworkshop.data.Normalization;
import nnworkshop.nn.LossKind;
import nnworkshop.optim.LrSchedule;
import nnworkshop.optim.OptimizerKind;
import nnworkshop.optim.StepLr;
import nnworkshop.util.Seeds;

/**
 * The hyper-parameters of a training run, whichever engine runs it; recorded in its
 * {@link History} (provenance). Validated once, here: every way of making one (the builder, the
 * command line, a child worker's job) goes through the constructor. How many threads an engine
 * computes on is the engine's ({@code Impl.create}), not a hyper-parameter.
 *
 * @param epochs        passes over the training set (default 10)
 * @param batch         samples per step (64); the last, smaller batch of an epoch is kept
 * @param lr            learning rate α (0.1; use about 0.001 with Adam)
 * @param optimizer     SGD or Adam (SGD)
 * @param momentum      SGD's momentum μ, 0 for plain SGD (0)
 * @param weightDecay   L2 weight decay added to the gradient, as PyTorch (0)
 * @param lrStep        StepLR's step in epochs, 0 for a constant rate (0)
 * @param lrGamma       StepLR's factor γ (0.1)
 * @param seed          the one seed of the run, see {@link Seeds} (42)
 * @param loss          cross-entropy or MSE (cross-entropy)
 * @param normalization pixel scaling applied to every batch ({@link Normalization#UNIT}: p/255)
 * @param evalBatch     samples per batch when evaluating (1000)
 */
public record TrainConfig(int epochs, int batch, double lr, OptimizerKind optimizer, double momentum,
                          double weightDecay, int lrStep, double lrGamma, long seed,
                          LossKind loss, Normalization normalization, int evalBatch) {

    public TrainConfig {
        if (epochs <= 0) throw new WorkshopException("--epochs must be at least 1, got " + epochs);
        if (batch <= 0) throw new WorkshopException("--batch must be at least 1, got " + batch);
        if (!(lr > 0) || Double.isInfinite(lr)) throw new WorkshopException("--lr must be a positive number, got " + lr);
        if (!(momentum >= 0 && momentum < 1)) throw new WorkshopException("--momentum must be in [0, 1), got " + momentum);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new WorkshopException("--weight-decay must be zero or positive, got " + weightDecay);
        }
        if (lrStep < 0) throw new WorkshopException("--lr-step must be 0 (off) or a number of epochs, got " + lrStep);
        if (!(lrGamma > 0) || Double.isInfinite(lrGamma)) throw new WorkshopException("--lr-gamma must be positive, got " + lrGamma);
        if (evalBatch <= 0) throw new WorkshopException("evaluation batch must be at least 1, got " + evalBatch);
        if (optimizer == null || loss == null || normalization == null) throw new NullPointerException("config field is null");
        if (optimizer == OptimizerKind.ADAM && momentum != 0) {
            throw new WorkshopException("--momentum is for SGD; Adam has its own (betas 0.9, 0.999)");
        }
    }

    /** 10 epochs, batch 64, SGD lr 0.1, no momentum/decay/schedule, seed 42, cross-entropy, p/255. */
    public static TrainConfig defaults() {
        return new TrainConfig(10, 64, 0.1, OptimizerKind.SGD, 0.0, 0.0, 0, 0.1, Seeds.DEFAULT,
                LossKind.CROSS_ENTROPY, Normalization.UNIT, 1000);
    }

    /**
     * The configuration as JSON, the run files' {@code config} object: epochs, batch, lr, optimizer,
     * momentum, weight_decay, lr_step, lr_gamma, seed, threads (those of the engine that ran it, given
     * here: provenance, not a hyper-parameter), loss, normalization_mean, normalization_std.
     */
    public JsonObject toJson(int threads) {
        JsonObject o = new JsonObject();
        o.addProperty("epochs", epochs);
        o.addProperty("batch", batch);
        o.addProperty("lr", lr);
        o.addProperty("optimizer", optimizer.id());
        o.addProperty("momentum", momentum);
        o.addProperty("weight_decay", weightDecay);
        o.addProperty("lr_step", lrStep);
        o.addProperty("lr_gamma", lrGamma);
        o.addProperty("seed", seed);
        o.addProperty("threads", threads);
        o.addProperty("loss", loss.id());
        o.addProperty("normalization_mean", normalization.mean());
        o.addProperty("normalization_std", normalization.std());
        return o;
    }

    /**
     * The configuration {@link #toJson} wrote (its threads are not part of it), validated as any
     * other; {@code eval_batch}, if present, sets {@link #evalBatch} (a child worker's job has it).
     */
    public static TrainConfig fromJson(JsonObject c) {
        return builder()
                .epochs(c.get("epochs").getAsInt()).batch(c.get("batch").getAsInt()).lr(c.get("lr").getAsDouble())
                .optimizer(OptimizerKind.parse(c.get("optimizer").getAsString()))
                .momentum(c.get("momentum").getAsDouble()).weightDecay(c.get("weight_decay").getAsDouble())
                .lrStep(c.get("lr_step").getAsInt()).lrGamma(c.get("lr_gamma").getAsDouble())
                .seed(c.get("seed").getAsLong())
                .loss(LossKind.parse(c.get("loss").getAsString()))
                .normalization(new Normalization(c.get("normalization_mean").getAsFloat(), c.get("normalization_std").getAsFloat()))
                .evalBatch(c.has("eval_batch") ? c.get("eval_batch").getAsInt() : defaults().evalBatch)
                .build();
    }

    /** The learning rate of each epoch: constant, or StepLR when {@code lrStep > 0}. */
    public LrSchedule schedule() {
        return lrStep == 0 ? LrSchedule.constant(lr) : new StepLr(lr, lrStep, lrGamma);
    }

    public TrainConfig withEpochs(int v) { return toBuilder().epochs(v).build(); }

    public TrainConfig withBatch(int v) { return toBuilder().batch(v).build(); }

    public TrainConfig withLr(double v) { return toBuilder().lr(v).build(); }

    public TrainConfig withSeed(long v) { return toBuilder().seed(v).build(); }

    public static Builder builder() { return defaults().toBuilder(); }

    public Builder toBuilder() { return new Builder(this); }

    /** Changes some fields of a configuration; {@link #build()} validates. */
    public static final class Builder {
        private int epochs, batch, lrStep, evalBatch;
        private double lr, momentum, weightDecay, lrGamma;
        private OptimizerKind optimizer;
        private long seed;
        private LossKind loss;
        private Normalization normalization;

        private Builder(TrainConfig c) {
            epochs = c.epochs; batch = c.batch; lr = c.lr; optimizer = c.optimizer; momentum = c.momentum;
            weightDecay = c.weightDecay; lrStep = c.lrStep; lrGamma = c.lrGamma; seed = c.seed;
            loss = c.loss; normalization = c.normalization; evalBatch = c.evalBatch;
        }

        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batch(int v) { batch = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder optimizer(OptimizerKind v) { optimizer = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder lrStep(int v) { lrStep = v; return this; }
        public Builder lrGamma(double v) { lrGamma = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder loss(LossKind v) { loss = v; return this; }
        public Builder normalization(Normalization v) { normalization = v; return this; }
        public Builder evalBatch(int v) { evalBatch = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(epochs, batch, lr, optimizer, momentum, weightDecay, lrStep, lrGamma, seed,
                    loss, normalization, evalBatch);
        }
    }
}
