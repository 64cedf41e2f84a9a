package nnworkshop.scratch;

import nnworkshop.tensor.Backend;
import nnworkshop.train.BenchmarkResult;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.TrainConfig;
import nnworkshop.util.ProcessMemory;
import nnworkshop.util.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.util.Stats;
import nnworkshop.tensor.kernel.Gemm;
import nnworkshop.tensor.kernel.GemmBenchmark;
import nnworkshop.tensor.kernel.Kernels;

/**
 * How fast the from-scratch engine is on this machine, for the workshop's default model
 * (784-128-10 ReLU, SGD lr 0.1): seconds per training epoch at batch 64 and 256, inference
 * throughput at batch 1000 and 1, the matrix kernels' GFLOP/s at the layer shapes, and peak memory.
 *
 * <p>Each training figure is the median over {@code epochs} epochs that follow one warm-up epoch
 * (a fresh model per batch size, the same loop as {@code train}: {@link Trainer#fit}, validation
 * pass included). The very first epoch of the process is reported apart: it includes the JIT's
 * warm-up. Inference is the median of several passes of {@link Evaluator#predict} over the test
 * set (the first 2,000 images at batch 1). Timings on a shared machine vary from run to run;
 * compare figures from one run, not across runs.
 */
public final class Benchmark {

    /**
     * @param threads     kernel threads
     * @param epochs      timed epochs per batch size, after one warm-up epoch
     * @param gemmSeconds seconds of timed calls per kernel shape (0 skips the kernel table)
     * @param seed        seed of the models and the shuffling
     */
    public record Options(int threads, int epochs, double gemmSeconds, long seed) {
        public Options {
            if (threads < 1) throw new WorkshopException("--threads must be at least 1, got " + threads);
            if (epochs < 1) throw new WorkshopException("--epochs must be at least 1, got " + epochs);
            if (!(gemmSeconds >= 0) || gemmSeconds > 60) {
                throw new WorkshopException("--gemm-seconds must be between 0 and 60, got " + gemmSeconds);
            }
        }

        /** 2 threads, 3 timed epochs, 0.2 s per kernel shape, seed 42. */
        public static Options defaults() {
            return new Options(2, 3, 0.2, Seeds.DEFAULT);
        }
    }

    private Benchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param train           the training set (e.g. MNIST's 55,000 training images)
     * @param validation      measured after every epoch, as in {@code train} (may be null)
     * @param test            the inference set
     * @param dataLoadSeconds how long reading the data took (reported with the time to list the
     *                        sets' nonzero pixels added)
     * @param log             told what is being measured
     */
    public static BenchmarkResult run(Dataset train, Dataset validation, Dataset test, double dataLoadSeconds,
                                      Options o, Consumer<String> log) {
        ModelSpec spec = ModelSpec.withHidden(train.features(), Dataset.NUM_CLASSES, Activation.RELU,
                ModelSpec.DEFAULT_HIDDEN);
        TrainConfig base = TrainConfig.builder().seed(o.seed()).epochs(1 + o.epochs()).build();
        // the lists of nonzero pixels the first layer reads are data preparation: timed with the reading
        long t0 = System.nanoTime();
        for (Dataset d : new Dataset[] {train, validation, test}) {
            if (d != null && d.nonZeroFraction() <= Batch.MAX_SPARSE_DENSITY) d.nonZeroPixels();
        }
        double dataSeconds = dataLoadSeconds + (System.nanoTime() - t0) / 1e9;
        String kernel;
        double first, b64, b256, inf1000, inf1, accuracy;
        try (Backend backend = Backend.fastest(o.threads())) {
            kernel = backend.describe();
            log.accept("training at batch 64: 1 warm-up + " + o.epochs() + " timed epochs (" + kernel + ")");
            Sequential model = spec.build(Init.HE, Seeds.init(o.seed()));
            History h64 = Trainer.fit(model, train, validation, base.withBatch(64), backend, ProgressListener.SILENT);
            first = h64.epochSeconds()[0];
            b64 = Stats.medianAfterFirst(h64.epochSeconds());

            log.accept("inference at batch 1000 and 1");
            // each after warm-up passes, as the PyTorch side does: the first passes compile and set up
            Evaluator big = new Evaluator(model, Normalization.UNIT, 1000);
            for (int i = 0; i < 3; i++) big.predict(test);
            inf1000 = test.count() / medianSeconds(5, () -> big.predict(test));
            Dataset few = test.head(Math.min(2000, test.count()));
            Evaluator one = new Evaluator(model, Normalization.UNIT, 1);
            one.predict(few);
            inf1 = few.count() / medianSeconds(5, () -> one.predict(few));
            accuracy = big.evaluate(test, base.loss()).accuracy();

            log.accept("training at batch 256: 1 warm-up + " + o.epochs() + " timed epochs");
            Sequential model256 = spec.build(Init.HE, Seeds.init(o.seed()));
            History h256 = Trainer.fit(model256, train, validation, base.withBatch(256), backend, ProgressListener.SILENT);
            b256 = Stats.medianAfterFirst(h256.epochSeconds());
        }
        double rss = ProcessMemory.peakRssMb();

        Map<String, Double> gflops = new LinkedHashMap<>();
        if (o.gemmSeconds() > 0) {
            log.accept("matrix kernels at the layer shapes");
            List<Supplier<Gemm>> variant = List.of(() -> Kernels.fastest(o.threads()));
            for (GemmBenchmark.Result r : GemmBenchmark.run(GemmBenchmark.modelShapes(), variant, o.gemmSeconds())) {
                gflops.put(r.shape().name() + " " + r.shape().op(), r.gflops());
            }
        }
        return new BenchmarkResult(b64, b256, first, inf1000, inf1, gflops, dataSeconds, rss, o.threads(), kernel,
                train.count(), o.epochs(), accuracy, Runtime.version().toString(),
                Runtime.getRuntime().availableProcessors(), cpuModel());
    }
    /** Runs {@code work} once untimed, then {@code rounds} times; the median seconds of one run. */
    private static double medianSeconds(int rounds, Runnable work) {
        work.run();
        double[] t = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            work.run();
            t[r] = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
        }
        return Stats.median(t);
    }

    /** The CPU's model name (Linux), else the architecture. */
    static String cpuModel() {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/cpuinfo")));
            for (String line : lines) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
