package nnworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.compare.Impl;
import nnworkshop.data.Normalization;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.train.Engine;

/**
 * {@code ./workshop lab}'s bad options and files are refused before MNIST loads or a server starts:
 * one line, exit code 2, no stack trace, and nothing written.
 */
class LabCommandTest {
    @TempDir Path tmp;

    private void refused(String says, String... args) {
        CliRunner r = CliRunner.run(args);
        assertEquals(2, r.code, r.toString());
        assertEquals(1, r.err.strip().lines().count(), "one line: " + r);
        assertTrue(r.err.contains(says), r.toString());
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r);
        assertFalse(r.out.contains("lab: http"), "no server started: " + r);
    }

    @Test
    void badOptionsAndFilesAreOneLineBeforeAnyWork() throws Exception {
        String out = tmp.resolve("out").toString();
        refused("--port must be in 0..65535", "lab", "--no-open", "--out", out, "--port", "70000");
        refused("--threads must be a positive number", "lab", "--no-open", "--out", out, "--threads", "0");
        refused("--torch-threads 999 is more than 256", "lab", "--no-open", "--out", out, "--torch-threads", "999");
        refused("--clients must be a positive number", "lab", "--bench", "--out", out, "--clients", "0");
        refused("--seconds must be in (0, 3600]", "lab", "--bench", "--out", out, "--seconds", "-1");
        refused("the Lab is for MNIST digits", "lab", "--no-open", "--out", out, "--dataset", "fashion");

        Path file = Files.writeString(tmp.resolve("a-file"), "the user's");
        refused("is a file", "lab", "--no-open", "--out", file.toString());
        assertEquals("the user's", Files.readString(file));

        refused("missing.safetensors: no such file", "lab", "--no-open", "--out", out, "--scratch-model", tmp.resolve("missing.safetensors").toString());
        Path garbage = Files.writeString(tmp.resolve("garbage.safetensors"), "not a model");
        refused("garbage.safetensors", "lab", "--no-open", "--out", out, "--torch-model", garbage.toString());
        assertEquals("not a model", Files.readString(garbage));
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
    }

    @Test
    void anAddressItCannotListenOnIsOneLine() throws Exception {
        // an untrained model for both engines, so no default model is trained for this test
        Path model = tmp.resolve("untrained.safetensors");
        try (Engine e = Impl.SCRATCH.create(ModelSpec.parse("16", null, "relu", 784, 10), Init.HE, 1, 1)) {
            ModelFile.save(model, e.spec(), e.stateDict(), Normalization.UNIT, Map.of());
        }
        // 192.0.2.1 (TEST-NET-1, for documentation only) is no address of this machine: the bind fails
        CliRunner r = CliRunner.run("lab", "--no-open", "--out", tmp.resolve("out").toString(), "--host", "192.0.2.1",
                "--scratch-model", model.toString(), "--torch-model", model.toString());
        assertEquals(2, r.code, r.toString());
        List<String> lines = r.err.strip().lines().toList(); // MNIST's line, the warning, then the error
        assertTrue(lines.get(lines.size() - 2).contains("warning: listening on 192.0.2.1"), r.toString());
        assertTrue(lines.get(lines.size() - 1).startsWith("workshop: cannot listen on 192.0.2.1"), r.toString());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("workshop:")).count(), r.toString());
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r);
    }
}
