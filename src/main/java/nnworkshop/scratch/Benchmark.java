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
import nnworkshop.tensor.kernel.CoreDistance;
import nnworkshop.tensor.kernel.Gemm;
import nnworkshop.tensor.kernel.GemmBenchmark;
import nnworkshop.tensor.kernel.Kernels;
import nnworkshop.tensor.kernel.PeakFlops;
import java.util.Optional;

/**
 * How fast the from-scratch engine is on this machine, for the workshop's default model
 * (784-128-10 ReLU, SGD lr 0.1): seconds per training epoch at batch 64 and 256, inference
 * throughput at batch 1000 and 1, the matrix kernels' GFLOP/s at the layer shapes, and peak memory.
 *
 * <p>Each training figure is the median over {@code epochs} epochs that follow one warm-up epoch
 * (a fresh model per batch size, the same loop as {@code train}: {@link Trainer#fit}, validation
 * pass included). The very first epoch of the process is reported apart: it includes the JIT's
 * warm-up. Inference is the median of {@value BenchmarkResult#INFERENCE_ROUNDS} passes of
 * {@link Evaluator#predict} over the test set (the first 2,000 images at batch 1), after untimed
 * passes for {@value BenchmarkResult#INFERENCE_WARM_UP_SECONDS} s. Timings on a shared machine vary from run to run;
 * compare figures from one run, not across runs; the fastest and slowest timed epochs are reported
 * beside each median.
 *
 * <p>The kernel table times each product of the layer shapes ({@link GemmBenchmark}) and quotes it
 * against this machine's fp32 peak, measured first with an FMA loop ({@link Kernels#measurePeak}):
 * the one-thread peak for a product that stayed on the caller's thread, the all-threads peak for
 * one split between them. The peak is measured before and after the table and the better figures
 * kept (a process elsewhere holding a core during one measurement lowers only that one). {@link #dense} measures the same model on dense inputs.
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
        BenchmarkResult.CoreHandOff cores;
        double first, b64, b256, inf1000, inf1, accuracy;
        BenchmarkResult.Spread spread64, spread256;
        try (Backend backend = Backend.fastest(o.threads())) {
            kernel = backend.describe();
            log.accept("training at batch 64: 1 warm-up + " + o.epochs() + " timed epochs (" + kernel + ")");
            Sequential model = spec.build(Init.HE, Seeds.init(o.seed()));
            JitTime jit64 = new JitTime();
            History h64 = Trainer.fit(model, train, validation, base.withBatch(64), backend, jit64);
            first = h64.epochSeconds()[0];
            b64 = Stats.medianAfterFirst(h64.epochSeconds());
            spread64 = BenchmarkResult.Spread.ofTimed(h64.epochSeconds(), jit64.afterFirstEpoch());

            log.accept("inference at batch 1000 and 1");
            // each after warm-up passes, as the PyTorch side does: the first passes compile and set up
            Evaluator big = new Evaluator(model, Normalization.UNIT, 1000);
            inf1000 = test.count() / BenchmarkResult.inferenceSeconds(() -> big.predict(test));
            Dataset few = test.head(Math.min(2000, test.count()));
            Evaluator one = new Evaluator(model, Normalization.UNIT, 1);
            inf1 = few.count() / BenchmarkResult.inferenceSeconds(() -> one.predict(few));
            accuracy = big.evaluate(test, base.loss()).accuracy();

            log.accept("training at batch 256: 1 warm-up + " + o.epochs() + " timed epochs");
            Sequential model256 = spec.build(Init.HE, Seeds.init(o.seed()));
            JitTime jit256 = new JitTime();
            History h256 = Trainer.fit(model256, train, validation, base.withBatch(256), backend, jit256);
            b256 = Stats.medianAfterFirst(h256.epochSeconds());
            spread256 = BenchmarkResult.Spread.ofTimed(h256.epochSeconds(), jit256.afterFirstEpoch());
            cores = handOff(backend);
        }
        double rss = ProcessMemory.peakRssMb();

        log.accept("fp32 peak: an FMA loop on 1 and " + o.threads() + " thread(s)");
        Optional<PeakFlops> peak = Kernels.measurePeak(o.threads(), PEAK_SECONDS);
        Map<String, Double> gflops = new LinkedHashMap<>();
        Map<String, Integer> gemmThreads = new LinkedHashMap<>();
        if (o.gemmSeconds() > 0) {
            log.accept("matrix kernels at the layer shapes");
            List<Supplier<Gemm>> variant = List.of(() -> Kernels.fastest(o.threads()));
            for (GemmBenchmark.Result r : GemmBenchmark.run(GemmBenchmark.modelShapes(), variant, o.gemmSeconds())) {
                gflops.put(r.shape().name() + " " + r.shape().op(), r.gflops());
                gemmThreads.put(r.shape().name() + " " + r.shape().op(), r.threadsUsed());
            }
            // and once more after them: on a shared machine another process may have held a core
            // during one of the two; a peak is the best seen, so each figure is the larger
            peak = best(peak, Kernels.measurePeak(o.threads(), PEAK_SECONDS));
        }
        return new BenchmarkResult(b64, b256, first, inf1000, inf1, gflops, dataSeconds, rss, o.threads(), kernel,
                train.count(), o.epochs(), accuracy, Runtime.version().toString(),
                Runtime.getRuntime().availableProcessors(), cpuModel(), spread64, spread256,
                peak.map(PeakFlops::gflopsOneThread).orElse(Double.NaN),
                peak.map(p -> p.gflops(o.threads())).orElse(Double.NaN), gemmThreads, List.of(), Map.of(), cores);
    }

    /** Each figure the larger of the two measurements (either may be missing). */
    static Optional<PeakFlops> best(Optional<PeakFlops> a, Optional<PeakFlops> b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        PeakFlops x = a.get(), y = b.get();
        return Optional.of(new PeakFlops(x.vectorBits(), x.threads(), Math.max(x.gflopsOneThread(), y.gflopsOneThread()),
                Math.max(x.gflopsAllThreads(), y.gflopsAllThreads())));
    }

    /** Seconds of one fp32 peak measurement (warm-up included); it runs before and after the kernel table. */
    static final double PEAK_SECONDS = 0.2;

    /**
     * The benchmark's model (784-128-10 ReLU, SGD lr 0.1, a fresh model from the same seed) trained
     * at batch 64 on dense inputs: 1 + {@code epochs} epochs, the validation pass included in each,
     * as {@code train} runs them. The first epoch is reported apart (a warm-up that the caller may
     * have started with {@link Warmup#start} has had its chance by then: {@link Trainer#fit} stops
     * it); the median and the spread are of the epochs after it. The rate is the FLOP of the
     * epoch's matrix products ({@link #epochFlop}) over the median epoch's whole time: element-wise
     * work, batching and the validation pass's other costs count against it.
     *
     * @param key        the figures' JSON key, e.g. "standardized_mnist"
     * @param label      for people, e.g. "standardised MNIST"
     * @param norm       the inputs' normalisation; with a nonzero shift ({@link Normalization#fit})
     *                   every input value is nonzero
     * @param peakGflops the fp32 peak of {@code o.threads()} threads, NaN if unknown
     */
    public static BenchmarkResult.Dense dense(String key, String label, Dataset train, Dataset validation,
                                              Normalization norm, Options o, double peakGflops, Consumer<String> log) {
        ModelSpec spec = ModelSpec.withHidden(train.features(), Dataset.NUM_CLASSES, Activation.RELU,
                ModelSpec.DEFAULT_HIDDEN);
        TrainConfig config = TrainConfig.builder().seed(o.seed()).epochs(1 + o.epochs()).batch(64)
                .normalization(norm).build();
        log.accept(label + " (dense) at batch 64: 1 warm-up + " + o.epochs() + " timed epochs");
        History h;
        BenchmarkResult.CoreHandOff cores;
        JitTime jit = new JitTime();
        try (Backend backend = Backend.fastest(o.threads())) {
            h = Trainer.fit(spec.build(Init.HE, Seeds.init(o.seed())), train, validation, config, backend, jit);
            cores = handOff(backend);
        }
        double[] sec = h.epochSeconds();
        double nonZero = nonZeroFraction(train, norm);
        return new BenchmarkResult.Dense(key, label, train.count(), nonZero, sec[0], Stats.medianAfterFirst(sec),
                BenchmarkResult.Spread.ofTimed(sec, jit.afterFirstEpoch()),
                epochFlop(spec, train.count(), validation == null ? 0 : validation.count()), peakGflops, cores);
    }

    /**
     * The JIT's compiling time (its compiler threads' time, summed: {@link
     * java.lang.management.CompilationMXBean#getTotalCompilationTime}) from the end of a training
     * run's first epoch to the end of its last: what the timed epochs shared the cores with.
     */
    static final class JitTime implements ProgressListener {
        private final java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        private long afterFirst = -1, atEnd = -1; // -1: not yet (or not measurable)

        @Override
        public void onEpochEnd(History.Epoch result, int epochs) {
            if (result.epoch() == 1) {
                afterFirst = millis();
            } else {
                atEnd = millis();
            }
        }

        private long millis() {
            return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        }

        /** Seconds compiled after the first epoch; NaN if unknown or if there was no epoch after it. */
        double afterFirstEpoch() {
            return afterFirst < 0 || atEnd < 0 ? Double.NaN : (atEnd - afterFirst) / 1e3;
        }
    }

    /** What the kernels of {@code backend} measured of the distance between their threads' cores. */
    private static BenchmarkResult.CoreHandOff handOff(Backend backend) {
        CoreDistance d = backend.coreDistance();
        return d.checks() == 0 ? BenchmarkResult.CoreHandOff.NONE
                : new BenchmarkResult.CoreHandOff(d.handOffNanos(), d.checks(), d.farChecks());
    }

    /** The fraction of {@code data}'s input values that {@code norm} leaves nonzero. */
    static double nonZeroFraction(Dataset data, Normalization norm) {
        if (norm.keepsZeros()) return data.nonZeroFraction();
        long[] histogram = new long[256];
        byte[] px = data.rawPixels();
        long all = (long) data.count() * data.features();
        for (long i = 0; i < all; i++) histogram[px[(int) i] & 0xFF]++;
        long nonZero = 0;
        for (int v = 0; v < 256; v++) if (norm.apply(v) != 0f) nonZero += histogram[v];
        return all == 0 ? 0 : nonZero / (double) all;
    }

    /**
     * FLOP of the matrix products of one epoch of {@code spec}, counted from its layer shapes (2 per
     * multiply-add): per training image, each layer's forward {@code X·Wᵀ} and weight gradient
     * {@code dZᵀ·X} (2·in·out each) and, for every layer but the first (whose dX nobody needs), its
     * input gradient {@code dZ·W} (2·in·out); per validation image, the forward alone. For
     * 784-128-10 that is 409,088 FLOP per training image — the backward (205,824) costs about as
     * much as the forward (203,264), not twice: the first layer, 99 % of the products, needs no dX —
     * and 203,264 per validation image; 23.5 GFLOP per epoch of 55,000 + 5,000 images.
     * Biases, activations and the loss are not counted.
     */
    public static double epochFlop(ModelSpec spec, int trainImages, int validationImages) {
        int[] sizes = spec.sizes();
        double forward = 0, backward = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            double products = 2.0 * sizes[l] * sizes[l + 1];
            forward += products;
            backward += l == 0 ? products : 2 * products;
        }
        return trainImages * (forward + backward) + validationImages * forward;
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
