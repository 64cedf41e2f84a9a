package nnworkshop.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import nnworkshop.torch.TorchBenchmark;
import nnworkshop.util.ChildJvm;

import java.io.PrintWriter;
import java.nio.file.Path;

import nnworkshop.scratch.Benchmark;
import nnworkshop.train.BenchmarkResult;
import nnworkshop.train.Experiment;
import nnworkshop.util.Seeds;
import nnworkshop.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./workshop bench}: how fast the from-scratch engine is here. */
@Command(name = "bench", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Benchmark the from-scratch engine, then PyTorch through DJL (in a JVM of its own), on this machine (784-128-10 relu, SGD lr 0.1): seconds per "
                + "epoch at batch 64 and 256 (median after a warm-up epoch), the first epoch, inference images/s "
                + "at batch 1000 and 1, the matrix kernels' GFLOP/s and peak memory. About a minute on MNIST.",
            "Timings vary on a shared machine: compare figures from one run."})
final class BenchCommand implements Runnable {

    @Spec CommandSpec spec;

    @Mixin DataOptions data;

    @Mixin ThreadsOption threads;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "3",
            description = "Timed epochs per batch size (after one warm-up epoch each).")
    int epochs;

    @Option(names = "--validation", paramLabel = "N", defaultValue = "5000",
            description = "Training images held out for the validation pass of every epoch.")
    int validation;

    @Option(names = "--gemm-seconds", paramLabel = "S", defaultValue = "0.2",
            description = "Seconds of timed calls per matrix-kernel shape (0 = skip the kernel table).")
    double gemmSeconds;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the figures here (JSON, under \"scratch\" and \"torch\").")
    Path json;

    @Mixin TorchThreadsOption torch;

    @Option(names = "--no-torch", description = "Measure the from-scratch engine only.")
    boolean noTorch;

    /** The torch figures beside the scratch ones. */
    static String torchTable(JsonObject torch, JsonObject scratch) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "PyTorch through DJL (%s), same model, data and epochs:%n", torch.get("kernel").getAsString()));
        sb.append(String.format(Locale.ROOT, "  %-40s %14s %14s%n", "", "PyTorch (DJL)", "from scratch"));
        String[][] rows = {
            {"epoch, batch 64", "epoch_seconds_b64", "%.3f s"},
            {"epoch, batch 256", "epoch_seconds_b256", "%.3f s"},
            {"inference, batch 1000 (images/s)", "infer_images_per_s_b1000", "%,.0f"},
            {"inference, batch 1 (images/s)", "infer_images_per_s_b1", "%,.0f"},
            {"peak memory (RSS, MB)", "peak_rss_mb", "%.0f"}};
        for (String[] r : rows) {
            sb.append(String.format(Locale.ROOT, "  %-40s %14s %14s%n", r[0],
                    String.format(Locale.ROOT, r[2], torch.get(r[1]).getAsDouble()),
                    String.format(Locale.ROOT, r[2], scratch.get(r[1]).getAsDouble())));
        }
        sb.append(String.format(Locale.ROOT, "  %-40s %14s%n", "engine start-up",
                String.format(Locale.ROOT, "%.2f s", torch.get("engine_startup_seconds").getAsDouble())));
        return sb.toString();
    }

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        var log = Cli.log(spec.commandLine().getErr());
        Cli.requirePositive("--epochs", epochs);
        if (json != null) { // checked before minutes of measuring, not after
            nnworkshop.util.OutputPaths outputs = new nnworkshop.util.OutputPaths();
            outputs.output(json, "--json");
            outputs.check();
        }
        Benchmark.Options options = new Benchmark.Options(threads.value(), epochs, gemmSeconds, Seeds.DEFAULT);
        Cli.requireFits(nnworkshop.compare.Impl.SCRATCH, nnworkshop.nn.ModelSpec.withHidden(28 * 28, 10,
                nnworkshop.nn.Activation.RELU, new int[] {128}), nnworkshop.train.TrainConfig.defaults().withEpochs(epochs),
                validation, 0, threads.value());
        nnworkshop.scratch.Warmup.start(data.kind(), false); // the kernels compile while the data loads
        Experiment exp = Experiment.prepare(data.store(log), data.kind(), validation, 0, Seeds.DEFAULT, false, log);
        BenchmarkResult r = Benchmark.run(exp.train(), exp.validation(), exp.test(), exp.data().readSeconds(),
                options, log);
        out.print(r.table());
        JsonObject all = r.toJson();
        if (!noTorch) {
            int torchThreads = torch.value();
            // libtorch fixes its thread count per process, and its memory is best measured alone: a JVM of its own
            log.accept("PyTorch (DJL) in a JVM of its own: " + torchThreads + " thread(s)");
            List<String> args = new ArrayList<>(List.of("--threads", String.valueOf(torchThreads),
                    "--epochs", String.valueOf(epochs), "--validation", String.valueOf(validation),
                    "--dataset", data.kind().id(), "--data-dir", data.store(s -> { }).dir().toString()));
            String text = ChildJvm.run(TorchBenchmark.class.getName(), args, log, 900);
            JsonObject torch = JsonParser.parseString(text).getAsJsonObject();
            all.add("torch", torch);
            out.print(torchTable(torch, all.getAsJsonObject("scratch")));
        }
        if (json != null) {
            Json.write(json, all);
            out.println("figures -> " + nnworkshop.util.PathText.show(json));
        }
        out.flush();
    }
}
