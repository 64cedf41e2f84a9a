package nnworkshop.scratch;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Backend;
import nnworkshop.train.Experiment;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.Training;
import nnworkshop.train.TrainingRun;

/**
 * Trains a from-scratch {@link Sequential} network: the workshop's loop ({@link Training#fit}) with
 * the model as its {@link ScratchEngine}. One line for a notebook or a test that has a model and
 * kernels in hand.
 */
public final class Trainer {
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
        return Training.fit(new ScratchEngine(model, backend), trainSet, validationSet, config, listener);
    }

    /**
     * Builds a model of shape {@code spec} ({@code init}, seeded by {@code config.seed()}), trains it
     * on {@code exp} with {@code threads} kernel threads, and evaluates it on the test set.
     */
    public static TrainingRun run(Experiment exp, ModelSpec spec, Init init, TrainConfig config, int threads,
                                  ProgressListener listener) {
        try (ScratchEngine engine = ScratchEngine.create(spec, init, config.seed(), threads)) {
            return Training.run(engine, exp, config, listener);
        }
    }
}
