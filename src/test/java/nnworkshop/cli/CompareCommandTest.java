package nnworkshop.cli;

import static nnworkshop.cli.CliTest.assertUserError;
import static nnworkshop.cli.CliTest.smallFashionCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./workshop compare}: help, bad options (exit 2, one line, nothing written), and a run on a tiny dataset. */
class CompareCommandTest {
    @TempDir Path tmp;

    @Test
    void helpDescribesTheOptions() {
        CliRunner r = CliRunner.run("compare", "--help");
        assertEquals(0, r.code, r::toString);
        for (String o : new String[] {"--epochs", "--batch", "--lr", "--hidden", "--layers", "--activation", "--seed", "--threads",
            "--torch-threads", "--lockstep-every", "--in-process", "--dataset", "--data-dir", "--validation", "--subset", "--out"}) {
            assertTrue(r.out.contains(o), () -> o + " missing in\n" + r.out);
        }
        assertTrue(r.out.contains("Default: 50"), r.out);
        assertTrue(CliRunner.run("--help").out.contains("  compare"));
    }

    @Test
    void badOptionsAreOneLineErrors() {
        Path out = tmp.resolve("out");
        assertUserError(CliRunner.run("compare", "--epochs", "0", "--out", out.toString()), "--epochs");
        assertUserError(CliRunner.run("compare", "--torch-threads", "0", "--out", out.toString()), "--torch-threads");
        assertUserError(CliRunner.run("compare", "--threads", "-1", "--out", out.toString()), "--threads");
        assertUserError(CliRunner.run("compare", "--lockstep-every", "0", "--out", out.toString()), "--lockstep-every");
        assertUserError(CliRunner.run("compare", "--layers", "784,10,5", "--out", out.toString()), "--layers");
        assertUserError(CliRunner.run("compare", "--activation", "swish", "--out", out.toString()), "swish");
        assertUserError(CliRunner.run("compare", "--lr", "-1", "--out", out.toString()), "--lr");
        assertUserError(CliRunner.run("compare", "--subset", "-3", "--out", out.toString()), "--subset");
        assertUserError(CliRunner.run("compare", "--epochs", "many"), "many");
        assertUserError(CliRunner.run("compare", "--colour", "red"), "--colour");
        assertUserError(CliRunner.run("compare", "--data-dir", tmp.resolve("nowhere").toString(), "--out", out.toString()),
                "does not exist");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void anOutputDirectoryThatIsAFileIsAUserError() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        assertUserError(CliRunner.run("compare", "--out", file.toString()), "is a file");
        assertEquals("x", Files.readString(file));
    }

    @Test
    void comparesOnATinyDataset() throws Exception {
        Path data = smallFashionCache(tmp.resolve("data"), 120, 40);
        Path out = tmp.resolve("out");
        CliRunner r = CliRunner.run("compare", "--dataset", "fashion", "--data-dir", data.toString(), "--validation", "20",
                "--epochs", "2", "--batch", "16", "--hidden", "8", "--threads", "1", "--lockstep-every", "3",
                "--out", out.toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("from scratch") && r.out.contains("PyTorch (DJL)"), r.out);
        assertTrue(r.out.contains("parity, lock-step (5 checkpoints every 3 steps"), r.out); // 2 × 7 steps: 0, 3, 6, 9, 12
        assertTrue(r.out.contains("float32 rounding: the same mathematics"), r.out);
        assertTrue(r.err.contains("== Part 5, lock-step parity"), r.err);
        assertTrue(r.err.contains("[scratch] epoch 2/2") && r.err.contains("[torch] epoch 2/2"), r.err);
        for (String f : new String[] {"part5/compare.json", "part5/parity.png", "part5/confusion_torch.png", "part2/train.json",
            "part2/model.safetensors", "part4/torch.json"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
    }
}
