package nnworkshop.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.scratch.ScratchEngine;
import nnworkshop.tensor.Tensor;
import nnworkshop.torch.TorchGradients;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.Training;

/**
 * Lock-step parity: do the two implementations compute the same mathematics? The from-scratch
 * engine trains as {@link Training#fit} does — the same initial weights ({@code Seeds.init}), the
 * same shuffles ({@code Seeds.shuffle}), the same batches — and every {@code every} steps (step 0
 * included), <em>before</em> its update, PyTorch is handed the same current weights and the same
 * batch ({@link TorchGradients}). Both losses and every gradient tensor are compared:
 * <pre>
 *   rel Δloss = |L_torch − L_scratch| / |L_scratch|                  expected ≤ {@value #LOSS_TOLERANCE}
 *   rel Δgrad = ‖dW_torch − dW_scratch‖₂ / ‖dW_scratch‖₂  per tensor   expected ≤ {@value #GRAD_TOLERANCE}
 * </pre>
 * Because PyTorch starts from the scratch model's weights at each checkpoint, the differences do
 * not compound: each checkpoint measures one step's arithmetic. (Two independent float32
 * implementations, NumPy and PyTorch, were measured at 2e-7 and 7e-7.)
 *
 * <p><b>Small losses.</b> The loss is a mean of log-sum-exp terms of logits of size 1–20: float32
 * resolves it to a few 1e-8 <em>absolute</em>, whatever its value. Late in training a batch's loss
 * falls to 0.01–0.05 and |ΔL| / |L| rises with it — measured here on MNIST (10 epochs, 172
 * checkpoints), up to 1.5e-6 at a loss of 0.026, where |ΔL| was 3.9e-8, while no |ΔL| exceeded
 * 2.8e-7 in the whole run. So the verdict ({@link Result#withinTolerance}) bounds the loss
 * difference relative to max(|L|, 1), as {@code GradCheck} does; the relative difference itself
 * is what is reported, and stays under {@value #LOSS_TOLERANCE} while the loss is of order 1.
 *
 * <p>With the same kernels the scratch side's losses are bit-identical to those of
 * {@link Training#fit} on the same data and configuration: a test checks it, and
 * {@link Comparison} checks the free-running scratch run against them.
 */
public final class LockStep implements AutoCloseable {
    /** Steps between checkpoints by default. */
    public static final int DEFAULT_EVERY = 50;
    /** The largest relative Δloss expected of two correct float32 implementations. */
    public static final double LOSS_TOLERANCE = 1e-6;
    /** The largest relative Δgrad (per tensor) expected of two correct float32 implementations. */
    public static final double GRAD_TOLERANCE = 1e-5;

    /**
     * One checkpoint.
     *
     * @param step        the step (0-based: 0 is the first step, from the initial weights)
     * @param scratchLoss the from-scratch engine's batch loss
     * @param torchLoss   PyTorch's, for the same weights and batch
     * @param relDLoss    their relative difference
     * @param relDGrad    the relative difference of each gradient tensor, by state-dict name
     */
    public record Checkpoint(int step, double scratchLoss, double torchLoss, double relDLoss, Map<String, Double> relDGrad) {
        public Checkpoint {
            relDGrad = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(relDGrad));
        }

        /** |L_torch − L_scratch|. */
        public double absDLoss() {
            return Math.abs(torchLoss - scratchLoss);
        }

        /** |L_torch − L_scratch| / max(|L_scratch|, 1): relative for a loss of order 1, absolute below. */
        public double scaledDLoss() {
            return absDLoss() / Math.max(Math.abs(scratchLoss), 1.0);
        }

        /** The largest relative Δgrad over the tensors. */
        public double maxRelDGrad() {
            return Parity.max(relDGrad.values().stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /**
     * A lock-step run.
     *
     * @param checkpoints every checkpoint, in order
     * @param stepLosses  the from-scratch loss of every step taken (as {@code History.stepLosses()})
     * @param every       steps between checkpoints
     */
    public record Result(List<Checkpoint> checkpoints, float[] stepLosses, int every) {
        public Result {
            checkpoints = List.copyOf(checkpoints);
        }

        /** The largest relative Δloss over the checkpoints. */
        public double maxRelDLoss() {
            return Parity.max(checkpoints.stream().mapToDouble(Checkpoint::relDLoss).toArray());
        }

        /** The largest relative Δgrad over the checkpoints and tensors. */
        public double maxRelDGrad() {
            return Parity.max(checkpoints.stream().mapToDouble(Checkpoint::maxRelDGrad).toArray());
        }

        /** The largest |ΔL| over the checkpoints. */
        public double maxAbsDLoss() {
            return Parity.max(checkpoints.stream().mapToDouble(Checkpoint::absDLoss).toArray());
        }

        /** The largest |ΔL| / max(|L|, 1) over the checkpoints. */
        public double maxScaledDLoss() {
            return Parity.max(checkpoints.stream().mapToDouble(Checkpoint::scaledDLoss).toArray());
        }

        /**
         * Whether float32 rounding explains every difference: |ΔL| ≤ {@link #LOSS_TOLERANCE}·max(|L|, 1)
         * and every relative Δgrad ≤ {@link #GRAD_TOLERANCE} (see the class comment on small losses).
         */
        public boolean withinTolerance() {
            return maxScaledDLoss() <= LOSS_TOLERANCE && maxRelDGrad() <= GRAD_TOLERANCE;
        }
    }

    private final TorchGradients torch;

    /** PyTorch's side for networks of shape {@code spec} trained with {@code config}'s loss (starts the engine if needed). */
    public LockStep(ModelSpec spec, TrainConfig config) {
        this.torch = new TorchGradients(spec, config.loss());
    }

    /**
     * One checkpoint: the from-scratch engine has just run forward and backward on the batch (its
     * gradients are {@code scratchGradients}, its weights not yet updated); PyTorch computes the
     * loss and gradients for {@code torchWeights} (normally the engine's state dict) on the same batch.
     *
     * @param x      (n, D) the batch, normalised (not modified)
     * @param labels (n) its labels (not modified)
     */
    public Checkpoint compare(int step, Map<String, Tensor> scratchGradients, double scratchLoss, float[] x, int[] labels,
                              int n, Map<String, Tensor> torchWeights) {
        TorchGradients.Result t = torch.compute(torchWeights, x, labels, n);
        Map<String, Double> rel = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> g : scratchGradients.entrySet()) {
            rel.put(g.getKey(), Parity.relativeL2(g.getValue().data(), t.gradients().get(g.getKey()).data()));
        }
        return new Checkpoint(step, scratchLoss, t.loss(), Parity.relative(scratchLoss, t.loss()), rel);
    }

    /**
     * Trains the from-scratch model on {@code train} for {@code config.epochs()} epochs (or
     * {@code maxSteps} steps, if fewer) through the workshop's loop ({@link Training#fit}),
     * comparing with PyTorch every {@code every} steps, between each compared step's gradients and
     * its update.
     *
     * @param threads  the from-scratch engine's kernel threads
     * @param maxSteps stop after this many steps (0 = the whole run)
     * @param log      told about progress, a line every epoch
     * @throws WorkshopException if training diverges (as {@link Training#fit} would)
     */
    public static Result run(Dataset train, ModelSpec spec, Init init, TrainConfig config, int threads, int every,
                             int maxSteps, Consumer<String> log) {
        if (every < 1) throw new WorkshopException("lock-step checkpoints need a positive interval, got " + every);
        if (maxSteps < 0) throw new IllegalArgumentException("maxSteps must be >= 0, got " + maxSteps);
        List<Checkpoint> checkpoints = new ArrayList<>();
        float[] x = new float[config.batch() * spec.inputs()];   // (batch, D) the compared batch, as PyTorch reads it
        try (ScratchEngine engine = ScratchEngine.create(spec, init, config.seed(), threads);
             LockStep lock = new LockStep(spec, config)) {
            Training.StepObserver compare = (step, b, loss) -> {
                if (step % every != 0) return;
                config.normalization().gather(b.data(), b.order(), b.from(), b.count(), x);
                checkpoints.add(lock.compare(step, engine.gradients(), loss, x, b.labels(), b.count(), engine.stateDict()));
            };
            ProgressListener progress = new ProgressListener() {
                @Override
                public void onEpochEnd(History.Epoch e, int epochs) {
                    Checkpoint last = checkpoints.get(checkpoints.size() - 1);
                    log.accept(String.format(Locale.ROOT, "lock-step epoch %d/%d: %d checkpoints so far, last (step %d) "
                                    + "rel Δloss %.1e, largest rel Δgrad %.1e", e.epoch(), epochs, checkpoints.size(),
                            last.step(), last.relDLoss(), last.maxRelDGrad()));
                }
            };
            History h = Training.fit(engine, train, null, config, progress, maxSteps, compare);
            return new Result(checkpoints, h.stepLosses(), every);
        }
    }

    @Override
    public void close() {
        torch.close();
    }
}
