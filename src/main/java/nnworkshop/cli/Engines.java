package nnworkshop.cli;

import nnworkshop.data.Dataset;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.Init;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Matrix;
import nnworkshop.torch.TorchModel;
import nnworkshop.torch.TorchRuntime;
import nnworkshop.torch.TorchTraining;
import nnworkshop.train.Evaluator;
import nnworkshop.train.Experiment;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.TrainingRun;

/**
 * The two implementations behind {@code --impl}: the from-scratch engine and PyTorch (libtorch
 * through DJL). Both read the same data, train the same model from the same initial weights on the
 * same batches, and read and write the same model files.
 */
enum Engines {
    scratch {
        @Override
        TrainingRun train(Experiment exp, ModelSpec spec, Init init, TrainConfig config, ProgressListener listener) {
            return exp.trainScratch(spec, init, config, listener);
        }

        @Override
        Evaluator.Evaluation evaluate(ModelFile.Loaded m, Dataset test, int threads) {
            try (Backend backend = Backend.fastest(threads)) {
                m.model().use(backend);
                return new Evaluator(m.model(), m.normalization()).evaluate(test, LossKind.CROSS_ENTROPY);
            }
        }

        @Override
        Matrix logits(ModelFile.Loaded m, float[] x, int n, int threads) {
            try (Backend backend = Backend.fastest(threads)) {
                m.model().use(backend);
                m.model().reserve(n);
                Matrix xs = new Matrix(n, m.spec().inputs());
                System.arraycopy(x, 0, xs.data(), 0, n * m.spec().inputs());
                return m.model().forward(xs).copy();
            }
        }

        @Override
        int defaultThreads(int cores) {
            return cores;
        }
    },

    torch {
        @Override
        TrainingRun train(Experiment exp, ModelSpec spec, Init init, TrainConfig config, ProgressListener listener) {
            return TorchTraining.train(exp, spec, init, config, listener);
        }

        @Override
        Evaluator.Evaluation evaluate(ModelFile.Loaded m, Dataset test, int threads) {
            TorchRuntime.start(threads);
            try (TorchModel t = TorchModel.of(m.spec(), m.model().stateDict(), m.normalization())) {
                return t.evaluate(test, m.normalization(), Evaluator.DEFAULT_BATCH, LossKind.CROSS_ENTROPY);
            }
        }

        @Override
        Matrix logits(ModelFile.Loaded m, float[] x, int n, int threads) {
            TorchRuntime.start(threads);
            try (TorchModel t = TorchModel.of(m.spec(), m.model().stateDict(), m.normalization())) {
                return t.logits(x, n);
            }
        }

        /** One intra-op thread: measured fastest for training this small MLP on 2 cores (NOTES.md). */
        @Override
        int defaultThreads(int cores) {
            return TorchRuntime.TRAIN_THREADS;
        }
    };

    /** Builds, trains and evaluates a model on {@code exp}. */
    abstract TrainingRun train(Experiment exp, ModelSpec spec, Init init, TrainConfig config, ProgressListener listener);

    /** A saved model's loss, accuracy and predictions on {@code test}. */
    abstract Evaluator.Evaluation evaluate(ModelFile.Loaded model, Dataset test, int threads);

    /** Logits (n, K) of {@code n} normalised inputs x (n, D). */
    abstract Matrix logits(ModelFile.Loaded model, float[] x, int n, int threads);

    /** The thread count used when {@code --threads} is not given. */
    abstract int defaultThreads(int cores);

    /** {@code --threads} if the user gave it, else this implementation's default. */
    int threads(picocli.CommandLine.Model.CommandSpec spec, int given) {
        boolean explicit = spec.commandLine().getParseResult().hasMatchedOption("--threads");
        return Cli.requirePositive("--threads", explicit ? given : defaultThreads(given));
    }
}
