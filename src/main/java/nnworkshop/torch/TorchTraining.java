package nnworkshop.torch;

import java.util.SplittableRandom;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.optim.LrSchedule;
import nnworkshop.tensor.Matrix;
import nnworkshop.train.Evaluator;
import nnworkshop.train.Experiment;
import nnworkshop.train.History;
import nnworkshop.train.Metrics;
import nnworkshop.train.ProgressListener;
import nnworkshop.util.Seeds;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.Trainer;
import nnworkshop.train.TrainingRun;

/**
 * Part 4: the workshop's training loop on PyTorch. Same data, same loop, same figures as
 * {@link Trainer#fit} — only the tensors, autograd and the update run in libtorch:
 * <ul>
 *   <li>the same initial weights (the from-scratch {@code spec.build(init, Seeds.init(seed))},
 *       copied in),</li>
 *   <li>the same order of samples ({@link Seeds#shuffle} and {@link Trainer#shuffle}: identical
 *       mini-batches in identical order),</li>
 *   <li>the same batches ({@code Normalization.gather}), learning-rate schedule, validation after
 *       every epoch, {@link History}, divergence check and messages,</li>
 *   <li>and the test-set evaluation packed into the same {@link TrainingRun}, with impl "torch".</li>
 * </ul>
 */
public final class TorchTraining {
    private TorchTraining() {}

    /**
     * Trains a new model on {@code exp}'s training split with {@code config.threads()} libtorch
     * threads (fixed for the process: see {@link TorchRuntime}), validates every epoch on its
     * validation split, and evaluates it on the test set.
     *
     * @throws WorkshopException if the engine cannot start, the data do not fit the model, or
     *     training diverges
     */
    public static TrainingRun train(Experiment exp, ModelSpec spec, Init init, TrainConfig config,
                                    ProgressListener listener) {
        TorchRuntime.start(config.threads());
        try (TorchMlp model = TorchMlp.initialized(spec, init, Seeds.init(config.seed()))) {
            History history = fit(model, exp.train(), exp.validation(), config, listener);
            try (TorchModel view = TorchModel.view(model, config.normalization())) {
                Evaluator.Evaluation e = view.evaluate(exp.test(), config.normalization(), config.evalBatch(), config.loss());
                int[][] cm = Metrics.confusionMatrix(e.predictions(), Metrics.labels(exp.test()), spec.classes());
                return new TrainingRun("torch", TorchRuntime.describe(), exp.kind().id(), spec, config, history, e.loss(),
                        e.accuracy(), cm, e.predictions(), model.stateDict());
            }
        }
    }

    /**
     * Trains {@code model} in place: the loop of {@link Trainer#fit}, step for step.
     *
     * @param validationSet measured after every epoch, or null for none; never the test set
     */
    public static History fit(TorchMlp model, Dataset trainSet, Dataset validationSet, TrainConfig config,
                              ProgressListener listener) {
        int n = trainSet.count(), d = model.spec().inputs(), k = model.spec().classes(), batch = config.batch();
        nnworkshop.train.Warmup.stop(); // a from-scratch warm-up still running (in-process comparisons) would take a core
        Trainer.checkData(trainSet, d, k, "training");
        if (n == 0) throw new WorkshopException("the training set " + trainSet.name() + " is empty");
        if (validationSet != null) Trainer.checkData(validationSet, d, k, "validation");

        LrSchedule schedule = config.schedule();
        SplittableRandom shuffleRng = Seeds.shuffle(config.seed());
        int[] order = new int[n];                  // (N) sample indices, reshuffled every epoch
        for (int i = 0; i < n; i++) order[i] = i;
        float[] x = new float[batch * d];          // (batch, D)
        int[] labels = new int[batch];             // (batch)
        float[] logits = new float[batch * k];     // (batch, K)
        int[] predicted = new int[batch];          // (batch)
        int stepsPerEpoch = (n + batch - 1) / batch;
        History history = new History(config, stepsPerEpoch);
        TorchModel validator = TorchModel.view(model, config.normalization());

        double firstLoss = Double.NaN;
        listener.onStart(config, n, stepsPerEpoch);
        try (TorchTrainer trainer = new TorchTrainer(model, config)) {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long t0 = System.nanoTime();
                double lr = schedule.learningRate(epoch - 1);
                trainer.setLearningRate(lr);
                listener.onEpochStart(epoch, config.epochs(), lr);
                Trainer.shuffle(order, shuffleRng);
                double lossSum = 0.0;
                long correct = 0;
                for (int step = 1, from = 0; from < n; step++, from += batch) {
                    int count = Math.min(batch, n - from);
                    config.normalization().gather(trainSet, order, from, count, x);
                    for (int r = 0; r < count; r++) labels[r] = trainSet.label(order[from + r]);

                    double l = trainer.step(x, labels, count, logits);
                    if (history.steps() == 0) firstLoss = l;
                    if (!(l <= Trainer.EXPLODED * firstLoss)) {
                        throw Trainer.diverged(history.steps() + 1, epoch, l, firstLoss, config.lr());
                    }
                    history.addStep(l);
                    lossSum += l * count;
                    Matrix.argmaxRows(Matrix.wrap(logits, count, k), predicted);
                    for (int r = 0; r < count; r++) if (predicted[r] == labels[r]) correct++;
                    listener.onStep(epoch, step, stepsPerEpoch, l);
                }
                double valL = Double.NaN, valAcc = Double.NaN;
                if (validationSet != null && validationSet.count() > 0) {
                    Evaluator.Evaluation v = validator.evaluate(validationSet, config.normalization(), config.evalBatch(),
                            config.loss());
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
}
