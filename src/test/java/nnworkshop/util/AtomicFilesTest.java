package nnworkshop.util;

import static nnworkshop.util.TestFiles.assertNoTemporaries;
import static nnworkshop.util.TestFiles.assertOneLineError;
import static nnworkshop.util.TestFiles.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AtomicFiles#write}: only a missing path or a regular file is ever written; anything else
 * is refused in one line and left exactly as it was; a failed write leaves the old content and no
 * temporary file.
 */
class AtomicFilesTest {
    @TempDir
    Path dir;

    Path keep;

    @BeforeEach
    void aFileThatMustSurvive() throws IOException {
        keep = Files.writeString(dir.resolve("keep.txt"), "the user's own file");
    }

    @Test
    void writesANewFileReadableByAllAndReplacesARegularOneKeepingItsPermissions() throws IOException {
        Path a = dir.resolve("a.json");
        AtomicFiles.writeString(a, "one");
        assertEquals("one", Files.readString(a));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(a)));

        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-------"));
        AtomicFiles.writeString(a, "two");
        assertEquals("two", Files.readString(a));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a)));
        assertEquals(List.of("a.json", "keep.txt"), TestFiles.names(dir));
    }

    @Test
    void createsMissingFolders() throws IOException {
        Path f = dir.resolve("x/y/z.txt");
        AtomicFiles.writeString(f, "deep");
        assertEquals("deep", Files.readString(f));
    }

    @Test
    void whileWritingTheContentIsInOneTrackedTemporaryOfTheOwnNaming() throws IOException {
        Path target = dir.resolve("model.safetensors");
        AtomicFiles.write(target, out -> {
            List<String> tmps = TestFiles.names(dir).stream().filter(n -> !n.equals("keep.txt")).toList();
            assertEquals(1, tmps.size(), tmps.toString());
            String t = tmps.get(0);
            assertTrue(PartialFiles.isTemporaryName(t), t);
            assertTrue(t.startsWith(".model.safetensors.nnw" + ProcessHandle.current().pid() + "."), t);
            assertTrue(PartialFiles.isTracked(dir.resolve(t)));
            assertFalse(Files.exists(target), "the target appears only when complete");
            out.write(1);
        });
        assertEquals(1, Files.size(target));
        assertNoTemporaries(dir);
    }

    @Test
    void aDirectoryIsRefused() throws IOException {
        Path d = Files.createDirectory(dir.resolve("results"));
        Files.writeString(d.resolve("inside"), "x");
        Map<String, String> before = snapshot(dir);
        assertOneLineError(() -> AtomicFiles.writeString(d, "x"), "cannot write " + d, "is a directory");
        assertEquals(before, snapshot(dir));
    }

    @Test
    void aSymbolicLinkToARegularFileIsRefusedAndBothStayAsTheyWere() throws IOException {
        Path link = TestFiles.symlink(dir.resolve("out.json"), keep);
        Map<String, String> before = snapshot(dir);
        assertOneLineError(() -> AtomicFiles.writeString(link, "x"), "cannot write " + link,
                "a symbolic link to " + keep, "only regular files");
        assertEquals(before, snapshot(dir));
        assertEquals("the user's own file", Files.readString(keep));
    }

    @Test
    void aBrokenSymbolicLinkIsRefusedAndNothingIsCreatedAtItsTarget() throws IOException {
        Path gone = dir.resolve("gone");
        Path link = TestFiles.symlink(dir.resolve("out.json"), gone);
        Map<String, String> before = snapshot(dir);
        assertOneLineError(() -> AtomicFiles.writeString(link, "x"), "a broken symbolic link to " + gone);
        assertEquals(before, snapshot(dir));
        assertFalse(Files.exists(gone, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws IOException {
        Path fifo = TestFiles.mkfifo(dir.resolve("pipe"));
        Map<String, String> before = snapshot(dir);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertOneLineError(() -> AtomicFiles.writeString(fifo, "x"), "a FIFO (named pipe)", "only regular files"));
        assertEquals(before, snapshot(dir));
        assertEquals(FileKind.FIFO, FileKind.ofEntry(fifo));
    }

    @Test
    void aSocketIsRefused() throws IOException {
        Path sock = dir.resolve("s");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("no Unix domain sockets here");
        }
        Assumptions.assumeTrue(FileKind.ofEntry(sock) == FileKind.SOCKET);
        assertOneLineError(() -> AtomicFiles.writeString(sock, "x"), "a socket");
        assertEquals(FileKind.SOCKET, FileKind.ofEntry(sock));
    }

    @Test
    void aCharacterDeviceIsRefused() throws Exception {
        // a copy of /dev/null's node inside the test folder, so a bug could not replace the real one
        Path dev = dir.resolve("null");
        Process p = new ProcessBuilder("mknod", dev.toString(), "c", "1", "3").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mknod is not allowed here");
        assertOneLineError(() -> AtomicFiles.writeString(dev, "x"), "a character device", "only regular files");
        assertEquals(FileKind.CHARACTER_DEVICE, FileKind.ofEntry(dev));
        assertNoTemporaries(dir);
    }

    @Test
    void aFullDiskIsOneLineNamingTheFileAndTheOldContentStays() throws IOException {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full");
        Path target = Files.writeString(dir.resolve("report.json"), "old");
        // the operating system's own ENOSPC, from writing to /dev/full
        String m = assertOneLineError(() -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            try (FileOutputStream full = new FileOutputStream("/dev/full")) {
                full.write(new byte[4096]);
            }
        }), "cannot write " + target, "disk is full", "No space left on device");
        assertFalse(m.contains("IOException"), m);
        assertEquals("old", Files.readString(target));
        assertNoTemporaries(dir);
    }

    @Test
    void aFullFileSystemIsOneLine() throws IOException {
        // a real full file system, where the test run provides one (e.g. a 64 KiB tmpfs):
        // NNWORKSHOP_TEST_SMALL_FS=/mnt/small mvn verify
        String small = System.getenv("NNWORKSHOP_TEST_SMALL_FS");
        Assumptions.assumeTrue(small != null && Files.isDirectory(Path.of(small)), "NNWORKSHOP_TEST_SMALL_FS not set");
        Path target = Path.of(small).resolve("nnworkshop-full-test.bin");
        try {
            assertOneLineError(() -> AtomicFiles.write(target, out -> out.write(new byte[64 << 20])),
                    "cannot write " + target, "disk is full");
            assertFalse(Files.exists(target));
            assertNoTemporaries(Path.of(small));
        } finally {
            Files.deleteIfExists(target);
        }
    }

    @Test
    void aFailingWriterLeavesTheOldContentAndNoTemporary() throws IOException {
        Path target = Files.writeString(dir.resolve("a.txt"), "old");
        assertOneLineError(() -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IOException("broken pipe\nsecond line");
        }), "cannot write", "broken pipe second line");
        assertEquals("old", Files.readString(target));
        assertNoTemporaries(dir);
    }

    @Test
    void aFolderThatIsARegularFileIsOneLine() throws IOException {
        Path target = keep.resolve("sub/out.txt");
        assertOneLineError(() -> AtomicFiles.writeString(target, "x"), "is a file, not a folder");
        assertEquals("the user's own file", Files.readString(keep));
    }

    @Test
    void namesUpToTheFileNameLimitWork() throws IOException {
        String ascii247 = "a".repeat(243) + ".txt";
        String ascii255 = "b".repeat(251) + ".png";
        String utf255 = "\u20ac".repeat(85); // 3 bytes each: 255 bytes
        boolean utf8Names = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));
        for (String name : utf8Names ? List.of(ascii247, ascii255, utf255) : List.of(ascii247, ascii255)) {
            Path f = dir.resolve(name);
            AtomicFiles.writeString(f, name);
            assertEquals(name, Files.readString(f));
        }
        assertNoTemporaries(dir);
    }

    @Test
    void aNameOverTheLimitIsOneLine() throws IOException {
        Path f = dir.resolve("c".repeat(256));
        assertOneLineError(() -> AtomicFiles.writeString(f, "x"), "256 bytes long", "limit is 255 bytes");
        assertNoTemporaries(dir);
    }

    @Test
    void controlCharactersInTheNameAreEscapedInTheMessage() throws IOException {
        Path d = Files.createDirectory(dir.resolve("evil\nname\u001b[31m"));
        String m = assertOneLineError(() -> AtomicFiles.writeString(d, "x"), "evil\\nname\\x1b[31m", "is a directory");
        assertFalse(m.contains("\u001b"), m);
    }
}
