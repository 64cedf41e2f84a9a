package nnworkshop.compare;

import nnworkshop.WorkshopException;
import nnworkshop.data.DatasetKind;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.scratch.ScratchEngine;
import nnworkshop.scratch.Warmup;
import nnworkshop.torch.TorchEngine;
import nnworkshop.torch.TorchRuntime;
import nnworkshop.train.Engine;
import nnworkshop.train.Experiment;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.Training;
import nnworkshop.train.TrainingRun;

/**
 * The two implementations of the workshop's network, {@code --impl scratch} and {@code --impl torch}:
 * where each {@link Engine} is made. Both read the same data, train the same model from the same
 * initial weights on the same batches through the same loop ({@link Training}), and read and write
 * the same model files.
 */
public enum Impl {
    /** The engine written here (Part 2). */
    SCRATCH("scratch") {
        @Override
        public Engine create(ModelSpec spec, Init init, long seed, int threads) {
            return ScratchEngine.create(spec, init, seed, threads);
        }

        @Override
        public Engine open(ModelFile.Loaded m, int threads) {
            return ScratchEngine.of(m.model(), threads);
        }

        @Override
        public void warmUp(DatasetKind kind, boolean standardize) {
            Warmup.start(kind, standardize);
        }

        /** One kernel thread per core, up to 4. */
        @Override
        public int defaultThreads() {
            return ScratchEngine.defaultThreads();
        }
    },

    /** libtorch through DJL (Part 4). */
    TORCH("torch") {
        @Override
        public Engine create(ModelSpec spec, Init init, long seed, int threads) {
            Warmup.stop(); // a from-scratch warm-up still running (in-process comparisons) would take a core
            return TorchEngine.create(spec, init, seed, threads);
        }

        @Override
        public Engine open(ModelFile.Loaded m, int threads) {
            return TorchEngine.of(m.spec(), m.model().stateDict(), threads);
        }

        @Override
        public void warmUp(DatasetKind kind, boolean standardize) {}

        /** One intra-op thread: measured fastest for training this small MLP on 2 cores (NOTES.md). */
        @Override
        public int defaultThreads() {
            return TorchRuntime.TRAIN_THREADS;
        }
    };

    private final String id;

    Impl(String id) { this.id = id; }

    /** "scratch" or "torch", as in {@link TrainingRun#impl()} and {@code --impl}. */
    public String id() { return id; }

    /** A new network of shape {@code spec}, initialised by {@code init} from {@code seed}, on {@code threads} threads. */
    public abstract Engine create(ModelSpec spec, Init init, long seed, int threads);

    /** An engine holding a saved model's weights, on {@code threads} threads. */
    public abstract Engine open(ModelFile.Loaded model, int threads);

    /** Starts compiling this engine's kernels while the data loads (nothing for torch). */
    public abstract void warmUp(DatasetKind kind, boolean standardize);

    /** The thread count used when none is given ({@code --threads} for scratch, {@code --torch-threads} for torch). */
    public abstract int defaultThreads();

    /** Builds a model (seeded by {@code config.seed()}), trains it on {@code threads} threads and evaluates it on {@code exp}. */
    public TrainingRun train(Experiment exp, ModelSpec spec, Init init, TrainConfig config, int threads,
                             ProgressListener listener) {
        try (Engine engine = create(spec, init, config.seed(), threads)) {
            return Training.run(engine, exp, config, listener);
        }
    }

    /** The implementation with this id. */
    public static Impl parse(String s) {
        for (Impl i : values()) if (i.id.equals(s)) return i;
        throw new WorkshopException("unknown implementation '" + nnworkshop.util.PathText.show(s) + "' (scratch or torch)");
    }

    @Override
    public String toString() { return id; }
}
