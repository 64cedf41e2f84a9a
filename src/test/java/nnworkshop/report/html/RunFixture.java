package nnworkshop.report.html;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A fake run directory with the files of Parts 1–5, following the output contract exactly: real-ish
 * JSON (train.json, explore.json, torch.json, compare.json) and small, distinct PNGs.
 */
final class RunFixture {
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** Every figure of a run, relative to out/ (15). */
    static final List<String> FIGURES = List.of("part1/activations.png", "part2/learning_curves.png", "part2/step_loss.png",
            "part3/samples.png", "part3/class_distribution.png", "part3/class_means.png", "part3/pixel_histogram.png",
            "part4/learning_curves.png", "part5/learning_curves.png", "part5/parity.png", "part5/confusion_scratch.png",
            "part5/confusion_torch.png", "part5/misclassified.png", "part5/weights_scratch.png", "part5/weights_torch.png");

    /** Every JSON input, relative to out/. */
    static final List<String> JSON = List.of("part2/train.json", "part3/explore.json", "part4/torch.json", "part5/compare.json");

    final JsonObject train = train("scratch", "vector-512, 2 threads", new double[] {1.72, 0.82, 0.70}, 0.9765, 0.0761);
    final JsonObject torch = train("torch", "libtorch 2.7.1, 1 thread", new double[] {2.5, 1.10, 1.30}, 0.9760, 0.0772);
    final JsonObject explore = explore();
    final JsonObject compare = compare();

    /** Writes every file into {@code out} (created). */
    Path write(Path out) {
        json(out.resolve("part2/train.json"), train);
        json(out.resolve("part3/explore.json"), explore);
        json(out.resolve("part4/torch.json"), torch);
        json(out.resolve("part5/compare.json"), compare);
        int i = 0;
        for (String f : FIGURES) {
            png(out.resolve(f), 60 + 10 * i, 40 + 5 * i, Color.getHSBColor(i / 15f, 0.8f, 0.8f));
            i++;
        }
        return out;
    }

    static JsonObject train(String impl, String kernel, double[] epochSeconds, double testAcc, double testLoss) {
        JsonObject o = new JsonObject();
        o.addProperty("impl", impl);
        o.addProperty("kernel", kernel);
        o.addProperty("dataset", "mnist");
        o.add("model", model());
        o.add("config", config());
        o.add("epoch_seconds", arr(epochSeconds));
        o.add("train_loss", arr(0.375, 0.205, 0.154));
        o.add("train_accuracy", arr(0.8947, 0.9414, 0.9562));
        o.add("val_loss", arr(0.243, 0.176, 0.140));
        o.add("val_accuracy", arr(0.9286, 0.949, 0.9588));
        o.add("learning_rate", arr(0.1, 0.1, 0.1));
        o.add("step_loss", arr(2.39, 2.2, 2.13, 1.9, 1.5, 1.1, 0.8, 0.6, 0.5));
        o.addProperty("test_loss", testLoss);
        o.addProperty("test_accuracy", testAcc);
        o.add("confusion_matrix", confusion());
        o.add("precision", arr(0.9768, 0.9868, 0.9843, 0.9577, 0.9698, 0.9862, 0.9791, 0.9739, 0.9711, 0.9798));
        o.add("recall", arr(0.9878, 0.9885, 0.9729, 0.9871, 0.9807, 0.9596, 0.9770, 0.9805, 0.9661, 0.9613));
        return o;
    }

    static JsonObject model() {
        JsonObject m = new JsonObject();
        m.add("layers", arr(784, 128, 10));
        m.addProperty("activation", "relu");
        m.addProperty("parameters", 101770);
        return m;
    }

    static JsonObject config() {
        JsonObject c = new JsonObject();
        c.addProperty("epochs", 3);
        c.addProperty("batch", 64);
        c.addProperty("lr", 0.1);
        c.addProperty("optimizer", "sgd");
        c.addProperty("momentum", 0.0);
        c.addProperty("weight_decay", 0.0);
        c.addProperty("lr_step", 0);
        c.addProperty("lr_gamma", 0.1);
        c.addProperty("seed", 42);
        c.addProperty("threads", 2);
        c.addProperty("loss", "cross_entropy");
        c.addProperty("normalization_mean", 0.0);
        c.addProperty("normalization_std", 1.0);
        return c;
    }

    static JsonArray confusion() {
        JsonArray rows = new JsonArray();
        for (int i = 0; i < 10; i++) {
            double[] r = new double[10];
            for (int j = 0; j < 10; j++) r[j] = i == j ? 950 + i : (i + j) % 3;
            rows.add(arr(r));
        }
        return rows;
    }

    static JsonObject explore() {
        JsonObject o = new JsonObject();
        o.addProperty("dataset", "mnist");
        o.addProperty("imageRows", 28);
        o.addProperty("imageCols", 28);
        JsonArray names = new JsonArray();
        for (int i = 0; i < 10; i++) names.add(Integer.toString(i));
        o.add("classNames", names);
        JsonObject counts = new JsonObject();
        counts.addProperty("train", 55000);
        counts.addProperty("validation", 5000);
        counts.addProperty("test", 10000);
        o.add("counts", counts);
        JsonObject cc = new JsonObject();
        cc.add("train", arr(5456, 6192, 5463, 5607, 5337, 4948, 5426, 5762, 5359, 5450));
        cc.add("validation", arr(467, 550, 495, 524, 505, 473, 492, 503, 492, 499));
        cc.add("test", arr(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009));
        o.add("classCounts", cc);
        o.addProperty("pixelMean", 0.13059964776039124);
        o.addProperty("pixelStd", 0.3080486059188843);
        o.addProperty("pixelStatsOf", "training split, pixel values scaled to [0, 1]");
        JsonObject figs = new JsonObject();
        figs.addProperty("samples", "samples.png");
        figs.addProperty("classDistribution", "class_distribution.png");
        figs.addProperty("classMeans", "class_means.png");
        figs.addProperty("pixelHistogram", "pixel_histogram.png");
        o.add("figures", figs);
        return o;
    }

    JsonObject compare() {
        JsonObject o = new JsonObject();
        JsonObject m = new JsonObject();
        m.addProperty("seed", 42);
        m.add("config", config());
        m.add("model", model());
        m.addProperty("java_version", "17.0.15");
        m.addProperty("djl_version", "0.36.0");
        m.addProperty("pytorch_version", "2.7.1");
        JsonObject threads = new JsonObject();
        threads.addProperty("scratch", 2);
        threads.addProperty("torch", 1);
        m.add("threads", threads);
        m.addProperty("dataset", "mnist");
        m.addProperty("dataset_sha256", "d0a3c6f1e2b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f8");
        m.addProperty("git_commit", "abc123def4567890abc123def4567890abc12345");
        m.addProperty("date", "2026-11-26T13:40:00Z");
        o.add("manifest", m);
        o.add("scratch", side(train, 250000, 1.0e6, 50000, 120, 300, 0.4));
        o.add("torch", side(torch, 140000, 1.4e6, 21000, 95, 610, 1.9));
        JsonObject p = new JsonObject();
        p.addProperty("lockstep_max_rel_dloss", 2e-7);
        p.addProperty("lockstep_max_rel_dgrad", 7e-7);
        JsonArray cps = new JsonArray();
        int[] steps = {0, 1, 10, 100};
        for (int s = 0; s < steps.length; s++) {
            JsonObject cp = new JsonObject();
            cp.addProperty("step", steps[s]);
            cp.addProperty("rel_dloss", 1e-7 * (s + 1) / 2);
            JsonObject g = new JsonObject();
            g.addProperty("0.weight", 3e-7);
            g.addProperty("0.bias", 2e-7);
            g.addProperty("2.weight", 1e-7);
            g.addProperty("2.bias", 1.5e-7);
            cp.add("rel_dgrad", g);
            cps.add(cp);
        }
        p.add("lockstep_checkpoints", cps);
        p.addProperty("max_rel_dloss", 3e-6);
        p.addProperty("median_rel_dloss", 4e-7);
        p.addProperty("first_epoch_max_rel_dloss", 1e-6);
        p.addProperty("test_accuracy_diff_pp", 0.05);
        o.add("parity", p);
        JsonObject f = new JsonObject();
        Map<String, String> figs = new LinkedHashMap<>();
        for (String k : List.of("learning_curves", "parity", "confusion_scratch", "confusion_torch", "misclassified",
                "weights_scratch", "weights_torch")) figs.put(k, k + ".png");
        figs.forEach(f::addProperty);
        o.add("figures", f);
        return o;
    }

    private static JsonObject side(JsonObject run, double trainSps, double b1000, double b1, double heap, double rss, double startup) {
        JsonObject s = new JsonObject();
        for (String k : List.of("epoch_seconds", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "test_accuracy",
                "test_loss", "precision", "recall", "confusion_matrix")) {
            s.add(k, run.get(k).deepCopy());
        }
        s.addProperty("train_samples_per_s", trainSps);
        s.addProperty("infer_images_per_s_b1000", b1000);
        s.addProperty("infer_images_per_s_b1", b1);
        s.addProperty("peak_heap_mb", heap);
        s.addProperty("peak_rss_mb", rss);
        s.addProperty("startup_seconds", startup);
        return s;
    }

    static JsonArray arr(double... v) {
        JsonArray a = new JsonArray();
        for (double x : v) {
            if (x == Math.rint(x) && Math.abs(x) < 1e15) a.add((long) x);
            else a.add(x);
        }
        return a;
    }

    static void json(Path file, JsonElement e) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, GSON.toJson(e), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static void png(Path file, int w, int h, Color colour) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.drawLine(0, 0, w - 1, h - 1);
        g.dispose();
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
