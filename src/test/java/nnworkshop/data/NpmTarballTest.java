package nnworkshop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive reader on tarballs built here: tar variants, entries that are not wanted files, damage. */
class NpmTarballTest {
    @TempDir
    Path tmp;

    static final String PREFIX = "package/data/";
    static final byte[] A = "first file".getBytes(StandardCharsets.UTF_8);
    static final byte[] B = new byte[70_000]; // more than one 64 KB buffer

    static {
        for (int i = 0; i < B.length; i++) B[i] = (byte) (i * 31);
    }

    /** One entry of a tarball to build: a regular file, or a link/folder when {@code type} says so. */
    record Item(String name, byte type, byte[] content, String linkTarget) {
        static Item file(String name, byte[] content) {
            return new Item(name, TarConstants.LF_NORMAL, content, null);
        }
    }

    Path tgz(int longFileMode, Item... items) throws IOException {
        Path p = tmp.resolve("t" + System.nanoTime() + ".tgz");
        try (OutputStream f = Files.newOutputStream(p);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(f))) {
            tar.setLongFileMode(longFileMode);
            for (Item it : items) {
                TarArchiveEntry e = new TarArchiveEntry(it.name(), it.type());
                if (it.linkTarget() != null) e.setLinkName(it.linkTarget());
                if (it.type() == TarConstants.LF_NORMAL) e.setSize(it.content().length);
                tar.putArchiveEntry(e);
                if (it.type() == TarConstants.LF_NORMAL) tar.write(it.content());
                tar.closeArchiveEntry();
            }
        }
        return p;
    }

    Map<String, String> extract(Path tgz, Path out) throws IOException {
        Files.createDirectories(out);
        return NpmTarball.extract(tgz, PREFIX, List.of("a", "b"), out);
    }

    static String sha(byte[] b) {
        return HexFormat.of().formatHex(DataStore.sha256().digest(b));
    }

    @Test
    void takesTheWantedFilesAndHashesThem() throws IOException {
        Path t = tgz(TarArchiveOutputStream.LONGFILE_ERROR, Item.file("package/package.json", "{}".getBytes()),
                Item.file(PREFIX + "a", A), Item.file(PREFIX + "b", B), Item.file(PREFIX + "c", A));
        Path out = tmp.resolve("out");
        Map<String, String> got = extract(t, out);
        assertEquals(Map.of("a", sha(A), "b", sha(B)), got);
        assertArrayEquals(A, Files.readAllBytes(out.resolve("a")));
        assertArrayEquals(B, Files.readAllBytes(out.resolve("b")));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(2, s.count(), "only the wanted files are written");
        }
    }

    @Test
    void longPathsInPaxAndGnuRecordsAreRead() throws IOException {
        String deep = "x".repeat(120) + "/";
        for (int mode : new int[] {TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.LONGFILE_GNU}) {
            // a wanted name under a long path is not in package/data/; the long wanted path must be found
            Path t = tgz(mode, Item.file(deep + PREFIX + "a", B), Item.file(PREFIX + "a", A));
            Path out = tmp.resolve("out" + mode);
            assertEquals(Map.of("a", sha(A)), extract(t, out));
        }
        String longPrefix = "package/" + "d".repeat(150) + "/";
        Path t = tgz(TarArchiveOutputStream.LONGFILE_POSIX, Item.file(longPrefix + "a", A));
        Path out = Files.createDirectories(tmp.resolve("long"));
        assertEquals(Map.of("a", sha(A)), NpmTarball.extract(t, longPrefix, List.of("a"), out));
    }

    @Test
    void linksFoldersAndEscapingNamesAreNeverWritten() throws IOException {
        Path t = tgz(TarArchiveOutputStream.LONGFILE_ERROR,
                new Item(PREFIX + "a", TarConstants.LF_SYMLINK, null, "/etc/passwd"),
                new Item(PREFIX + "b", TarConstants.LF_LINK, null, "package/package.json"),
                new Item(PREFIX + "a/", TarConstants.LF_DIR, null, null),
                Item.file(PREFIX + "../../a", A));
        Path out = tmp.resolve("out");
        assertEquals(Map.of(), extract(t, out));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(0, s.count());
        }
        assertTrue(Files.notExists(tmp.resolve("a")));
    }

    @Test
    void garbageAndTruncationAreIOExceptions() throws IOException {
        Path garbage = Files.writeString(tmp.resolve("g.tgz"), "garbage\n");
        assertThrows(IOException.class, () -> extract(garbage, tmp.resolve("o1")));

        Path whole = tgz(TarArchiveOutputStream.LONGFILE_ERROR, Item.file(PREFIX + "b", B));
        byte[] bytes = Files.readAllBytes(whole);
        Path half = Files.write(tmp.resolve("half.tgz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(IOException.class, () -> extract(half, tmp.resolve("o2")));
    }
}
