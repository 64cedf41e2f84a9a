package nnworkshop.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import nnworkshop.torch.TorchBenchmark;
import nnworkshop.util.ChildJvm;

import java.io.PrintWriter;
import java.nio.file.Path;

import nnworkshop.WorkshopException;
import nnworkshop.data.DataStore;
import nnworkshop.data.DatasetKind;
import nnworkshop.data.Normalization;
import nnworkshop.scratch.Benchmark;
import nnworkshop.scratch.Warmup;
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
                + "at batch 1000 and 1, the matrix kernels' GFLOP/s and share of the measured fp32 peak, peak memory; "
                + "then the same model on dense inputs (the data standardised; Fashion-MNIST when installed). "
                + "About a minute on MNIST.",
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

    @Option(names = "--no-dense", description = "Skip the dense inputs (standardised images, Fashion-MNIST).")
    boolean noDense;

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

    /**
     * The same model on dense inputs, at batch 64: the data set standardised (every pixel shifted by
     * the mean, so none is zero), always; and Fashion-MNIST (half its pixels nonzero) when it is
     * installed and not already the data set measured. Each gets the kernel warm-up a fresh
     * {@code train} process would: started before its data is prepared, given as long as reading
     * the data took ({@link Warmup#awaitEnd}, for the standardised set whose data is already here) or
     * running while Fashion-MNIST is read. Fashion-MNIST comes second, its dense kernels compiled by then.
     */
    private BenchmarkResult withDenseFigures(BenchmarkResult r, Experiment exp, Benchmark.Options options,
                                             java.util.function.Consumer<String> log) {
        List<BenchmarkResult.Dense> dense = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        DatasetKind kind = data.kind();
        long t0 = System.nanoTime();
        Warmup.start(kind, true);
        Normalization standardized = Normalization.fit(exp.train());
        Warmup.awaitEnd((long) (exp.data().readSeconds() * 1000) - (System.nanoTime() - t0) / 1_000_000);
        dense.add(Benchmark.dense("standardized_" + key(kind), "standardised " + kind.displayName(), exp.train(),
                exp.validation(), standardized, options, r.peakGflops(), log));

        String fashion = key(DatasetKind.FASHION);
        if (kind == DatasetKind.FASHION) {
            skipped.put(fashion, "Fashion-MNIST: the figures above (--dataset fashion)");
        } else {
            DataStore store = data.store(log);
            if (!store.installed(DatasetKind.FASHION)) {
                skipped.put(fashion, "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist): skipped");
            } else {
                try {
                    Warmup.start(DatasetKind.FASHION, false); // the dense kernels compile while it is read
                    Experiment f = Experiment.prepare(store, DatasetKind.FASHION, validation, 0, Seeds.DEFAULT, false, log);
                    dense.add(Benchmark.dense(fashion, DatasetKind.FASHION.displayName(), f.train(), f.validation(),
                            f.normalization(), options, r.peakGflops(), log));
                } catch (WorkshopException e) {
                    Warmup.stop();
                    skipped.put(fashion, "Fashion-MNIST could not be read (" + e.getMessage() + "): skipped");
                }
            }
        }
        return r.withDense(dense, skipped);
    }

    /** The JSON key of a data set: "mnist" or "fashion_mnist". */
    static String key(DatasetKind kind) {
        return kind == DatasetKind.MNIST ? "mnist" : "fashion_mnist";
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
        Warmup.start(data.kind(), false); // the kernels compile while the data loads
        Experiment exp = Experiment.prepare(data.store(log), data.kind(), validation, 0, Seeds.DEFAULT, false, log);
        BenchmarkResult r = Benchmark.run(exp.train(), exp.validation(), exp.test(), exp.data().readSeconds(),
                options, log);
        if (!noDense) r = withDenseFigures(r, exp, options, log);
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
