package nnworkshop.torch;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.train.Experiment;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.Training;
import nnworkshop.train.TrainingRun;

/**
 * Part 4 in one call: the workshop's training loop ({@link Training}, the same loop the
 * from-scratch engine trains with) driving libtorch ({@link TorchEngine}) — the same initial
 * weights, the same batches in the same order, the same schedule, validation, {@link History},
 * divergence check and messages; only the tensors, autograd and the update run in libtorch.
 */
public final class TorchTraining {
    private TorchTraining() {}

    /**
     * Trains a new model on {@code exp}'s training split with {@code threads} libtorch intra-op
     * threads (fixed for the process: see {@link TorchRuntime}), validates every epoch on its
     * validation split, and evaluates it on the test set.
     *
     * @throws WorkshopException if the engine cannot start, the data do not fit the model, or
     *     training diverges
     */
    public static TrainingRun train(Experiment exp, ModelSpec spec, Init init, TrainConfig config, int threads,
                                    ProgressListener listener) {
        try (TorchEngine engine = TorchEngine.create(spec, init, config.seed(), threads)) {
            return Training.run(engine, exp, config, listener);
        }
    }

    /**
     * Trains {@code model} in place ({@link Training#fit}).
     *
     * @param validationSet measured after every epoch, or null for none; never the test set
     */
    public static History fit(TorchMlp model, Dataset trainSet, Dataset validationSet, TrainConfig config,
                              ProgressListener listener) {
        try (TorchEngine engine = TorchEngine.over(model)) {
            return Training.fit(engine, trainSet, validationSet, config, listener);
        }
    }
}
