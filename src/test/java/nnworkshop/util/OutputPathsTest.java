package nnworkshop.util;

import static nnworkshop.util.TestFiles.assertOneLineError;
import static nnworkshop.util.TestFiles.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check of a command's outputs before any work: it refuses in one line, and changes nothing. */
class OutputPathsTest {
    @TempDir
    Path dir;

    Path model;
    Map<String, String> before;

    @BeforeEach
    void setUp() throws IOException {
        model = Files.writeString(dir.resolve("model.safetensors"), "the user's model");
        Files.createDirectory(dir.resolve("results"));
        before = snapshot(dir);
    }

    @AfterEach
    void nothingChanged() throws IOException {
        assertEquals(before, snapshot(dir), "the check must not change anything");
    }

    @Test
    void newFilesExistingRegularFilesAndFoldersToBeCreatedPass() throws IOException {
        new OutputPaths()
                .input(model, "--model")
                .input(null, "--data-dir")
                .output(dir.resolve("results/eval.json"), "--json")
                .output(dir.resolve("model.json"), null)
                .output(dir.resolve("new/deeper/figure.png"), "--out")
                .outputFolder(dir.resolve("results/part1"), "--out")
                .outputFolder(dir.resolve("results"), "--out")
                .output(dir.resolve("a".repeat(243) + ".txt"), "a 247-character name")
                .check();
        Files.writeString(dir.resolve("old.json"), "x");
        before = snapshot(dir);
        new OutputPaths().output(dir.resolve("old.json"), "--json").check(); // it will be replaced
    }

    @Test
    void aDirectoryIsRefused() {
        Path d = dir.resolve("results");
        assertOneLineError(() -> new OutputPaths().output(d, "--json").check(),
                "cannot write " + d + " (--json): it is a directory");
    }

    @Test
    void aSymbolicLinkIsRefusedEvenToARegularFile() throws IOException {
        Path link = TestFiles.symlink(dir.resolve("out.json"), model);
        Path broken = TestFiles.symlink(dir.resolve("broken.json"), dir.resolve("gone"));
        before = snapshot(dir);
        assertOneLineError(() -> new OutputPaths().output(link, "--json").check(), "a symbolic link to " + model,
                "never links");
        assertOneLineError(() -> new OutputPaths().output(broken, "--json").check(),
                "a broken symbolic link to " + dir.resolve("gone"));
    }

    @Test
    void aFifoADeviceAndASocketAreRefusedWithoutBeingOpened() throws IOException {
        Path fifo = TestFiles.mkfifo(dir.resolve("pipe"));
        Path sock = dir.resolve("sock");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock));
        }
        before = snapshot(dir);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertOneLineError(
                () -> new OutputPaths().output(fifo, "--json").check(), "a FIFO (named pipe)", "only regular files"));
        // the check opens nothing, so the real /dev/null is safe to name here
        assertOneLineError(() -> new OutputPaths().output(Path.of("/dev/null"), "--json").check(),
                "/dev/null (--json): it is a character device");
        assertOneLineError(() -> new OutputPaths().output(sock, null).check(), "it is a socket");
        assertEquals(FileKind.FIFO, FileKind.ofEntry(fifo));
    }

    @Test
    void anOutputUnderARegularFileIsRefused() {
        Path f = model.resolve("sub/out.json");
        assertOneLineError(() -> new OutputPaths().output(f, "--json").check(),
                model + " is a regular file, not a folder");
        assertOneLineError(() -> new OutputPaths().outputFolder(model.resolve("x"), "--out").check(),
                "cannot write into " + model.resolve("x"), "is a regular file, not a folder");
        assertOneLineError(() -> new OutputPaths().outputFolder(model, "--out").check(), "is a regular file, not a folder");
    }

    @Test
    void anUnwritableFolderIsRefused() throws IOException {
        Path ro = dir.resolve("results");
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(ro), "this user can write anywhere (root)");
            assertOneLineError(() -> new OutputPaths().output(ro.resolve("a.json"), "--json").check(),
                    "its folder " + ro + " is not writable");
            assertOneLineError(() -> new OutputPaths().output(ro.resolve("new/a.json"), "--json").check(),
                    "the folder " + ro + ", where " + ro.resolve("new") + " would be created, is not writable");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void twoOutputsOnTheSamePathAreRefused() throws IOException {
        Path a = dir.resolve("results/a.json");
        Path b = dir.resolve("results/./sub/../a.json");
        assertOneLineError(() -> new OutputPaths().output(a, "--json").output(b, "--metrics").check(),
                "cannot write " + b + " (--metrics): it is the same file as " + a + " (--json), another output");
        // through a link to the folder, for a file that does not exist yet
        Path viaLink = TestFiles.symlink(dir.resolve("r"), dir.resolve("results")).resolve("a.json");
        before = snapshot(dir);
        assertOneLineError(() -> new OutputPaths().output(a, "--json").output(viaLink, "--metrics").check(),
                "the same file as");
    }

    @Test
    void anOutputThatIsAnInputIsRefused() throws IOException {
        assertOneLineError(() -> new OutputPaths().input(model, "--model").output(model, "--save").check(),
                "cannot write " + model + " (--save): it is the same file as " + model + " (--model), which this command reads");
        Path relative = Path.of("").toAbsolutePath().relativize(model);
        assertOneLineError(() -> new OutputPaths().input(model, "--model").output(relative, "--save").check(),
                "which this command reads");
        Path hard = Files.createLink(dir.resolve("hard.safetensors"), model);
        before = snapshot(dir);
        assertOneLineError(() -> new OutputPaths().input(model, "--model").output(hard, "--save").check(),
                "the same file as " + model);
        assertOneLineError(() -> new OutputPaths().input(dir, "--data-dir").outputFolder(dir, "--out").check(),
                "the same file as");
    }

    @Test
    void aNameOverTheLimitIsRefused() {
        Path f = dir.resolve("x".repeat(256));
        assertOneLineError(() -> new OutputPaths().output(f, "--json").check(), "256 bytes long", "limit is 255");
    }

    @Test
    void controlCharactersAreEscaped() {
        Path f = model.resolve("a\nb\u001b[2J");
        String m = assertOneLineError(() -> new OutputPaths().output(f, "--json").check(), "a\\nb\\x1b[2J");
        assertFalse(m.contains("\u001b"), m);
    }
}
