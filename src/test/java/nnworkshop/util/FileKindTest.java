package nnworkshop.util;

import static nnworkshop.util.TestFiles.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is at a path, found without opening it. */
class FileKindTest {
    @TempDir
    Path dir;

    @Test
    void kindsOfEntriesAndOfWhatLinksPointTo() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Path sub = Files.createDirectory(dir.resolve("d"));
        Path link = TestFiles.symlink(dir.resolve("l"), file);
        Path dirLink = TestFiles.symlink(dir.resolve("dl"), sub);
        Path broken = TestFiles.symlink(dir.resolve("b"), dir.resolve("gone"));
        Path loop = TestFiles.symlink(dir.resolve("loop"), dir.resolve("loop"));
        Path fifo = TestFiles.mkfifo(dir.resolve("p"));

        assertEquals(FileKind.REGULAR, FileKind.of(file));
        assertEquals(FileKind.DIRECTORY, FileKind.of(sub));
        assertEquals(FileKind.REGULAR, FileKind.of(link));
        assertEquals(FileKind.SYMLINK, FileKind.ofEntry(link));
        assertEquals(FileKind.DIRECTORY, FileKind.of(dirLink));
        assertEquals(FileKind.BROKEN_SYMLINK, FileKind.of(broken));
        assertEquals(FileKind.BROKEN_SYMLINK, FileKind.of(loop));
        assertEquals(FileKind.FIFO, FileKind.of(fifo));
        assertEquals(FileKind.MISSING, FileKind.of(dir.resolve("none")));
        assertEquals(FileKind.MISSING, FileKind.of(file.resolve("under-a-file")));
        assertEquals(FileKind.CHARACTER_DEVICE, FileKind.of(Path.of("/dev/null")));

        assertEquals("a symbolic link to " + file, FileKind.describe(link));
        assertEquals("a symbolic link to " + sub + " (a directory)", FileKind.describe(dirLink));
        assertEquals("a broken symbolic link to " + dir.resolve("gone"), FileKind.describe(broken));
        assertEquals("a FIFO (named pipe)", FileKind.describe(fifo));
    }

    @Test
    void requireReadableFileNeverOpensAFifo() {
        Path fifo = TestFiles.mkfifo(dir.resolve("p"));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertOneLineError(
                () -> FileKind.requireReadableFile(fifo, "give the model file"),
                fifo.toString(), "is a FIFO (named pipe), not a regular file", "was not opened", "(give the model file)"));
        assertEquals(FileKind.FIFO, FileKind.ofEntry(fifo));
    }

    @Test
    void requireReadableFile() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Path link = TestFiles.symlink(dir.resolve("l"), file);
        assertEquals(link, FileKind.requireReadableFile(link, null));
        assertOneLineError(() -> FileKind.requireReadableFile(dir.resolve("none"), "hint"), "no such file (hint)");
        assertOneLineError(() -> FileKind.requireReadableFile(dir, ""), "is a directory, not a regular file");
        assertOneLineError(() -> FileKind.requireReadableFile(TestFiles.symlink(dir.resolve("b"), dir.resolve("gone")), ""),
                "is a broken symbolic link to " + dir.resolve("gone"));
    }
}
