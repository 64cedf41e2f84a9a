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
