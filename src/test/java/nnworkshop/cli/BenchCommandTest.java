package nnworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.data.Dataset;
import nnworkshop.data.IdxWriter;

/** {@code bench} on a tiny synthetic MNIST-shaped cache: the table, the JSON keys, positive figures (not timings). */
class BenchCommandTest {
    @TempDir Path tmp;

    @Test
    void benchWritesEveryFigureAsJson() throws Exception {
        Path data = tinyFashion(tmp.resolve("data"), 300, 120);
        Path json = tmp.resolve("bench.json");
        CliRunner r = CliRunner.run("bench", "--dataset", "fashion", "--data-dir", data.toString(), "--validation", "50", "--epochs", "2",
                "--threads", "2", "--gemm-seconds", "0.01", "--json", json.toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("epoch, batch 64"), r.out);
        assertTrue(r.out.contains("inference, batch 1000"), r.out);

        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        JsonObject s = root.getAsJsonObject("scratch");
        for (String key : new String[] {"epoch_seconds_b64", "epoch_seconds_b256", "first_epoch_seconds",
            "infer_images_per_s_b1000", "infer_images_per_s_b1", "data_load_seconds"}) {
            assertTrue(s.has(key), key);
            assertTrue(s.get(key).getAsDouble() > 0, key + " = " + s.get(key));
        }
        assertTrue(s.get("peak_rss_mb").getAsLong() > 0 || !Files.exists(Path.of("/proc/self/status")));
        assertEquals(2, s.get("threads").getAsInt());
        assertTrue(s.get("kernel").getAsString().contains("2 threads"), s.get("kernel").toString());
        assertTrue(s.has("java_version"));
        assertEquals(250, s.get("train_images").getAsInt());
        JsonObject g = s.getAsJsonObject("gemm_gflops");
        assertTrue(g.has("fwd1 N=64 nt"), g.toString());
        for (String k : g.keySet()) assertTrue(g.get(k).getAsDouble() > 0, k);
        assertTrue(root.getAsJsonObject("machine").get("cores").getAsInt() >= 1);
        assertSpread(s, "epoch_seconds_b64");
        assertSpread(s, "epoch_seconds_b256");
        double peak = s.get("peak_gflops").getAsDouble(), peak1 = s.get("peak_gflops_1_thread").getAsDouble();
        assertTrue(peak > 0 && Double.isFinite(peak) && peak1 > 0 && Double.isFinite(peak1), s.toString());
        JsonObject fractions = s.getAsJsonObject("gemm_fraction_of_peak"), used = s.getAsJsonObject("gemm_threads");
        assertEquals(g.keySet(), fractions.keySet());
        assertEquals(g.keySet(), used.keySet());
        for (String k : g.keySet()) {
            double f = fractions.get(k).getAsDouble();
            assertTrue(f > 0 && Double.isFinite(f), k + " = " + f);
            int t = used.get(k).getAsInt();
            assertTrue(t == 1 || t == 2, k + " ran on " + t);
            assertEquals(g.get(k).getAsDouble() / (t == 1 ? peak1 : peak), f, 1e-9, k);
        }
        assertTrue(r.out.contains("fp32 peak (FMA loop), 2 threads"), r.out);
        assertTrue(r.out.contains("of the 2-thread peak"), r.out);
        assertTrue(r.out.contains("timed epochs, fastest-slowest"), r.out);

        // dense inputs: the data set standardised; Fashion-MNIST is the data set itself here
        JsonObject dense = s.getAsJsonObject("dense").getAsJsonObject("standardized_fashion_mnist");
        assertEquals(250, dense.get("train_images").getAsInt());
        assertEquals(1.0, dense.get("nonzero_fraction").getAsDouble(), 1e-9);
        assertTrue(dense.get("first_epoch_seconds").getAsDouble() > 0);
        assertSpread(dense, "epoch_seconds_b64");
        assertEquals((250 * 409_088.0 + 50 * 203_264.0) / 1e9, dense.get("gflop_per_epoch").getAsDouble(), 1e-9);
        assertEquals(dense.get("gflop_per_epoch").getAsDouble() / dense.get("epoch_seconds_b64").getAsDouble(),
                dense.get("gflops").getAsDouble(), 1e-6);
        assertEquals(dense.get("gflops").getAsDouble() / peak, dense.get("fraction_of_peak").getAsDouble(), 1e-9);
        assertTrue(s.getAsJsonObject("dense_skipped").get("fashion_mnist").getAsString().contains("the figures above"));
        assertTrue(r.out.contains("standardised Fashion-MNIST (250 training images, 100 % of the inputs nonzero)"), r.out);

        JsonObject t = root.getAsJsonObject("torch"); // measured in the same run, in a JVM of its own
        for (String key : new String[] {"epoch_seconds_b64", "epoch_seconds_b256", "infer_images_per_s_b1000",
            "infer_images_per_s_b1", "engine_startup_seconds", "peak_rss_mb"}) {
            assertTrue(t.has(key), key);
            assertTrue(t.get(key).getAsDouble() > 0, key + " = " + t.get(key));
        }
        assertEquals(1, t.get("threads").getAsInt());
        assertTrue(r.out.contains("PyTorch through DJL"), r.out);
    }

    @Test
    void noDenseSkipsTheDenseInputs() throws Exception {
        Path data = tinyFashion(tmp.resolve("data"), 200, 60);
        Path json = tmp.resolve("bench.json");
        CliRunner r = CliRunner.run("bench", "--dataset", "fashion", "--data-dir", data.toString(), "--validation", "40",
                "--epochs", "1", "--threads", "1", "--gemm-seconds", "0", "--no-torch", "--no-dense", "--json", json.toString());
        assertEquals(0, r.code, r::toString);
        JsonObject s = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("scratch");
        assertTrue(!s.has("dense") && !s.has("dense_skipped"), s.toString());
        assertTrue(!r.out.contains("dense inputs"), r.out);
        assertEquals(1.0, s.get("epoch_seconds_b64_spread").getAsDouble(), "one timed epoch: no spread");
        assertTrue(s.get("peak_gflops").getAsDouble() > 0, "the peak is measured without the kernel table too");
        assertEquals(s.get("peak_gflops").getAsDouble(), s.get("peak_gflops_1_thread").getAsDouble(), "one thread");
        assertTrue(s.getAsJsonObject("gemm_gflops").keySet().isEmpty());
    }

    /**
     * {@code KEY_min <= KEY <= KEY_max}, all positive and finite, {@code KEY_spread = max/min >= 1},
     * and {@code KEY_jit} the JIT's compiling time during the timed epochs: HotSpot measures it.
     */
    private static void assertSpread(JsonObject o, String key) {
        double min = o.get(key + "_min").getAsDouble(), med = o.get(key).getAsDouble(), max = o.get(key + "_max").getAsDouble();
        double spread = o.get(key + "_spread").getAsDouble();
        assertTrue(min > 0 && min <= med && med <= max && Double.isFinite(max), key + ": " + min + " " + med + " " + max);
        assertTrue(spread >= 1, key + "_spread = " + spread);
        assertEquals(max / min, spread, 1e-9, key);
        double jit = o.get(key + "_jit").getAsDouble();
        assertTrue(jit >= 0 && jit < 600, key + "_jit = " + jit);
    }

    @Test
    void badOptionsAreUserErrors() {
        CliRunner r = CliRunner.run("bench", "--epochs", "0", "--data-dir", tmp.toString());
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.contains("epochs"), r.err);
    }

    /** A small Fashion-MNIST-shaped cache (gzipped IDX, not checksummed) in {@code dir/fashion}: random pixels, labels 0..9 in turn. */
    private static Path tinyFashion(Path dir, int trainCount, int testCount) {
        Random rnd = new Random(7);
        for (String[] part : new String[][] {{"train", String.valueOf(trainCount)}, {"t10k", String.valueOf(testCount)}}) {
            int n = Integer.parseInt(part[1]);
            byte[] px = new byte[n * 784];
            byte[] lb = new byte[n];
            for (int i = 0; i < n; i++) {
                lb[i] = (byte) (i % 10);
                for (int p = 0; p < 784; p++) px[i * 784 + p] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 0);
            }
            IdxWriter.write(new Dataset(part[0], n, 28, 28, px, lb), dir.resolve("fashion/" + part[0] + "-images-idx3-ubyte.gz"),
                    dir.resolve("fashion/" + part[0] + "-labels-idx1-ubyte.gz"));
        }
        return dir;
    }
}
