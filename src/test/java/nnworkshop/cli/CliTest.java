package nnworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir Path tmp;

    /**
     * A user error: exit 2, and the last line on stderr (after any progress messages) is the one
     * line that starts with "workshop:"; no stack trace.
     */
    static void assertUserError(CliRunner r, String expectedFragment) {
        assertEquals(2, r.code, r::toString);
        String[] lines = r.err.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("workshop: "), r::toString);
        assertEquals(1, r.err.split("workshop: ", -1).length - 1, () -> "expected one error line: " + r);
        assertFalse(r.err.contains("\tat "), () -> "stack trace printed: " + r);
        assertTrue(last.contains(expectedFragment), () -> "expected '" + expectedFragment + "' in: " + r);
    }

    @Test
    void helpListsEveryCommand() {
        CliRunner r = CliRunner.run("--help");
        assertEquals(0, r.code, r::toString);
        for (String c : new String[] {"run", "data", "activations", "explore", "train", "evaluate", "predict",
            "gradcheck", "bench", "compare", "help"}) {
            assertTrue(r.out.contains("  " + c), () -> "missing " + c + " in\n" + r.out);
        }
    }

    @Test
    void helpOfACommandShowsDefaults() {
        CliRunner r = CliRunner.run("help", "explore");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("--validation"), r.out);
        assertTrue(r.out.contains("Default: 5000"), r.out);
        assertTrue(r.out.contains("Default: mnist"), r.out);
    }

    @Test
    void everyCommandTakesHelp() {
        for (String c : new String[] {"run", "data", "activations", "explore", "train", "evaluate", "predict",
            "gradcheck", "bench", "compare"}) {
            CliRunner r = CliRunner.run(c, "--help");
            assertEquals(0, r.code, r::toString);
            assertTrue(r.out.contains("Usage: workshop " + c), r.out);
        }
        CliRunner r = CliRunner.run("data", "fetch", "--help");
        assertEquals(0, r.code, r::toString);
    }

    @Test
    void versionNamesJava() {
        CliRunner r = CliRunner.run("--version");
        assertEquals(0, r.code);
        assertTrue(r.out.contains("Java "), r.out);
    }

    @Test
    void unknownCommandIsAUserError() {
        assertUserError(CliRunner.run("frobnicate"), "frobnicate");
    }

    @Test
    void unknownOptionIsAUserError() {
        assertUserError(CliRunner.run("explore", "--colour", "red"), "--colour");
    }

    @Test
    void unknownDatasetIsAUserError() {
        assertUserError(CliRunner.run("explore", "--dataset", "cifar", "--out", tmp.toString()), "unknown dataset 'cifar'");
    }

    @Test
    void negativeValidationSizeIsAUserError() {
        assertUserError(CliRunner.run("explore", "--validation", "-5", "--out", tmp.toString()), "--validation");
    }

    @Test
    void notANumberIsAUserError() {
        assertUserError(CliRunner.run("explore", "--validation", "lots"), "lots");
    }

    @Test
    void missingDataDirectoryIsAUserError() {
        Path missing = tmp.resolve("no-such-dir");
        assertUserError(CliRunner.run("data", "verify", "--data-dir", missing.toString()), "does not exist");
        assertFalse(Files.exists(missing));
    }

    @Test
    void outputDirectoryThatIsAFileIsAUserError() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        assertUserError(CliRunner.run("activations", "--out", file.toString()), "is a file");
        assertEquals("x", Files.readString(file));
    }

    @Test
    void debugShowsTheStackTrace() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        CliRunner r = CliRunner.run("activations", "--debug", "--out", file.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("\tat "), r::toString);
    }

    @Test
    void activationsWritesAPlot() throws Exception {
        CliRunner r = CliRunner.run("activations", "--out", tmp.toString());
        assertEquals(0, r.code, r::toString);
        BufferedImage img = ImageIO.read(tmp.resolve("activations.png").toFile());
        assertTrue(img.getWidth() >= 800 && img.getHeight() >= 600, "too small: " + img.getWidth() + "x" + img.getHeight());
    }

    /** A small Fashion-MNIST-shaped cache (gzipped IDX, verified by parsing) in {@code dir/fashion}. */
    static Path smallFashionCache(Path dir, int trainCount, int testCount) {
        java.util.Random rnd = new java.util.Random(7);
        for (String[] part : new String[][] {{"train", String.valueOf(trainCount)}, {"t10k", String.valueOf(testCount)}}) {
            int n = Integer.parseInt(part[1]);
            byte[] px = new byte[n * 784];
            byte[] lb = new byte[n];
            for (int i = 0; i < n; i++) {
                lb[i] = (byte) (i % 10);
                for (int p = 0; p < 784; p++) px[i * 784 + p] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 0);
            }
            nnworkshop.data.Dataset d = new nnworkshop.data.Dataset(part[0], n, 28, 28, px, lb);
            nnworkshop.data.IdxWriter.write(d, dir.resolve("fashion/" + part[0] + "-images-idx3-ubyte.gz"),
                    dir.resolve("fashion/" + part[0] + "-labels-idx1-ubyte.gz"));
        }
        return dir;
    }

    @Test
    void exploreOnSmallData() throws Exception {
        Path data = smallFashionCache(tmp.resolve("data"), 60, 20);
        Path out = tmp.resolve("out");
        CliRunner r = CliRunner.run("explore", "--dataset", "fashion", "--data-dir", data.toString(),
                "--validation", "10", "--out", out.toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("validation"), r.out);
        for (String f : new String[] {"samples.png", "class_distribution.png", "class_means.png", "pixel_histogram.png"}) {
            BufferedImage img = ImageIO.read(out.resolve(f).toFile());
            assertTrue(img.getWidth() > 100 && img.getHeight() > 100, f);
        }
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(
                Files.readString(out.resolve("explore.json"))).getAsJsonObject();
        assertEquals(50, json.getAsJsonObject("counts").get("train").getAsInt());
        assertEquals(10, json.getAsJsonObject("counts").get("validation").getAsInt());
        assertEquals(20, json.getAsJsonObject("counts").get("test").getAsInt());
    }

    @Test
    void validationLargerThanTheTrainingSetIsAUserError() {
        Path data = smallFashionCache(tmp.resolve("data"), 30, 10);
        assertUserError(CliRunner.run("explore", "--dataset", "fashion", "--data-dir", data.toString(),
                "--validation", "30", "--out", tmp.resolve("out").toString()), "30");
    }

    @Test
    void verifyOnSmallData() {
        Path data = smallFashionCache(tmp.resolve("data"), 30, 10);
        CliRunner r = CliRunner.run("data", "verify", "--dataset", "fashion", "--data-dir", data.toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("train-images-idx3-ubyte"), r.out);
    }

    @Test
    void verifyReportsACorruptFile() throws Exception {
        Path data = smallFashionCache(tmp.resolve("data"), 30, 10);
        Files.write(data.resolve("fashion/t10k-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3});
        CliRunner r = CliRunner.run("data", "verify", "--dataset", "fashion", "--data-dir", data.toString());
        assertEquals(2, r.code, r::toString);
        assertTrue(r.out.contains("t10k-labels-idx1-ubyte"), r.out);
    }

    @Test
    void runDoesTheWholeWorkshopOnSmallData() throws Exception {
        Path data = smallFashionCache(tmp.resolve("data"), 60, 20);
        Path out = tmp.resolve("out");
        CliRunner r = CliRunner.run("run", "--dataset", "fashion", "--data-dir", data.toString(),
                "--validation", "10", "--epochs", "2", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(Files.isRegularFile(out.resolve("part1/activations.png")));
        for (String f : new String[] {"model.safetensors", "train.json", "learning_curves.png", "step_loss.png"}) {
            assertTrue(Files.isRegularFile(out.resolve("part2").resolve(f)), f);
        }
        assertTrue(r.err.contains("epoch 2/2"), r.err); // training progress, from both implementations
        assertTrue(Files.isRegularFile(out.resolve("part3/explore.json")));
        for (String f : new String[] {"part4/torch.json", "part5/compare.json", "part5/parity.png", "report/index.html",
            "report/screenshot.png"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String summary = r.out.substring(r.out.indexOf("Report: "));
        assertEquals(6, summary.strip().split("\n").length, summary); // the report's path, then five lines
        assertTrue(summary.contains("from scratch : test accuracy") && summary.contains("PyTorch (DJL): test accuracy")
                && summary.contains("parity, lock-step") && summary.contains("the same mathematics"), summary);
    }
}
