package nnworkshop.cli;

import nnworkshop.WorkshopException;
import picocli.CommandLine.Option;

/**
 * {@code --threads N}: the from-scratch engine's kernel threads, on every command that runs it (its
 * counterpart for libtorch is {@link TorchThreadsOption}). The default, one per core up to 4, is
 * {@code ScratchEngine.defaultThreads()}, set as the property {@code nnworkshop.cores} by {@link Main}.
 */
final class ThreadsOption {
    /** More kernel threads than this is a typing error, not a machine (and each one is a thread). */
    static final int MAX = 256;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "${sys:nnworkshop.cores}",
            description = "Threads of the from-scratch engine's matrix kernels (default: one per core, up to 4).")
    int threads;

    /** The thread count, checked to be 1.." + MAX. */
    int value() {
        Cli.requirePositive("--threads", threads);
        if (threads > MAX) throw new WorkshopException("--threads " + threads + " is more than " + MAX + ": give the number of cores, or leave it out");
        return threads;
    }
}
