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

    /** A user error: exit 2, one line on stderr that starts with "workshop:", no stack trace. */
    static void assertUserError(CliRunner r, String expectedFragment) {
        assertEquals(2, r.code, r::toString);
        String err = r.err.strip();
        assertTrue(err.startsWith("workshop: "), r::toString);
        assertFalse(err.contains("\n"), () -> "expected one line: " + r);
        assertFalse(err.contains("\tat "), () -> "stack trace printed: " + r);
        assertTrue(err.contains(expectedFragment), () -> "expected '" + expectedFragment + "' in: " + r);
    }

    @Test
    void helpListsEveryCommand() {
        CliRunner r = CliRunner.run("--help");
        assertEquals(0, r.code, r::toString);
        for (String c : new String[] {"run", "data", "activations", "explore", "help"}) {
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
}
