package nnworkshop.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

import nnworkshop.WorkshopException;
import nnworkshop.compare.Impl;
import nnworkshop.nn.ModelSpec;
import nnworkshop.train.Footprint;
import nnworkshop.train.TrainConfig;

/** Small helpers shared by the commands. */
final class Cli {
    private Cli() {}

    /** A log sink for progress messages: they go to stderr so stdout stays the result. */
    static Consumer<String> log(PrintWriter err) {
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    static int requirePositive(String option, int value) {
        if (value <= 0) throw new WorkshopException(option + " must be a positive number, got " + value);
        return value;
    }

    /** The threads {@code impl} runs on: {@code --threads} for the from-scratch engine, {@code --torch-threads} for libtorch. */
    static int threads(Impl impl, ThreadsOption threads, TorchThreadsOption torch) {
        int scratch = threads.value(), libtorch = torch.value(); // both checked, whichever runs
        return impl == Impl.SCRATCH ? scratch : libtorch;
    }

    /** MNIST and Fashion-MNIST alike: 60,000 training and 10,000 test images of 28×28 bytes and a label byte. */
    private static final long TRAIN_IMAGES = 60_000, DATASET_BYTES = 70_000L * (28 * 28 + 1);

    /**
     * Refuses, before any data is read, a training run of {@code spec} with {@code config} on
     * {@code impl} whose buffers cannot fit in this JVM's heap (or the machine's memory), in one
     * line saying what it needs and what is available.
     */
    static void requireFits(Impl impl, ModelSpec spec, TrainConfig config, int validation, int subset, int threads) {
        long train = Math.max(1, TRAIN_IMAGES - validation);
        if (subset > 0) train = Math.min(train, subset);
        Footprint.training(spec, config, train, DATASET_BYTES, threads, impl == Impl.TORCH)
                .require(spec.describe() + " with --batch " + config.batch() + " (" + impl.id() + ")");
    }

    /** Refuses, before it is built, an engine for a saved {@code spec} that cannot fit (see {@link #requireFits}). */
    static void requireFits(Impl impl, ModelSpec spec, int batch, int threads) {
        Footprint.inference(spec, batch, threads, impl == Impl.TORCH).require("the model " + spec.describe());
    }

    static int requireNonNegative(String option, int value) {
        if (value < 0) throw new WorkshopException(option + " must be zero or more, got " + value);
        return value;
    }
}
