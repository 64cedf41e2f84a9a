package nnworkshop.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import nnworkshop.data.DataStore;
import nnworkshop.data.DatasetKind;
import nnworkshop.data.Splits;
import nnworkshop.explore.Explorer;
import nnworkshop.report.ActivationFigure;
import nnworkshop.report.PngChecks;
import nnworkshop.report.html.HtmlReport;
import nnworkshop.train.TrainConfig;

/**
 * The whole comparison on a tiny subset of real MNIST (1,000 training images, 2 epochs), each
 * implementation in its child JVM: its files follow the report's contract (the HTML report is
 * built from them), every figure is a real, non-blank PNG, the numbers are sane, and the
 * lock-step's from-scratch side is bit-identical to the free-running from-scratch run in the other
 * JVM. Then the same in-process: the same runs, step for step. About 15 s.
 */
@Tag("slow")
class ComparisonTest {
    @TempDir Path tmp;

    static Comparison.Options tiny() {
        return Comparison.Options.defaults().withSplit(500, 1000).withLockstepEvery(10)
                .withConfig(TrainConfig.defaults().toBuilder().epochs(2).build()).withThreads(2);
    }

    @Test
    void writesEverythingTheReportReads() throws Exception {
        Path out = tmp.resolve("out");
        List<String> log = new ArrayList<>();
        Comparison.Result r = Comparison.run(tiny(), out, log::add);

        // the report needs Parts 1 and 3 too: written as `run` writes them
        ActivationFigure.write(out.resolve("part1"));
        var mnist = DataStore.open(null, null).load(DatasetKind.MNIST);
        var split = Splits.trainValidation(mnist.train(), 500, 42);
        Explorer.explore("mnist", DatasetKind.MNIST.classNames(), split.train().head(1000), split.validation(), mnist.test(),
                out.resolve("part3"));
        Path index = HtmlReport.write(out, tmp.resolve("no-sources"));
        String html = Files.readString(index);
        assertTrue(html.contains("Lock-step checkpoints"), "Part 5 rendered");

        for (String f : Comparison.FIGURES.values()) PngChecks.assertNotBlank(PngChecks.read(out.resolve("part5").resolve(f)), 20, f);
        for (String f : List.of("part2/learning_curves.png", "part2/step_loss.png", "part4/learning_curves.png")) {
            PngChecks.assertNotBlank(PngChecks.read(out.resolve(f)), 20, f);
        }
        for (String f : List.of("part2/train.json", "part2/model.safetensors", "part4/torch.json", "part4/model.safetensors")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }

        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("part5/compare.json"))).getAsJsonObject();
        assertEquals(r.json(), json);
        assertEquals(List.of("manifest", "scratch", "torch", "parity", "figures"), List.copyOf(json.keySet()));
        JsonObject m = json.getAsJsonObject("manifest");
        assertEquals(mnist.sha256(), m.get("dataset_sha256").getAsString());
        assertTrue(m.get("date").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), m.get("date").toString());
        assertTrue(m.get("git_commit").getAsString().matches("[0-9a-f]{40}|unknown"));
        assertEquals(2, m.getAsJsonObject("threads").get("scratch").getAsInt());
        assertEquals(1, m.getAsJsonObject("threads").get("torch").getAsInt());
        for (String side : List.of("scratch", "torch")) {
            JsonObject s = json.getAsJsonObject(side);
            assertEquals(2, s.getAsJsonArray("epoch_seconds").size());
            for (String k : List.of("train_samples_per_s", "infer_images_per_s_b1000", "infer_images_per_s_b1", "peak_heap_mb",
                    "peak_rss_mb", "startup_seconds")) {
                double v = s.get(k).getAsDouble();
                assertTrue(v > 0 && Double.isFinite(v), side + "." + k + " = " + v);
            }
            assertTrue(s.get("own_process").getAsBoolean());
        }
        // the child JVM of PyTorch holds libtorch: more resident memory than the pure-Java one's heap alone
        assertTrue(json.getAsJsonObject("torch").get("peak_rss_mb").getAsDouble() > 100);

        // parity: lock-step within tolerance, free-running close through the first epoch
        assertTrue(r.lockStep().withinTolerance(), r::summary);
        assertEquals(4, r.lockStep().checkpoints().size()); // 2 epochs of 16 steps: steps 0, 10, 20, 30
        assertTrue(r.lockStepReplaysScratchRun(), "the child's from-scratch run took exactly the lock-step's steps");
        assertTrue(r.freeRunning().firstEpochMax() <= Comparison.FIRST_EPOCH_BOUND, r::summary);
        assertEquals(32, r.scratch().run().history().steps());
        assertEquals(r.scratch().run().testAccuracy(), json.getAsJsonObject("scratch").get("test_accuracy").getAsDouble());
        String summary = r.summary();
        for (String s : List.of("test accuracy", "seconds per epoch", "lock-step", "free-running", "max rel Δgrad")) {
            assertTrue(summary.contains(s), s + " in\n" + summary);
        }
        assertTrue(log.stream().anyMatch(l -> l.startsWith("== Part 5, lock-step")), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("  [torch] epoch 2/2")), log::toString);
        assertFalse(log.stream().anyMatch(l -> l.contains("WARNING: Using incubator")), log::toString);

        // in this JVM instead: the same runs, step for step (same seed, same kernels, same thread counts)
        Comparison.Result same = Comparison.run(tiny().withIsolation(Comparison.Isolation.IN_PROCESS), tmp.resolve("in"), s -> { });
        assertArrayEquals(r.scratch().run().history().stepLosses(), same.scratch().run().history().stepLosses());
        assertArrayEquals(r.torch().run().history().stepLosses(), same.torch().run().history().stepLosses());
        assertFalse(same.scratch().ownProcess());
        assertEquals("in_process", same.json().getAsJsonObject("manifest").get("isolation").getAsString());
    }
}
