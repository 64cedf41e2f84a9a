package nnworkshop.cli;

import java.io.PrintWriter;

import nnworkshop.compare.Comparison;
import nnworkshop.data.DataStore;
import nnworkshop.data.Normalization;
import nnworkshop.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Part 5: {@code ./workshop compare}. */
@Command(name = "compare", showDefaultValues = true, sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Part 5: the network from scratch and the same network on PyTorch (DJL), side by side.",
            "Lock-step parity (same weights, same batch: loss and every gradient compared every --lockstep-every steps), "
                    + "then each trains on its own in a JVM of its own, from the same weights on the same batches: "
                    + "accuracy, seconds per epoch, inference speed, memory, start-up.",
            "Writes part5/compare.json and its figures, and the run files of Parts 2 and 4 (part2/, part4/), into --out.",
            "--threads is the from-scratch engine's thread count, --torch-threads libtorch's."})
final class CompareCommand implements Runnable {
    @Spec CommandSpec spec;

    @Mixin ModelOptions model;
    @Mixin TrainOptions training;
    @Mixin DataOptions data;
    @Mixin OutOptions out;

    @Mixin ThreadsOption threads;
    @Mixin TorchThreadsOption torch;

    @Option(names = "--lockstep-every", paramLabel = "STEPS", defaultValue = "50",
            description = "Steps between lock-step checkpoints (step 0 included).")
    int lockstepEvery;

    @Option(names = "--in-process",
            description = "Run both implementations in this JVM instead of one child JVM each "
                    + "(memory and start-up are then the shared process's).")
    boolean inProcess;

    @Override
    public void run() {
        PrintWriter pw = spec.commandLine().getOut();
        var log = Cli.log(spec.commandLine().getErr());
        int scratchThreads = threads.value();
        int torchThreads = torch.value();
        Cli.requirePositive("--lockstep-every", lockstepEvery);
        TrainConfig config = training.config(Normalization.UNIT); // options checked before any data is read
        var modelSpec = model.spec();
        var init = model.initKind();
        Cli.requireFits(nnworkshop.compare.Impl.SCRATCH, modelSpec, config, training.validation, training.subset, scratchThreads);
        Cli.requireFits(nnworkshop.compare.Impl.TORCH, modelSpec, config, training.validation, training.subset, torchThreads);
        java.nio.file.Path dir = out.dir();
        DataStore store = data.store(log);
        Comparison.Options options = new Comparison.Options(data.kind(), store.dir(), training.validation, training.subset,
                training.standardize, modelSpec, init, config, scratchThreads, torchThreads, lockstepEvery,
                inProcess ? Comparison.Isolation.IN_PROCESS : Comparison.Isolation.CHILD_JVMS);
        Comparison.Result r = Comparison.run(options, dir, log);
        pw.println(r.summary());
    }
}
