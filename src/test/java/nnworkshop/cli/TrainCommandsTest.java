package nnworkshop.cli;

import static nnworkshop.cli.CliTest.assertUserError;
import static nnworkshop.cli.CliTest.smallFashionCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** train, evaluate, predict and gradcheck on a tiny dataset. */
class TrainCommandsTest {
    @TempDir Path tmp;
    Path data;

    @BeforeEach
    void data() {
        data = smallFashionCache(tmp.resolve("data"), 120, 40);
    }

    private CliRunner train(String... extra) {
        String[] base = {"train", "--dataset", "fashion", "--data-dir", data.toString(), "--validation", "20",
            "--epochs", "2", "--batch", "16", "--hidden", "8", "--threads", "1"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliRunner.run(all);
    }

    @Test
    void trainWritesModelAndFigures() throws Exception {
        Path model = tmp.resolve("m.safetensors"), json = tmp.resolve("run.json");
        CliRunner r = train("--save", model.toString(), "--json", json.toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("epoch 2/2"), r.out);
        assertTrue(r.out.contains("test accuracy"), r.out);
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals("scratch", o.get("impl").getAsString());
        assertEquals(2, o.getAsJsonArray("epoch_seconds").size());
        assertEquals(2, o.getAsJsonArray("train_loss").size());
        assertEquals(2, o.getAsJsonArray("val_accuracy").size());
        assertEquals(2 * 7, o.getAsJsonArray("step_loss").size()); // 100 images, batch 16 → 7 steps per epoch
        double acc = o.get("test_accuracy").getAsDouble();
        assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);
        assertEquals(10, o.getAsJsonArray("confusion_matrix").size());
        assertTrue(Files.size(model) > 784 * 8 * 4, "model file too small");
    }

    @Test
    void sameSeedGivesTheSameLosses() throws Exception {
        Path a = tmp.resolve("a.json"), b = tmp.resolve("b.json");
        assertEquals(0, train("--json", a.toString()).code);
        assertEquals(0, train("--json", b.toString()).code);
        JsonObject ja = JsonParser.parseString(Files.readString(a)).getAsJsonObject();
        JsonObject jb = JsonParser.parseString(Files.readString(b)).getAsJsonObject();
        assertEquals(ja.get("step_loss"), jb.get("step_loss"));
    }

    @Test
    void evaluateAndPredictUseTheSavedModel() throws Exception {
        Path model = tmp.resolve("m.safetensors");
        assertEquals(0, train("--save", model.toString()).code);
        CliRunner e = CliRunner.run("evaluate", "--model", model.toString(), "--dataset", "fashion",
                "--data-dir", data.toString(), "--threads", "1");
        assertEquals(0, e.code, e::toString);
        assertTrue(e.out.contains("accuracy"), e.out);
        assertTrue(e.out.contains("confusion matrix"), e.out);

        BufferedImage img = new BufferedImage(60, 60, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 60, 60);
        g.setColor(Color.BLACK);
        g.fillRect(25, 10, 10, 40);
        g.dispose();
        Path png = tmp.resolve("digit.png");
        ImageIO.write(img, "png", png.toFile());
        CliRunner p = CliRunner.run("predict", "--model", model.toString(), png.toString());
        assertEquals(0, p.code, p::toString);
        assertTrue(p.out.startsWith(png + ":"), p.out);
        assertEquals(3, p.out.split("%").length - 1, p.out); // top-3 probabilities

        // several images, two of them bad: a line for each good one, one stderr line per bad one, exit 2
        Path garbage = java.nio.file.Files.writeString(tmp.resolve("notes.png"), "not an image");
        Path missing = tmp.resolve("missing.png");
        CliRunner several = CliRunner.run("predict", "--model", model.toString(), png.toString(), garbage.toString(),
                missing.toString(), png.toString());
        assertEquals(2, several.code, several::toString);
        assertEquals(2, several.out.strip().lines().count(), several.out);
        assertTrue(several.out.lines().allMatch(l -> l.startsWith(png + ":")), several.out);
        List<String> errs = several.err.strip().lines().toList();
        assertEquals(2, errs.size(), several.err);
        assertTrue(errs.get(0).contains("notes.png") && errs.get(1).contains("missing.png"), several.err);
        assertFalse(several.err.contains("\tat "), several.err);
    }

    @Test
    void badTrainingOptionsAreUserErrors() {
        assertUserError(train("--lr", "-1"), "--lr");
        assertUserError(train("--epochs", "0"), "--epochs");
        assertUserError(train("--batch", "-4"), "--batch");
        assertUserError(train("--activation", "swish"), "swish");
        assertUserError(train("--optimizer", "lbfgs"), "lbfgs");
        assertUserError(train("--layers", "784,32,11"), "--layers");
        assertUserError(train("--layers", "784,32,10"), "either --hidden or --layers");
        assertUserError(train("--impl", "tensorflow"), "tensorflow");
        assertUserError(train("--threads", "0"), "--threads");
    }

    @Test
    void divergingLearningRateStopsWithAHint() {
        CliRunner r = train("--lr", "1e6");
        assertUserError(r, "diverged at step");
        assertTrue(r.err.contains("smaller learning rate"), r.err);
    }

    @Test
    void aFailedSaveLeavesNoPartialFile() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("blocker"), "x");
        CliRunner r = train("--save", blocker.resolve("m.safetensors").toString());
        assertUserError(r, "cannot write");
        assertEquals("x", Files.readString(blocker));
    }

    @Test
    void evaluateAMissingOrBrokenModelIsAUserError() throws Exception {
        assertUserError(CliRunner.run("evaluate", "--model", tmp.resolve("none.safetensors").toString(),
                "--dataset", "fashion", "--data-dir", data.toString()), "none.safetensors");
        Path junk = Files.write(tmp.resolve("junk.safetensors"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertUserError(CliRunner.run("evaluate", "--model", junk.toString(),
                "--dataset", "fashion", "--data-dir", data.toString()), "junk.safetensors");
    }

    @Test
    void predictANonImageIsAUserError() throws Exception {
        Path model = tmp.resolve("m.safetensors");
        assertEquals(0, train("--save", model.toString()).code);
        Path txt = Files.writeString(tmp.resolve("note.png"), "not an image");
        assertUserError(CliRunner.run("predict", "--model", model.toString(), txt.toString()), "note.png");
        assertUserError(CliRunner.run("predict", "--model", model.toString()), "IMAGE");
    }

    @Test
    void gradcheckPassesAndSaysSo() {
        CliRunner r = CliRunner.run("gradcheck", "--hidden", "6", "--activation", "tanh");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("0.weight") && r.out.contains("2.bias"), r.out);
        assertTrue(r.out.contains("PASSED"), r.out);
        assertFalse(r.out.contains("FAIL\n"), r.out);
    }

    @Test
    void aModelTrainedByTorchEvaluatesTheSameInBothImplementations() throws Exception {
        Path model = tmp.resolve("t.safetensors");
        CliRunner t = train("--impl", "torch", "--save", model.toString());
        assertEquals(0, t.code, t::toString);
        assertTrue(t.out.contains("torch 784-8-10"), t.out);
        String[] acc = new String[2];
        String[] impls = {"scratch", "torch"};
        for (int i = 0; i < 2; i++) {
            CliRunner e = CliRunner.run("evaluate", "--model", model.toString(), "--impl", impls[i],
                    "--dataset", "fashion", "--data-dir", data.toString());
            assertEquals(0, e.code, e::toString);
            acc[i] = e.out.substring(e.out.indexOf("accuracy"), e.out.indexOf('\n'));
        }
        assertEquals(acc[0], acc[1]);
    }
}
