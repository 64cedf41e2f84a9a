package nnworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs that cannot be written are refused before any work, in one line with exit code 2, and
 * nothing of the user's changes: a folder given as a file, two outputs on one path, a link, too
 * many threads.
 */
class BadOutputsTest {
    @TempDir Path tmp;

    private static void refused(CliRunner r, String says) {
        assertEquals(2, r.code, r.toString());
        assertEquals(1, r.err.strip().lines().count(), "one line: " + r.err);
        assertTrue(r.err.contains(says), r.toString());
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r.err);
    }

    @Test
    void trainRefusesItsOutputsBeforeTraining() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("models"));
        refused(CliRunner.run("train", "--save", dir.toString()), "it is a directory");
        assertEquals(0, dir.toFile().list().length);

        Path same = tmp.resolve("run.out");
        refused(CliRunner.run("train", "--save", same.toString(), "--json", same.toString()), "the same file");
        assertFalse(Files.exists(same));

        Path link = tmp.resolve("link");
        Path target = Files.writeString(tmp.resolve("target.txt"), "the user's");
        Files.createSymbolicLink(link, target);
        refused(CliRunner.run("train", "--json", link.toString()), "symbolic link");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("the user's", Files.readString(target));

        refused(CliRunner.run("train", "--threads", "100000"), "--threads 100000 is more than 256");
        refused(CliRunner.run("train", "--torch-threads", "0"), "--torch-threads must be a positive number");
    }

    @Test
    void bundleRefusesAFolderOrAMissingFolder() throws Exception {
        refused(CliRunner.run("bundle", "--out", tmp.toString()), "is a folder");
        refused(CliRunner.run("bundle", "--out", tmp.resolve("no/such/dir/b.zip").toString()), "does not exist");
        refused(CliRunner.run("bundle", "--out", tmp.resolve("b.zip").toString(), "--platform", "osx-x86_64"),
                "--platform osx-x86_64 has no libtorch");
        assertEquals(0, tmp.toFile().list().length, "nothing left behind");
    }
}
