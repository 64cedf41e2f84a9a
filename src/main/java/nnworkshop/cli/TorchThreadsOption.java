package nnworkshop.cli;

import nnworkshop.torch.TorchRuntime;
import picocli.CommandLine.Option;

/** {@code --torch-threads N}: libtorch's intra-op threads, on every command that runs it ({@link ThreadsOption} is the from-scratch engine's). */
final class TorchThreadsOption {

    @Option(names = "--torch-threads", paramLabel = "N", defaultValue = "" + TorchRuntime.TRAIN_THREADS,
            description = "libtorch's intra-op threads (1 trains this small network fastest on 2 cores; "
                    + "fixed for the life of a process).")
    int torchThreads;

    /** The thread count, checked to be positive. */
    int value() {
        Cli.requirePositive("--torch-threads", torchThreads);
        if (torchThreads > ThreadsOption.MAX) {
            throw new nnworkshop.WorkshopException("--torch-threads " + torchThreads + " is more than " + ThreadsOption.MAX
                    + ": give the number of cores, or leave it out");
        }
        return torchThreads;
    }
}
