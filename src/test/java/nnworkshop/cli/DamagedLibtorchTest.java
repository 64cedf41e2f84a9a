package nnworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.util.ChildJvm;

/**
 * A libtorch_cpu.so cut short in DJL's cache (a full disk, an interrupted first start) used to be
 * mapped by the JVM, which died of SIGBUS and left {@code hs_err_pid*.log} in the user's current
 * folder. Now the program finds it before loading it, unpacks it again from the jar, says so, and
 * trains. Run for real: a child JVM, its own DJL cache, a current folder of its own.
 */
@Tag("slow")
class DamagedLibtorchTest {
    @TempDir Path tmp;

    private static Process train(Path cache, Path cwd, Path data, Path log) throws Exception {
        List<String> cmd = ChildJvm.command("nnworkshop.cli.Main", List.of("train", "--impl", "torch", "--dataset", "fashion",
                "--data-dir", data.toString(), "--validation", "20", "--epochs", "1", "--batch", "16", "--hidden", "8"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DJL_CACHE_DIR", cache.toString());
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().remove("ENGINE_CACHE_DIR");
        return pb.start();
    }

    private static int finish(Process p) throws Exception {
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the run finishes");
        return p.exitValue();
    }

    @Test
    void aTruncatedLibtorchIsUnpackedAgainBeforeItIsLoaded() throws Exception {
        Path cache = tmp.resolve("djl"), cwd = Files.createDirectories(tmp.resolve("work")), data = CliTest.smallFashionCache(
                tmp.resolve("data"), 120, 40), log = tmp.resolve("log.txt");
        assertEquals(0, finish(train(cache, cwd, data, log)), "the first start unpacks libtorch: " + Files.readString(log));

        Path lib;
        try (Stream<Path> s = Files.walk(cache.resolve("pytorch"))) {
            lib = s.filter(p -> p.getFileName().toString().equals("libtorch_cpu.so")).findFirst().orElseThrow();
        }
        byte[] head = new byte[4096];
        try (var in = Files.newInputStream(lib)) {
            assertEquals(head.length, in.readNBytes(head, 0, head.length));
        }
        long size = Files.size(lib);
        try (FileChannel ch = FileChannel.open(lib, StandardOpenOption.WRITE)) {
            ch.truncate(size / 3); // what an interrupted unpack or a full disk leaves
        }

        assertEquals(0, finish(train(cache, cwd, data, log)), Files.readString(log));
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(out.contains("libtorch_cpu.so in the DJL cache was damaged") && out.contains("unpacked it again"), out);
        assertTrue(out.contains("test accuracy"), out);
        assertEquals(size, Files.size(lib), "the library is whole again");
        byte[] now = new byte[4096];
        try (var in = Files.newInputStream(lib)) {
            in.readNBytes(now, 0, now.length);
        }
        assertArrayEquals(head, now);
        try (Stream<Path> s = Files.list(cwd)) {
            assertEquals(List.of(), s.toList(), "nothing written into the current folder (no hs_err_pid*.log)");
        }
        try (Stream<Path> s = Files.list(lib.getParent())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }
}
