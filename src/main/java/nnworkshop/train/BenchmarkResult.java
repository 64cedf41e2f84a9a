package nnworkshop.train;

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
 */
public record BenchmarkResult(double epochSecondsB64, double epochSecondsB256, double firstEpochSeconds,
                              double inferImagesPerSB1000, double inferImagesPerSB1, Map<String, Double> gemmGflops,
                              double dataLoadSeconds, double peakRssMb, int threads, String kernel, int trainImages,
                              int epochs, double testAccuracy, String javaVersion, int cores, String cpu) {

    public BenchmarkResult {
        gemmGflops = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gemmGflops)); // in order
    }

    /** {@code {"scratch": {...}, "machine": {...}}}: the figures under {@code scratch}, snake_case. */
    public JsonObject toJson() {
        JsonObject s = new JsonObject();
        s.addProperty("epoch_seconds_b64", epochSecondsB64);
        s.addProperty("epoch_seconds_b256", epochSecondsB256);
        s.addProperty("first_epoch_seconds", firstEpochSeconds);
        s.addProperty("infer_images_per_s_b1000", inferImagesPerSB1000);
        s.addProperty("infer_images_per_s_b1", inferImagesPerSB1);
        JsonObject g = new JsonObject();
        gemmGflops.forEach(g::addProperty);
        s.add("gemm_gflops", g);
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
        row(sb, "epoch, batch 256 (median of " + epochs + ")", "%.3f s", epochSecondsB256);
        row(sb, "first epoch (JIT warm-up included)", "%.3f s", firstEpochSeconds);
        row(sb, "inference, batch 1000", "%,.0f images/s", inferImagesPerSB1000);
        row(sb, "inference, batch 1", "%,.0f images/s", inferImagesPerSB1);
        row(sb, "reading the data, listing its pixels", "%.2f s", dataLoadSeconds);
        row(sb, "peak memory (RSS)", Double.isFinite(peakRssMb) ? "%.0f MB" : "unknown", peakRssMb);
        row(sb, "test accuracy after training", "%.2f %%", 100 * testAccuracy);
        if (!gemmGflops.isEmpty()) {
            sb.append("matrix kernels (GFLOP/s, median):\n");
            gemmGflops.forEach((k, v) -> row(sb, "  " + k, "%.1f", v));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, String format, Object value) {
        sb.append(String.format(Locale.ROOT, "  %-40s " + format + "%n", label, value));
    }
}
