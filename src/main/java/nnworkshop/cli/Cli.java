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

    /** {@code --threads} for {@code impl}: the value the user gave, else the implementation's default for {@code cores}. */
    static int threads(Impl impl, picocli.CommandLine.Model.CommandSpec spec, int given) {
        boolean explicit = spec.commandLine().getParseResult().hasMatchedOption("--threads");
        return requirePositive("--threads", explicit ? given : impl.defaultThreads(given));
    }

    static int requireNonNegative(String option, int value) {
        if (value < 0) throw new WorkshopException(option + " must be zero or more, got " + value);
        return value;
    }
}
