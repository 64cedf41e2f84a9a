package nnworkshop.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

import nnworkshop.WorkshopException;
import nnworkshop.compare.Impl;

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

    static int requireNonNegative(String option, int value) {
        if (value < 0) throw new WorkshopException(option + " must be zero or more, got " + value);
        return value;
    }
}
