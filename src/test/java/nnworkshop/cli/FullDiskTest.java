package nnworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills while the program writes: one line naming the file, exit 2, no temporary
 * file left, nothing half-written in its place. Needs a small file system of its own, which
 * {@code .ci/run} mounts (a tmpfs) where it may: {@code NNWORKSHOP_TEST_SMALL_FS=/mnt/small mvn verify}.
 */
class FullDiskTest {
    @TempDir Path tmp;
    Path small, filler;

    @BeforeEach
    void fill() throws IOException {
        String dir = System.getenv("NNWORKSHOP_TEST_SMALL_FS");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "NNWORKSHOP_TEST_SMALL_FS not set");
        small = Files.createDirectories(Path.of(dir).resolve("nnworkshop-full-" + ProcessHandle.current().pid()));
        filler = small.resolve("filler");
        // leave 8 KB: enough for the folders, not for a figure or a model
        long free = Files.getFileStore(small).getUsableSpace();
        Assumptions.assumeTrue(free < (64L << 20), "NNWORKSHOP_TEST_SMALL_FS is not small: " + free + " bytes free");
        try (OutputStream o = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            for (long left = free - 8192; left > 0; left -= block.length) o.write(block, 0, (int) Math.min(block.length, left));
        }
    }

    @AfterEach
    void empty() throws IOException {
        if (small != null) nnworkshop.util.FileTrees.deleteTree(small);
    }

    private void refusedOneLine(CliRunner r, String file) throws IOException {
        assertEquals(2, r.code, r.toString());
        // the progress lines a run logs before, then exactly one error line
        assertEquals(1, r.err.lines().filter(l -> l.startsWith("workshop: ")).count(), "one error line: " + r);
        assertTrue(r.err.strip().lines().reduce((a, b) -> b).orElse("").startsWith("workshop: cannot write"), r.toString());
        assertTrue(r.err.contains("cannot write") && r.err.contains(file) && r.err.contains("disk is full"), r.toString());
        assertFalse(r.err.contains("\tat ") || r.err.contains("NullPointerException"), r.toString());
        try (Stream<Path> all = Files.walk(small)) {
            List<String> tmps = all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertEquals(List.of(), tmps, "no temporary file left");
        }
    }

    @Test
    void aFigureOnAFullDiskIsOneLineNamingIt() throws IOException {
        Path out = small.resolve("part1");
        CliRunner r = CliRunner.run("activations", "--out", out.toString());
        refusedOneLine(r, "activations.png");
        assertFalse(Files.exists(out.resolve("activations.png")), "no half-written figure");
    }

    @Test
    void aModelOnAFullDiskIsOneLineAfterTheTraining() throws IOException {
        Path data = CliTest.smallFashionCache(tmp.resolve("data"), 120, 40);
        Path model = small.resolve("m.safetensors");
        CliRunner r = CliRunner.run("train", "--dataset", "fashion", "--data-dir", data.toString(), "--validation", "20",
                "--epochs", "1", "--batch", "16", "--hidden", "32", "--threads", "1", "--save", model.toString());
        refusedOneLine(r, "m.safetensors");
        assertFalse(Files.exists(model));
    }
}
