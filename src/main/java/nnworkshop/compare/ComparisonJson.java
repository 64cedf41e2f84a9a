package nnworkshop.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import nnworkshop.torch.TorchRuntime;
import nnworkshop.train.Experiment;
import nnworkshop.train.TrainConfig;

/** {@code part5/compare.json}: what a {@link Comparison} found, as JSON (the orchestration is {@link Comparison}'s). */
final class ComparisonJson {
    private ComparisonJson() {}

    /**
     * The whole of {@code part5/compare.json}: the manifest (seed, configuration, model, versions,
     * threads, kernels, isolation, data, commit, date), each implementation's block, the parity
     * figures (lock-step checkpoints and the free-running comparison), and the figures' files.
     */
    static JsonObject of(Comparison.Options o, Experiment exp, TrainConfig config, Worker.Measured s, Worker.Measured t,
                                  LockStep.Result lock, Parity.FreeRunning free, boolean replays) {
        JsonObject root = new JsonObject();
        JsonObject m = new JsonObject();
        m.addProperty("seed", config.seed());
        m.add("config", config.toJson(o.threads()));
        m.add("model", s.run().toJson().get("model"));
        m.addProperty("init", o.init().id());
        m.addProperty("java_version", System.getProperty("java.version"));
        Map<String, String> versions = t.versions().isEmpty() ? TorchRuntime.versions() : t.versions();
        m.addProperty("djl_version", versions.get("djl"));
        m.addProperty("pytorch_version", versions.get("pytorch"));
        JsonObject threads = new JsonObject();
        threads.addProperty("scratch", s.threads());
        threads.addProperty("torch", t.threads());
        m.add("threads", threads);
        JsonObject kernels = new JsonObject();
        kernels.addProperty("scratch", s.run().kernel());
        kernels.addProperty("torch", t.run().kernel());
        m.add("kernels", kernels);
        m.addProperty("isolation", o.isolation() == Comparison.Isolation.CHILD_JVMS ? "child_jvms" : "in_process");
        m.addProperty("dataset", exp.kind().id());
        m.addProperty("dataset_sha256", exp.data().sha256());
        JsonObject counts = new JsonObject();
        counts.addProperty("train", exp.train().count());
        counts.addProperty("validation", exp.validation().count());
        counts.addProperty("test", exp.test().count());
        m.add("images", counts);
        m.addProperty("git_commit", gitCommit());
        m.addProperty("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        root.add("manifest", m);
        root.add("scratch", side(s));
        root.add("torch", side(t));

        JsonObject p = new JsonObject();
        Worker.put(p, "lockstep_max_rel_dloss", lock.maxRelDLoss());
        Worker.put(p, "lockstep_max_rel_dgrad", lock.maxRelDGrad());
        Worker.put(p, "lockstep_max_abs_dloss", lock.maxAbsDLoss());
        Worker.put(p, "lockstep_max_scaled_dloss", lock.maxScaledDLoss());
        p.addProperty("lockstep_within_tolerance", lock.withinTolerance());
        p.addProperty("lockstep_every", lock.every());
        Worker.put(p, "lockstep_loss_tolerance", LockStep.LOSS_TOLERANCE);
        Worker.put(p, "lockstep_grad_tolerance", LockStep.GRAD_TOLERANCE);
        JsonArray cps = new JsonArray();
        for (LockStep.Checkpoint c : lock.checkpoints()) {
            JsonObject cp = new JsonObject();
            cp.addProperty("step", c.step());
            Worker.put(cp, "rel_dloss", c.relDLoss());
            Worker.put(cp, "abs_dloss", c.absDLoss());
            JsonObject g = new JsonObject();
            c.relDGrad().forEach((name, v) -> Worker.put(g, name, v));
            cp.add("rel_dgrad", g);
            Worker.put(cp, "scratch_loss", c.scratchLoss());
            Worker.put(cp, "torch_loss", c.torchLoss());
            cps.add(cp);
        }
        p.add("lockstep_checkpoints", cps);
        p.addProperty("lockstep_replays_scratch_run", replays);
        Worker.put(p, "max_rel_dloss", free.max());
        Worker.put(p, "median_rel_dloss", free.median());
        Worker.put(p, "first_epoch_max_rel_dloss", free.firstEpochMax());
        Worker.put(p, "first_epoch_bound", Comparison.FIRST_EPOCH_BOUND);
        p.addProperty("first_step_over_bound", free.firstStepOver(Comparison.FIRST_EPOCH_BOUND));
        Worker.put(p, "test_accuracy_diff_pp", free.testAccuracyDiffPp());
        root.add("parity", p);

        JsonObject f = new JsonObject();
        Comparison.FIGURES.forEach(f::addProperty);
        root.add("figures", f);
        return root;
    }

    /** One implementation's block: its run's figures and its measured costs. */
    private static JsonObject side(Worker.Measured w) {
        JsonObject run = w.run().toJson();
        JsonObject o = new JsonObject();
        for (String k : List.of("epoch_seconds", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "test_accuracy",
                "test_loss")) {
            o.add(k, run.get(k));
        }
        JsonObject measured = Worker.figuresJson(w);
        for (String k : List.of("train_samples_per_s", "infer_images_per_s_b1000", "infer_images_per_s_b1", "peak_heap_mb",
                "peak_rss_mb", "startup_seconds")) {
            o.add(k, measured.get(k));
        }
        for (String k : List.of("precision", "recall", "confusion_matrix")) o.add(k, run.get(k));
        Worker.put(o, "epoch_seconds_median", w.epochSecondsMedian());
        o.add("train_seconds", measured.get("train_seconds"));
        o.add("heap_after_gc_mb", measured.get("heap_after_gc_mb"));
        o.add("engine_startup_seconds", measured.get("engine_startup_seconds"));
        o.addProperty("own_process", w.ownProcess());
        o.addProperty("kernel", w.run().kernel());
        o.addProperty("threads", w.threads());
        return o;
    }

    /** {@code git rev-parse HEAD} in the working directory, or "unknown". */
    static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
