package nnworkshop.train;

import nnworkshop.util.Seeds;
import nnworkshop.WorkshopException;
import nnworkshop.data.Normalization;
import nnworkshop.nn.LossKind;
import nnworkshop.optim.LrSchedule;
import nnworkshop.optim.OptimizerKind;
import nnworkshop.optim.StepLr;

/**
 * The hyper-parameters of a training run; recorded in its {@link History} (provenance).
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
 * @param threads       threads for the matrix kernels; recorded here, used by whoever picks the
 *                      {@code Gemm} (1)
 * @param loss          cross-entropy or MSE (cross-entropy)
 * @param normalization pixel scaling applied to every batch ({@link Normalization#UNIT}: p/255)
 * @param evalBatch     samples per batch when evaluating (1000)
 */
public record TrainConfig(int epochs, int batch, double lr, OptimizerKind optimizer, double momentum,
                          double weightDecay, int lrStep, double lrGamma, long seed, int threads,
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
        if (threads <= 0) throw new WorkshopException("--threads must be at least 1, got " + threads);
        if (evalBatch <= 0) throw new WorkshopException("evaluation batch must be at least 1, got " + evalBatch);
        if (optimizer == null || loss == null || normalization == null) throw new NullPointerException("config field is null");
        if (optimizer == OptimizerKind.ADAM && momentum != 0) {
            throw new WorkshopException("--momentum is for SGD; Adam has its own (betas 0.9, 0.999)");
        }
    }

    /** 10 epochs, batch 64, SGD lr 0.1, no momentum/decay/schedule, seed 42, 1 thread, cross-entropy, p/255. */
    public static TrainConfig defaults() {
        return new TrainConfig(10, 64, 0.1, OptimizerKind.SGD, 0.0, 0.0, 0, 0.1, Seeds.DEFAULT, 1,
                LossKind.CROSS_ENTROPY, Normalization.UNIT, 1000);
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
        private int epochs, batch, lrStep, threads, evalBatch;
        private double lr, momentum, weightDecay, lrGamma;
        private OptimizerKind optimizer;
        private long seed;
        private LossKind loss;
        private Normalization normalization;

        private Builder(TrainConfig c) {
            epochs = c.epochs; batch = c.batch; lr = c.lr; optimizer = c.optimizer; momentum = c.momentum;
            weightDecay = c.weightDecay; lrStep = c.lrStep; lrGamma = c.lrGamma; seed = c.seed; threads = c.threads;
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
        public Builder threads(int v) { threads = v; return this; }
        public Builder loss(LossKind v) { loss = v; return this; }
        public Builder normalization(Normalization v) { normalization = v; return this; }
        public Builder evalBatch(int v) { evalBatch = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(epochs, batch, lr, optimizer, momentum, weightDecay, lrStep, lrGamma, seed, threads,
                    loss, normalization, evalBatch);
        }
    }
}
