package nnworkshop.util;

import static nnworkshop.util.TestFiles.assertNoTemporaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The temporary files' names, the sweep of stale ones, and their removal when the JVM is stopped. */
class PartialFilesTest {
    @TempDir
    Path dir;

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void aTemporaryNameStaysWithinTheFileNameLimitAndIsRecognised() {
        for (String name : List.of("a", "model.safetensors", "x".repeat(247), "y".repeat(255),
                "\u00e9".repeat(127), "\uD83D\uDE00".repeat(63))) {
            String t = PartialFiles.temporaryName(name);
            int bytes = t.getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes <= PartialFiles.MAX_NAME_BYTES, bytes + " bytes: " + t);
            assertTrue(t.startsWith("."), t);
            assertTrue(t.endsWith(".tmp"), t);
            assertTrue(t.contains(".nnw" + SELF + "."), t);
            assertTrue(PartialFiles.isTemporaryName(t), t);
            assertFalse(t.contains("\uFFFD"), "a character was cut in two: " + t);
            assertEquals(t.codePoints().count(), new String(t.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                    .codePoints().count());
        }
        assertEquals(".model.safetensors.nnw" + SELF + ".", PartialFiles.temporaryName("model.safetensors")
                .substring(0, (".model.safetensors.nnw" + SELF + ".").length()));
    }

    @Test
    void cutNeverSplitsACharacter() {
        assertEquals("ab", PartialFiles.cut("abc", 2));
        assertEquals("a", PartialFiles.cut("a\u00e9", 2)); // é takes 2 bytes
        assertEquals("a\u00e9", PartialFiles.cut("a\u00e9", 3));
        assertEquals("", PartialFiles.cut("\uD83D\uDE00", 3)); // an emoji takes 4
        assertEquals("\uD83D\uDE00", PartialFiles.cut("\uD83D\uDE00x", 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.tmp", ".model.tmp", ".model.nnw12.abcdefgh", ".model.nnwx.abcdefgh.tmp",
            ".model.nnw12.abcdefg.tmp", ".model.nnw12.ABCDEFGH.tmp", "model.nnw12.abcdefgh.tmp"})
    void otherNamesAreNotOurs(String name) {
        assertFalse(PartialFiles.isTemporaryName(name), name);
    }

    @Test
    void theSweepRemovesOnlyTemporariesNoLiveWriterCanOwn() throws IOException {
        long dead = deadPid();
        long alive = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
        Instant twoMinutesAgo = Instant.now().minus(Duration.ofMinutes(2));
        Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));

        Path deadOld = file(".a.json.nnw" + dead + ".abcdefgh.tmp", twoMinutesAgo);
        Path deadFresh = file(".b.json.nnw" + dead + ".abcdefgh.tmp", Instant.now());
        Path aliveOld = file(".c.json.nnw" + alive + ".abcdefgh.tmp", twoMinutesAgo);
        Path aliveAbandoned = file(".d.json.nnw" + alive + ".abcdefgh.tmp", twoDaysAgo);
        Path selfUntracked = file(".e.json.nnw" + SELF + ".abcdefgh.tmp", Instant.now());
        Path selfTracked = file(".f.json.nnw" + SELF + ".abcdefgh.tmp", Instant.now());
        PartialFiles.track(selfTracked);
        Path notOurs1 = file(".g.json.tmp", twoDaysAgo);
        Path notOurs2 = file("h.json.nnw" + dead + ".abcdefgh.tmp", twoDaysAgo);
        Path aFolder = Files.createDirectory(dir.resolve(".i.json.nnw" + dead + ".abcdefgh.tmp"));
        Files.setLastModifiedTime(aFolder, FileTime.from(twoDaysAgo));
        Path aLink = TestFiles.symlink(dir.resolve(".j.json.nnw" + dead + ".abcdefgh.tmp"), notOurs1);
        try {
            assertEquals(3, PartialFiles.sweep(dir));
            for (Path gone : List.of(deadOld, aliveAbandoned, selfUntracked)) assertFalse(Files.exists(gone), gone.toString());
            for (Path kept : List.of(deadFresh, aliveOld, selfTracked, notOurs1, notOurs2, aFolder, aLink)) {
                assertTrue(Files.exists(kept, java.nio.file.LinkOption.NOFOLLOW_LINKS), kept.toString());
            }
        } finally {
            PartialFiles.release(selfTracked);
        }
    }

    @Test
    void aWriteSweepsTheFolderItWritesIn() throws IOException {
        Path stale = file(".x.nnw" + deadPid() + ".abcdefgh.tmp", Instant.now().minus(Duration.ofMinutes(5)));
        AtomicFiles.writeString(dir.resolve("x"), "new");
        assertFalse(Files.exists(stale));
        assertEquals(List.of("x"), TestFiles.names(dir));
    }

    @Test
    void releaseDeletesAFolderAndAllItHolds() throws IOException {
        Path d = Files.createDirectories(dir.resolve(".fetch-1/files"));
        Files.writeString(d.resolve("f"), "x");
        Path outside = Files.writeString(dir.resolve("outside"), "kept");
        TestFiles.symlink(d.resolve("link"), outside);
        PartialFiles.track(d.getParent());
        assertTrue(PartialFiles.isTracked(d.getParent()));
        PartialFiles.release(d.getParent());
        assertFalse(Files.exists(d.getParent()));
        assertFalse(PartialFiles.isTracked(d.getParent()));
        assertEquals("kept", Files.readString(outside), "a link's target is never deleted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalDuringAWriteRemovesTheTemporaryAndLeavesTheOldFile(String signal) throws Exception {
        Path target = Files.writeString(dir.resolve("result.json"), "old");
        Process p = new ProcessBuilder(ChildJvm.command(SlowWriterMain.class.getName(), List.of(target.toString())))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("writing", out.readLine());
            List<String> tmps = TestFiles.names(dir).stream().filter(PartialFiles::isTemporaryName).toList();
            assertEquals(1, tmps.size(), "the child writes into one temporary: " + TestFiles.names(dir));
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill failed");
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child did not stop on SIG" + signal);
        } finally {
            p.destroyForcibly();
        }
        assertNoTemporaries(dir);
        assertEquals(List.of("result.json"), TestFiles.names(dir));
        assertEquals("old", Files.readString(target));
    }

    private Path file(String name, Instant modified) throws IOException {
        Path p = Files.writeString(dir.resolve(name), "partial");
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }

    /** A process id that no running process has. */
    private static long deadPid() {
        for (long pid = 4_000_000; ; pid++) {
            if (ProcessHandle.of(pid).isEmpty()) return pid;
        }
    }
}
