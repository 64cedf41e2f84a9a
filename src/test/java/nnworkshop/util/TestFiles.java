package nnworkshop.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.function.Executable;

import nnworkshop.WorkshopException;

/**
 * Files for the tests that check nothing of the user's is lost: FIFOs, snapshots of a folder
 * (every entry's kind, and the SHA-256 of every regular file, links never followed), and the
 * one-line error assertion.
 */
public final class TestFiles {
    private TestFiles() {}

    /** Makes a FIFO at {@code path} with {@code mkfifo}; skips the test where that is not possible. */
    public static Path mkfifo(Path path) {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            boolean done = p.waitFor(10, TimeUnit.SECONDS);
            Assumptions.assumeTrue(done && p.exitValue() == 0, "mkfifo failed");
        } catch (IOException e) {
            Assumptions.abort("mkfifo is not available: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Assumptions.abort("interrupted");
        }
        Assumptions.assumeTrue(FileKind.ofEntry(path) == FileKind.FIFO, "no FIFO was made");
        return path;
    }

    /** A symbolic link at {@code link} to {@code target}; skips the test where links cannot be made. */
    public static Path symlink(Path link, Path target) {
        try {
            return Files.createSymbolicLink(link, target);
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("cannot make symbolic links here: " + e);
            return link;
        }
    }

    /**
     * Every entry under {@code root} (relative name → what it is): "file SHA256" for a regular
     * file, "link -> TARGET" for a symbolic link (never followed), "dir", or the kind's phrase
     * (a FIFO, a device) — nothing is opened but regular files.
     */
    public static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return out;
        try (Stream<Path> walk = Files.walk(root)) { // does not follow links
            for (Path p : walk.toList()) {
                String name = root.relativize(p).toString();
                FileKind k = FileKind.ofEntry(p);
                String v = switch (k) {
                    case REGULAR -> "file " + sha256(p);
                    case SYMLINK -> "link -> " + Files.readSymbolicLink(p);
                    case DIRECTORY -> "dir";
                    default -> k.phrase();
                };
                out.put(name, v);
            }
        }
        return out;
    }

    /** The SHA-256 of a regular file's bytes, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names in {@code dir} (not recursive), sorted. */
    public static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Asserts that {@code dir} holds no temporary of {@link PartialFiles}' naming. */
    public static void assertNoTemporaries(Path dir) throws IOException {
        List<String> left = names(dir).stream().filter(PartialFiles::isTemporaryName).toList();
        assertEquals(List.of(), left, "temporary files were left in " + dir);
    }

    /**
     * Asserts that {@code run} throws a WorkshopException whose message is one line and contains
     * every one of {@code parts} (case-insensitive); returns the message.
     */
    public static String assertOneLineError(Executable run, String... parts) {
        WorkshopException e = assertThrows(WorkshopException.class, run);
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "message must be one line: " + m);
        for (String p : parts) {
            assertTrue(m.toLowerCase().contains(p.toLowerCase()), "message lacks '" + p + "': " + m);
        }
        return m;
    }
}
