package nnworkshop.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import nnworkshop.data.DataStore;

/**
 * The NumPy baseline of the README's speed figures ({@code bench/numpy_mlp.py}) still runs and
 * learns: two epochs on 5,000 images reach (89% here) a test accuracy a working network reaches (a broken
 * backward pass stays near 10%), and a missing data folder is one line with exit 2. Skipped where
 * Python 3 with NumPy is not installed.
 */
class NumpyBaselineTest {

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", "bench/numpy_mlp.py"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        return new Result(p.exitValue(), out, err);
    }

    private record Result(int code, String out, String err) {}

    private static boolean numpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void learnsInTwoEpochsAndRefusesAMissingFolder() throws Exception {
        assumeTrue(numpy(), "needs python3 with NumPy");
        DataStore store = DataStore.open(null, null);
        store.load(nnworkshop.data.DatasetKind.MNIST); // fetched and verified if needed
        Path mnist = store.dir(nnworkshop.data.DatasetKind.MNIST);
        Result r = run("--epochs", "2", "--subset", "5000", "--data", mnist.toString());
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("test accuracy ([0-9.]+)%").matcher(r.out());
        assertTrue(m.find(), r.out() + r.err());
        assertTrue(Double.parseDouble(m.group(1)) > 80, r.out());
        assertTrue(r.out().contains("epoch 1: "), r.out());

        Path none = Files.createTempDirectory("numpy-none");
        Result bad = run("--data", none.toString());
        assertEquals(2, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("run ./workshop data fetch"), bad.err());
        Files.delete(none);
    }
}
