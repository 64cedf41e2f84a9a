package nnworkshop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import nnworkshop.train.Benchmark;
import nnworkshop.train.BenchmarkResult;
import nnworkshop.train.Experiment;
import nnworkshop.train.Seeds;
import nnworkshop.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./workshop bench}: how fast the from-scratch engine is here. */
@Command(name = "bench", showDefaultValues = true, sortOptions = false,
        description = {"Benchmark the from-scratch engine on this machine (784-128-10 relu, SGD lr 0.1): seconds per "
                + "epoch at batch 64 and 256 (median after a warm-up epoch), the first epoch, inference images/s "
                + "at batch 1000 and 1, the matrix kernels' GFLOP/s and peak memory. About a minute on MNIST.",
            "Timings vary on a shared machine: compare figures from one run."})
final class BenchCommand implements Runnable {

    @Spec CommandSpec spec;

    @Mixin DataOptions data;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "${sys:nnworkshop.cores}",
            description = "Threads for the matrix kernels (default: one per core, up to 4).")
    int threads;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "3",
            description = "Timed epochs per batch size (after one warm-up epoch each).")
    int epochs;

    @Option(names = "--validation", paramLabel = "N", defaultValue = "5000",
            description = "Training images held out for the validation pass of every epoch.")
    int validation;

    @Option(names = "--gemm-seconds", paramLabel = "S", defaultValue = "0.2",
            description = "Seconds of timed calls per matrix-kernel shape (0 = skip the kernel table).")
    double gemmSeconds;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures here (JSON, under \"scratch\").")
    Path json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        var log = Cli.log(spec.commandLine().getErr());
        Benchmark.Options options = new Benchmark.Options(threads, epochs, gemmSeconds, Seeds.DEFAULT);
        Experiment exp = Experiment.prepare(data.store(log), data.kind(), validation, 0, Seeds.DEFAULT, false, log);
        BenchmarkResult r = Benchmark.run(exp.train(), exp.validation(), exp.test(), exp.data().readSeconds(),
                options, log);
        out.print(r.table());
        if (json != null) {
            Json.write(json, r.toJson());
            out.println("figures -> " + json);
        }
        out.flush();
    }
}
