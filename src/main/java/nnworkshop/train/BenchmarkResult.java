package nnworkshop.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonObject;

/**
 * What the from-scratch engine's benchmark ({@code scratch.Benchmark}) measured.
 *
 * @param epochSecondsB64      median seconds per epoch at batch 64, after a warm-up epoch
 * @param epochSecondsB256     the same at batch 256
 * @param firstEpochSeconds    the process's first training epoch (batch 64), JIT warm-up included
 * @param inferImagesPerSB1000 inference throughput at batch 1000 (images per second)
 * @param inferImagesPerSB1    inference throughput at batch 1
 * @param gemmGflops           GFLOP/s of the matrix kernels by layer shape, e.g. "fwd1 N=64 nt"
 * @param dataLoadSeconds      reading the dataset into memory, and listing its nonzero pixels
 * @param peakRssMb            peak resident memory of the process after training (VmHWM), NaN if unknown
 * @param threads              kernel threads
 * @param kernel               the kernels used, e.g. "vector-512, 2 threads"
 * @param trainImages          images per training epoch
 * @param epochs               timed epochs per batch size
 * @param testAccuracy         accuracy of the batch-64 model on the inference set (a sanity check)
 * @param javaVersion          the JVM's version
 * @param cores                processors available to the JVM
 * @param cpu                  the CPU's model name
 * @param spreadB64            the timed epochs at batch 64 (after the warm-up epoch): fastest and slowest,
 *                             and the JIT's compiling time meanwhile
 * @param spreadB256           the same at batch 256
 * @param peakGflopsOneThread  the measured fp32 peak of one thread (FMA loop), NaN if not measured
 * @param peakGflops           the measured fp32 peak of {@code threads} threads at once, NaN if not measured
 * @param gemmThreads          threads each kernel of {@code gemmGflops} ran on (1: it stayed on the caller's)
 * @param dense                the same model trained on dense inputs (empty with {@code --no-dense})
 * @param denseSkipped         dense inputs not measured, by key (e.g. "fashion_mnist"), with the reason
 * @param coreHandOff          how far apart the kernel threads' cores were during the MNIST runs
 */
public record BenchmarkResult(double epochSecondsB64, double epochSecondsB256, double firstEpochSeconds,
                              double inferImagesPerSB1000, double inferImagesPerSB1, Map<String, Double> gemmGflops,
                              double dataLoadSeconds, double peakRssMb, int threads, String kernel, int trainImages,
                              int epochs, double testAccuracy, String javaVersion, int cores, String cpu,
                              Spread spreadB64, Spread spreadB256, double peakGflopsOneThread, double peakGflops,
                              Map<String, Integer> gemmThreads, List<Dense> dense, Map<String, String> denseSkipped,
                              CoreHandOff coreHandOff) {

    /**
     * Both engines' inference figures are the median of this many passes over the inference set...
     */
    public static final int INFERENCE_ROUNDS = 15;
    /**
     * ...after passes for at least this long (and at least {@link #INFERENCE_MIN_WARM_UPS}): right
     * after training, the from-scratch engine's first passes at batch 1000 still ran beside the
     * JIT's last compilations (in one process passes 2-5 at 1.7-1.9 M images/s, 6-14 at 0.8-1.3 M,
     * then 1.7-2.0 M to the 120th); three warm-up passes and a median of five had timed that dip.
     */
    public static final double INFERENCE_WARM_UP_SECONDS = 0.3;
    /** The fewest untimed passes before the timed ones. */
    public static final int INFERENCE_MIN_WARM_UPS = 3;

    /** The median seconds of one inference {@code pass}, timed as both engines' figures are (above). */
    public static double inferenceSeconds(Runnable pass) {
        return nnworkshop.util.Stats.medianSeconds(INFERENCE_WARM_UP_SECONDS, INFERENCE_MIN_WARM_UPS, INFERENCE_ROUNDS, pass);
    }

    public BenchmarkResult {
        gemmGflops = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gemmGflops)); // in order
        gemmThreads = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gemmThreads));
        dense = List.copyOf(dense);
        denseSkipped = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(denseSkipped));
    }

    /**
     * How far apart the kernel threads' cores were, as the kernels measured it while they ran:
     * the last one-way hand-off of a cache line between the caller and a worker (ns, NaN if never
     * measured: one thread), and of the measures taken how many found the cores far (training-size
     * products then ran on one thread). On this machine the host puts its two vCPUs on one die
     * (35-37 ns) or on two (160-250 ns), and moves them now and then.
     *
     * @param handOffNanos the last measure, NaN if none
     * @param checks       measures taken
     * @param farChecks    of which far
     */
    public record CoreHandOff(double handOffNanos, long checks, long farChecks) {
        /** Not measured (one thread, or kernels without workers). */
        public static final CoreHandOff NONE = new CoreHandOff(Double.NaN, 0, 0);

        void addTo(JsonObject o) {
            o.addProperty("core_hand_off_ns", finiteOrNull(handOffNanos));
            o.addProperty("core_checks", checks);
            o.addProperty("core_far_checks", farChecks);
        }

        String text() {
            if (checks == 0) return "not measured (one thread)";
            return String.format(Locale.ROOT, "%.0f ns (last); far in %d of %d measures", handOffNanos, farChecks, checks);
        }
    }

    /**
     * The fastest and slowest of the timed epochs (the warm-up epoch left out), and how long the
     * JIT compiled meanwhile: on 2 cores its compiler threads share them with the training, and the
     * epochs after the first still ran beside its last compilations (50-250 ms of C2 in each of
     * epochs 2-6, measured 2026-12-07).
     *
     * @param min        seconds of the fastest
     * @param max        seconds of the slowest
     * @param jitSeconds seconds the JIT's compiler threads spent compiling during the timed epochs
     *                   (summed over the threads), NaN if unknown
     */
    public record Spread(double min, double max, double jitSeconds) {
        /**
         * {@code KEY_min}, {@code KEY_max}, {@code KEY_spread} (the ratio) and {@code KEY_jit} (seconds
         * the JIT's compiler threads compiled during the timed epochs, null if unknown) into {@code o}.
         */
        void addTo(JsonObject o, String key) {
            o.addProperty(key + "_min", min);
            o.addProperty(key + "_max", max);
            o.addProperty(key + "_spread", ratio());
            o.addProperty(key + "_jit", finiteOrNull(jitSeconds));
        }

        /**
         * The spread of {@code epochSeconds} without its first entry (the warm-up epoch); of all if
         * only one. {@code jitSeconds}: the JIT's compiling during those epochs, NaN if unknown.
         */
        public static Spread ofTimed(double[] epochSeconds, double jitSeconds) {
            double[] t = epochSeconds.length >= 2 ? Arrays.copyOfRange(epochSeconds, 1, epochSeconds.length) : epochSeconds;
            return new Spread(Arrays.stream(t).min().orElse(Double.NaN), Arrays.stream(t).max().orElse(Double.NaN),
                    jitSeconds);
        }

        /** "0.148-0.277 s (slowest/fastest 1.87)", and "; the JIT compiling 0.12 s meanwhile" if known. */
        String text() {
            String t = String.format(Locale.ROOT, "%.3f-%.3f s (slowest/fastest %.2f)", min, max, ratio());
            return Double.isFinite(jitSeconds) ? t + String.format(Locale.ROOT, "; the JIT compiling %.2f s meanwhile", jitSeconds) : t;
        }

        /** Slowest over fastest: 1 for perfectly steady epochs. */
        public double ratio() {
            return max / min;
        }
    }

    /**
     * The benchmark's model trained on dense inputs (every pixel, or about half, nonzero: the dense
     * first-layer kernels run, not the lists of nonzero pixels), at batch 64.
     *
     * @param key               its JSON key, e.g. "standardized_mnist" or "fashion_mnist"
     * @param label             for people, e.g. "standardised MNIST"
     * @param trainImages       images per training epoch
     * @param nonZeroFraction   fraction of the input values that are nonzero after normalisation
     * @param firstEpochSeconds the first epoch on these inputs (the warm-up epoch)
     * @param epochSecondsB64   median of the timed epochs that follow it
     * @param spread            fastest and slowest of the timed epochs, the JIT's compiling meanwhile
     * @param flopPerEpoch      FLOP of the matrix products of one epoch (training steps and the
     *                          validation pass), counted from the layer shapes
     * @param peakGflops        the peak the achieved rate is compared with (all threads), NaN if unknown
     * @param coreHandOff       how far apart the kernel threads' cores were during these epochs
     */
    public record Dense(String key, String label, int trainImages, double nonZeroFraction, double firstEpochSeconds,
                        double epochSecondsB64, Spread spread, double flopPerEpoch, double peakGflops,
                        CoreHandOff coreHandOff) {
        /** GFLOP/s of the matrix products over a median epoch (the whole epoch's time, not only the products'). */
        public double gflops() {
            return flopPerEpoch / epochSecondsB64 / 1e9;
        }

        /** {@link #gflops()} as a fraction of the measured peak; NaN if the peak is unknown. */
        public double fractionOfPeak() {
            return gflops() / peakGflops;
        }

        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("train_images", trainImages);
            o.addProperty("nonzero_fraction", nonZeroFraction);
            o.addProperty("first_epoch_seconds", firstEpochSeconds);
            o.addProperty("epoch_seconds_b64", epochSecondsB64);
            spread.addTo(o, "epoch_seconds_b64");
            o.addProperty("gflop_per_epoch", flopPerEpoch / 1e9);
            o.addProperty("gflops", gflops());
            o.addProperty("fraction_of_peak", finiteOrNull(fractionOfPeak()));
            coreHandOff.addTo(o);
            return o;
        }
    }

    /** The fraction of the measured peak that kernel {@code name} reached, for the threads it ran on; NaN if unknown. */
    public double gemmFractionOfPeak(String name) {
        Double g = gemmGflops.get(name);
        if (g == null) return Double.NaN;
        return g / (gemmThreads.getOrDefault(name, threads) <= 1 ? peakGflopsOneThread : peakGflops);
    }

    /** A copy with the dense figures. */
    public BenchmarkResult withDense(List<Dense> denseFigures, Map<String, String> skipped) {
        return new BenchmarkResult(epochSecondsB64, epochSecondsB256, firstEpochSeconds, inferImagesPerSB1000,
                inferImagesPerSB1, gemmGflops, dataLoadSeconds, peakRssMb, threads, kernel, trainImages, epochs,
                testAccuracy, javaVersion, cores, cpu, spreadB64, spreadB256, peakGflopsOneThread, peakGflops,
                gemmThreads, denseFigures, skipped, coreHandOff);
    }

    private static Number finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** {@code {"scratch": {...}, "machine": {...}}}: the figures under {@code scratch}, snake_case. */
    public JsonObject toJson() {
        JsonObject s = new JsonObject();
        s.addProperty("epoch_seconds_b64", epochSecondsB64);
        s.addProperty("epoch_seconds_b256", epochSecondsB256);
        s.addProperty("first_epoch_seconds", firstEpochSeconds);
        s.addProperty("infer_images_per_s_b1000", inferImagesPerSB1000);
        s.addProperty("infer_images_per_s_b1", inferImagesPerSB1);
        spreadB64.addTo(s, "epoch_seconds_b64");
        spreadB256.addTo(s, "epoch_seconds_b256");
        JsonObject g = new JsonObject();
        gemmGflops.forEach(g::addProperty);
        s.add("gemm_gflops", g);
        JsonObject gt = new JsonObject();
        gemmThreads.forEach(gt::addProperty);
        s.add("gemm_threads", gt);
        JsonObject gf = new JsonObject();
        gemmGflops.keySet().forEach(k -> gf.addProperty(k, finiteOrNull(gemmFractionOfPeak(k))));
        s.add("gemm_fraction_of_peak", gf);
        s.addProperty("peak_gflops", finiteOrNull(peakGflops));
        s.addProperty("peak_gflops_1_thread", finiteOrNull(peakGflopsOneThread));
        coreHandOff.addTo(s);
        if (!dense.isEmpty() || !denseSkipped.isEmpty()) {
            JsonObject d = new JsonObject();
            for (Dense x : dense) d.add(x.key(), x.toJson());
            s.add("dense", d);
            JsonObject skipped = new JsonObject();
            denseSkipped.forEach(skipped::addProperty);
            s.add("dense_skipped", skipped);
        }
        s.addProperty("data_load_seconds", dataLoadSeconds);
        s.addProperty("peak_rss_mb", Double.isFinite(peakRssMb) ? (Number) Math.round(peakRssMb) : null);
        s.addProperty("threads", threads);
        s.addProperty("kernel", kernel);
        s.addProperty("train_images", trainImages);
        s.addProperty("timed_epochs", epochs);
        s.addProperty("test_accuracy", testAccuracy);
        s.addProperty("java_version", javaVersion);
        JsonObject m = new JsonObject();
        m.addProperty("cores", cores);
        m.addProperty("cpu", cpu);
        m.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.addProperty("java_version", javaVersion);
        m.addProperty("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        JsonObject root = new JsonObject();
        root.add("scratch", s);
        root.add("machine", m);
        return root;
    }

    /** A readable table of the figures. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "from-scratch engine, 784-128-10 relu, SGD, %,d training images; %s; "
                + "Java %s; %d cores (%s)%n", trainImages, kernel, javaVersion, cores, cpu));
        row(sb, "epoch, batch 64 (median of " + epochs + ")", "%.3f s", epochSecondsB64);
        row(sb, "  timed epochs, fastest-slowest", "%s", spreadB64.text());
        row(sb, "epoch, batch 256 (median of " + epochs + ")", "%.3f s", epochSecondsB256);
        row(sb, "  timed epochs, fastest-slowest", "%s", spreadB256.text());
        row(sb, "first epoch (JIT warm-up included)", "%.3f s", firstEpochSeconds);
        row(sb, "inference, batch 1000", "%,.0f images/s", inferImagesPerSB1000);
        row(sb, "inference, batch 1", "%,.0f images/s", inferImagesPerSB1);
        row(sb, "reading the data, listing its pixels", "%.2f s", dataLoadSeconds);
        row(sb, "peak memory (RSS)", Double.isFinite(peakRssMb) ? "%.0f MB" : "unknown", peakRssMb);
        row(sb, "test accuracy after training", "%.2f %%", 100 * testAccuracy);
        row(sb, "cores' hand-off (a cache line)", "%s", coreHandOff.text());
        if (Double.isFinite(peakGflops)) {
            row(sb, "fp32 peak (FMA loop), 1 thread", "%.1f GFLOP/s", peakGflopsOneThread);
            row(sb, "fp32 peak (FMA loop), " + threads + (threads == 1 ? " thread" : " threads"), "%.1f GFLOP/s",
                    peakGflops);
        } else {
            row(sb, "fp32 peak (FMA loop)", "%s", "not measured (no Vector API, or its loop not compiled in time)");
        }
        if (!gemmGflops.isEmpty()) {
            sb.append(Double.isFinite(peakGflops)
                    ? "matrix kernels (GFLOP/s, median; share of the fp32 peak for the threads each product ran on):\n"
                    : "matrix kernels (GFLOP/s, median; threads each product ran on):\n");
            gemmGflops.forEach((k, v) -> {
                int t = gemmThreads.getOrDefault(k, threads);
                double f = gemmFractionOfPeak(k);
                if (Double.isFinite(f)) {
                    row(sb, "  " + k, "%6.1f  %3.0f %% of the %d-thread peak", v, 100 * f, t);
                } else {
                    row(sb, "  " + k, "%6.1f  (%d thread%s)", v, t, t == 1 ? "" : "s");
                }
            });
        }
        if (!dense.isEmpty() || !denseSkipped.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "dense inputs, same model, batch 64 (median of %d epochs after a "
                    + "warm-up epoch):%n", epochs));
            for (Dense d : dense) {
                sb.append(String.format(Locale.ROOT, "  %s (%,d training images, %.0f %% of the inputs nonzero):%n",
                        d.label(), d.trainImages(), 100 * d.nonZeroFraction()));
                row(sb, "  epoch, batch 64", "%.3f s", d.epochSecondsB64());
                row(sb, "  timed epochs, fastest-slowest", "%s", d.spread().text());
                row(sb, "  first epoch (after its warm-up)", "%.3f s", d.firstEpochSeconds());
                row(sb, "  cores' hand-off (a cache line)", "%s", d.coreHandOff().text());
                if (Double.isFinite(d.fractionOfPeak())) {
                    row(sb, "  products per epoch, rate", "%.1f GFLOP: %.1f GFLOP/s, %.0f %% of the %d-thread peak",
                            d.flopPerEpoch() / 1e9, d.gflops(), 100 * d.fractionOfPeak(), threads);
                } else {
                    row(sb, "  products per epoch, rate", "%.1f GFLOP: %.1f GFLOP/s", d.flopPerEpoch() / 1e9,
                            d.gflops());
                }
            }
            denseSkipped.values().forEach(reason -> sb.append("  ").append(reason).append(System.lineSeparator()));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, String format, Object... values) {
        sb.append(String.format(Locale.ROOT, "  %-40s " + format + "%n", prepend(label, values)));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
