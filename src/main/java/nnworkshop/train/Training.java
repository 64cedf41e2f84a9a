package nnworkshop.train;

import java.util.Locale;
import java.util.SplittableRandom;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.optim.LrSchedule;
import nnworkshop.util.Seeds;

/**
 * Mini-batch training, the workshop's loop, written once for every {@link Engine}: for each
 * epoch, shuffle; for each batch, forward, loss, backward, update.
 * <pre>
 *   for epoch in 1..E:
 *       α ← schedule(epoch)
 *       shuffle the training indices
 *       for each batch X (n, D), y (n) of them (the last one may be smaller):
 *           L = engine.computeGradients(X, y)   z1 = W1·X + b1, a1 = g(z1), z2 = W2·a1 + b2, L = CE(softmax(z2), y)
 *                                               dz2 = (a2 − y)/n, dW2, db2, dz1, dW1, db1
 *           engine.update()                     W ← W − α·dW
 *       validation loss and accuracy on the whole validation set
 * </pre>
 * Both engines see the same batches in the same order ({@link Seeds#shuffle}), the same schedule,
 * the same checks; with the same seed and deterministic kernels two runs give bit-identical
 * histories. The loop itself allocates nothing per step.
 *
 * <p>Training stops with a one-line {@link WorkshopException} when it diverges: when a step's loss
 * is NaN or infinite, or more than {@value #EXPLODED} times the first step's loss. (The fused
 * cross-entropy is stable, so with a far too large learning rate it rarely becomes NaN: the ReLUs
 * die and the loss just grows, to hundreds or thousands; healthy training never grows 100-fold.)
 */
public final class Training {
    /** A loss this many times the first step's counts as diverged. */
    public static final double EXPLODED = 100.0;

    /** Looks at each step between its gradients and its update (Part 5's lock-step comparison). */
    public interface StepObserver {
        /** Nothing. */
        StepObserver NONE = (step, batch, loss) -> {};

        /** After step {@code step} (0-based over the whole run) computed its gradients, before its update. */
        void afterGradients(int step, MiniBatch batch, double loss);
    }

    private Training() {}

    /**
     * Trains {@code engine}'s model in place and returns what was measured.
     *
     * @param trainSet      the samples to learn from
     * @param validationSet measured after every epoch, or null for none; never the test set
     * @param config        hyper-parameters
     * @param listener      told about progress ({@link ProgressListener#SILENT} for none)
     * @throws WorkshopException if the data do not fit the model, or the loss becomes NaN or
     *     infinite (naming the step and suggesting a smaller learning rate)
     */
    public static History fit(Engine engine, Dataset trainSet, Dataset validationSet, TrainConfig config,
                              ProgressListener listener) {
        return fit(engine, trainSet, validationSet, config, listener, 0, StepObserver.NONE);
    }

    /**
     * {@link #fit(Engine, Dataset, Dataset, TrainConfig, ProgressListener)}, stopping after
     * {@code maxSteps} steps if that is fewer than the epochs hold (0: no limit; an epoch cut short
     * is not recorded), with {@code observer} told of every step before its update.
     */
    public static History fit(Engine engine, Dataset trainSet, Dataset validationSet, TrainConfig config,
                              ProgressListener listener, long maxSteps, StepObserver observer) {
        int n = trainSet.count(), d = engine.spec().inputs(), k = engine.spec().classes(), batch = config.batch();
        if (maxSteps < 0) throw new IllegalArgumentException("maxSteps must be >= 0, got " + maxSteps);
        checkData(trainSet, d, k, "training");
        if (n == 0) throw new WorkshopException("the training set " + trainSet.name() + " is empty");
        if (validationSet != null) checkData(validationSet, d, k, "validation");

        engine.prepare(config, trainSet, validationSet);
        LrSchedule schedule = config.schedule();
        SplittableRandom shuffleRng = Seeds.shuffle(config.seed());
        int[] order = new int[n];                  // (N) sample indices, reshuffled every epoch
        for (int i = 0; i < n; i++) order[i] = i;
        MiniBatch b = new MiniBatch(trainSet, order, batch);
        int[] predicted = new int[batch];          // (batch)
        int stepsPerEpoch = (n + batch - 1) / batch;
        History history = new History(config, stepsPerEpoch);

        double firstLoss = Double.NaN;
        listener.onStart(config, n, stepsPerEpoch);
        try {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long t0 = System.nanoTime();
                double lr = schedule.learningRate(epoch - 1);
                engine.setLearningRate(lr);
                listener.onEpochStart(epoch, config.epochs(), lr);
                shuffle(order, shuffleRng);
                double lossSum = 0.0;
                long correct = 0;
                for (int step = 1, from = 0; from < n; step++, from += batch) {
                    if (maxSteps > 0 && history.steps() >= maxSteps) return history;
                    int count = Math.min(batch, n - from);
                    b.set(from, count, from + batch < n ? Math.min(batch, n - from - batch) : 0);

                    double l = engine.computeGradients(b);
                    if (history.steps() == 0) firstLoss = l;
                    if (!(l <= EXPLODED * firstLoss)) throw diverged(history.steps() + 1, epoch, l, firstLoss, config.lr());
                    observer.afterGradients(history.steps(), b, l);
                    engine.update();

                    history.addStep(l);
                    lossSum += l * count;
                    engine.predictions(predicted);
                    int[] labels = b.labels();
                    for (int r = 0; r < count; r++) if (predicted[r] == labels[r]) correct++;
                    listener.onStep(epoch, step, stepsPerEpoch, l);
                }
                double valL = Double.NaN, valAcc = Double.NaN;
                if (validationSet != null && validationSet.count() > 0) {
                    Evaluation v = engine.evaluate(validationSet, config.normalization(), config.evalBatch(), config.loss());
                    valL = v.loss();
                    valAcc = v.accuracy();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                History.Epoch e = new History.Epoch(epoch, lossSum / n, (double) correct / n, valL, valAcc, lr, seconds);
                history.addEpoch(e);
                listener.onEpochEnd(e, config.epochs());
            }
        } finally {
            listener.onEnd(history);
        }
        return history;
    }

    /**
     * Trains {@code engine}'s model on {@code exp}'s training split, validating every epoch on its
     * validation split, and evaluates it on the test set: the run with its provenance.
     */
    public static TrainingRun run(Engine engine, Experiment exp, TrainConfig config, ProgressListener listener) {
        History history = fit(engine, exp.train(), exp.validation(), config, listener);
        return TrainingRun.evaluate(engine, exp.kind().id(), history, exp.test());
    }

    /** Fisher–Yates shuffle of {@code a} in place, from {@code rng}. */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The one-line error for a diverged step. */
    static WorkshopException diverged(int step, int epoch, double loss, double firstLoss, double lr) {
        String what = Double.isNaN(loss) ? "NaN" : Double.isInfinite(loss) ? "infinite"
                : String.format(Locale.ROOT, "%.4g, over %.0f times the first step's %.4g", loss, EXPLODED, firstLoss);
        return new WorkshopException(String.format(Locale.ROOT,
                "training diverged at step %d (epoch %d): loss is %s — try a smaller learning rate, e.g. --lr %s",
                step, epoch, what, smaller(lr)));
    }

    /** lr / 10, printed plainly (0.01, not 0.010000000000000002). */
    private static String smaller(double lr) {
        return new java.math.BigDecimal(lr / 10).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /** Checks that a data set fits a model with d inputs and k classes. */
    public static void checkData(Dataset data, int d, int k, String role) {
        if (data.features() != d) {
            throw new WorkshopException("the " + role + " set " + data.name() + " has " + data.features()
                    + " pixels per image but the model's first layer expects " + d);
        }
        for (int i = 0; i < data.count(); i++) {
            int y = data.label(i);
            if (y < 0 || y >= k) {
                throw new WorkshopException("the " + role + " set " + data.name() + " has label " + y + " at image " + i
                        + " but the model has only " + k + " outputs");
            }
        }
    }
}
