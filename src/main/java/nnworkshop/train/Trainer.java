package nnworkshop.train;

import nnworkshop.util.Seeds;
import java.util.Locale;
import java.util.SplittableRandom;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.nn.Loss;
import nnworkshop.nn.Sequential;
import nnworkshop.optim.LrSchedule;
import nnworkshop.optim.Optimizer;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Backend;

/**
 * Mini-batch training, the workshop's loop: for each epoch, shuffle; for each batch, forward,
 * loss, backward, update.
 * <pre>
 *   for epoch in 1..E:
 *       lr ← schedule(epoch)
 *       shuffle the training indices
 *       for each batch X (n, D), y (n) of them (the last one may be smaller):
 *           A  = model.forward(X)             z1 = W1·X + b1, a1 = g(z1), z2 = W2·a1 + b2
 *           L  = loss.forward(A, y)           mean cross-entropy of softmax(z2)
 *           dA = loss.backward()              dz2 = (a2 − y)/n
 *           model.backward(dA)                dW2, db2, dz1, dW1, db1
 *           optimizer.step()                  W ← W − α·dW
 *       validation loss and accuracy on the whole validation set
 * </pre>
 * All buffers are sized before the first step; the loop itself allocates nothing. With the same
 * seed and the same (deterministic) {@link Backend}, two runs give bit-identical histories.
 *
 * <p>Training stops with a one-line {@link WorkshopException} when it diverges: when a step's loss
 * is NaN or infinite, or more than {@value #EXPLODED} times the first step's loss. (The fused
 * cross-entropy is stable, so with a far too large learning rate it rarely becomes NaN: the ReLUs
 * die and the loss just grows, to hundreds or thousands; healthy training never grows 100-fold.)
 */
public final class Trainer {
    /** A loss this many times the first step's counts as diverged. */
    public static final double EXPLODED = 100.0;

    private Trainer() {}

    /**
     * Trains {@code model} in place and returns what was measured.
     *
     * @param model         the network (its parameters are updated)
     * @param trainSet      the samples to learn from
     * @param validationSet measured after every epoch, or null for none; never the test set
     * @param config        hyper-parameters
     * @param backend       where the matrix products run (set on the model; the caller closes it)
     * @param listener      told about progress ({@link ProgressListener#SILENT} for none)
     * @throws WorkshopException if the data do not fit the model, or the loss becomes NaN or
     *     infinite (naming the step and suggesting a smaller learning rate)
     */
    public static History fit(Sequential model, Dataset trainSet, Dataset validationSet, TrainConfig config, Backend backend,
                              ProgressListener listener) {
        int n = trainSet.count(), d = model.inputs(), k = model.outputs(), batch = config.batch();
        checkData(trainSet, d, k, "training");
        if (n == 0) throw new WorkshopException("the training set " + trainSet.name() + " is empty");
        if (validationSet != null) checkData(validationSet, d, k, "validation");

        model.use(backend);
        // list the nonzero pixels (once per data set) before the clock of the first epoch starts,
        // while a warm-up may still be compiling the kernels on the other core
        Batch.sparse(model, config.normalization(), trainSet);
        if (validationSet != null) Batch.sparse(model, config.normalization(), validationSet);
        Warmup.stop(); // a warm-up still running would compete for the cores
        model.reserve(Math.max(batch, config.evalBatch()));
        Loss loss = config.loss().create();
        loss.reserve(batch, k);
        Loss valLoss = config.loss().create();
        Optimizer optimizer = Optimizer.create(config.optimizer(), model.parameters(), config.lr(), config.momentum(),
                config.weightDecay());
        LrSchedule schedule = config.schedule();
        Evaluator evaluator = validationSet == null ? null : new Evaluator(model, config.normalization(), config.evalBatch());

        SplittableRandom shuffleRng = Seeds.shuffle(config.seed());
        int[] order = new int[n];                  // (N) sample indices, reshuffled every epoch
        for (int i = 0; i < n; i++) order[i] = i;
        Batch x = new Batch(config.normalization(), batch, d); // (batch, D), dense or its nonzeros
        int[] labels = new int[batch];             // (batch)
        int[] predicted = new int[batch];          // (batch)
        int stepsPerEpoch = (n + batch - 1) / batch;
        History history = new History(config, stepsPerEpoch);

        double firstLoss = Double.NaN;
        listener.onStart(config, n, stepsPerEpoch);
        try {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long t0 = System.nanoTime();
                double lr = schedule.learningRate(epoch - 1);
                optimizer.setLearningRate(lr);
                listener.onEpochStart(epoch, config.epochs(), lr);
                shuffle(order, shuffleRng);
                double lossSum = 0.0;
                long correct = 0;
                for (int step = 1, from = 0; from < n; step++, from += batch) {
                    int count = Math.min(batch, n - from);
                    Matrix xb = x.load(model, trainSet, order, from, count);
                    if (from + batch < n) x.prefetch(order, from + batch, Math.min(batch, n - from - batch));
                    for (int r = 0; r < count; r++) labels[r] = trainSet.label(order[from + r]);

                    Matrix out = model.forward(xb);
                    double l = loss.forward(out, labels);
                    if (history.steps() == 0) firstLoss = l;
                    if (!(l <= EXPLODED * firstLoss)) throw diverged(history.steps() + 1, epoch, l, firstLoss, config.lr());
                    model.backward(loss.backward());
                    optimizer.step();

                    history.addStep(l);
                    lossSum += l * count;
                    Matrix.argmaxRows(out, predicted);
                    for (int r = 0; r < count; r++) if (predicted[r] == labels[r]) correct++;
                    listener.onStep(epoch, step, stepsPerEpoch, l);
                }
                double valL = Double.NaN, valAcc = Double.NaN;
                if (evaluator != null && validationSet.count() > 0) {
                    double[] totals = evaluator.lossAndCorrect(validationSet, valLoss, null);
                    valL = totals[0] / validationSet.count();
                    valAcc = totals[1] / validationSet.count();
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

    /** Fisher–Yates shuffle of {@code a} in place, from {@code rng} (public: the torch engine shuffles identically). */
    public static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The one-line error for a diverged step (public: the torch engine reports divergence identically). */
    public static WorkshopException diverged(int step, int epoch, double loss, double firstLoss, double lr) {
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

    /** Checks that a data set fits a model with d inputs and k classes (public: shared with the torch engine). */
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
