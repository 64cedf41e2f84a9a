package nnworkshop.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The torch engine needs no network: {@link OfflineProbe} trains, saves, loads and evaluates in a
 * child JVM inside a new, empty network namespace ({@code unshare -n}: no interface but a downed
 * loopback, so any connection fails), starting from an <em>empty</em> DJL cache so that even the
 * first use (unpacking libtorch from the jar) is covered; and it records every connection Java is
 * asked to open, so that an attempt that failed silently would still be seen.
 *
 * <p>Needs {@code unshare} from util-linux and the right to make a network namespace (root, or
 * unprivileged user namespaces). Without them the test fails, saying so: it does not skip.
 */
class TorchOfflineTest {
    @TempDir Path tmp;

    @Test
    void trainsSavesLoadsAndEvaluatesWithoutANetwork() throws Exception {
        Result r = probe(classpath(), tmp.resolve("djl-cache"), "train");
        assertEquals(0, r.exit, r.out);
        assertTrue(r.out.contains("no connection attempted") && r.out.contains("4 steps"), r.out);
        assertTrue(Files.exists(tmp.resolve("djl-cache")), "libtorch was unpacked into the fresh DJL_CACHE_DIR");
    }

    @Test
    void theProbeSeesAConnectionAttempt() throws Exception {
        // the control: the same recording catches a connection that fails in the empty namespace
        Result r = probe(classpath(), tmp.resolve("djl-cache"), "control");
        assertEquals(3, r.exit, r.out);
        assertTrue(r.out.contains("192.0.2.1"), r.out);
    }

    @Test
    void withoutTheNativeJarTheErrorSaysWhatToDo() throws Exception {
        List<String> cp = new ArrayList<>(classpath());
        assertTrue(cp.removeIf(e -> e.contains("pytorch-native-cpu")), "the native jar is on the test classpath");
        Result r = probe(cp, tmp.resolve("empty-cache"), "start");
        assertEquals(2, r.exit, r.out);
        String line = r.out.lines().filter(l -> l.contains("libtorch")).findFirst().orElse(r.out);
        assertTrue(line.startsWith("could not load libtorch") && line.contains("mvn -B package")
                && line.contains("pytorch-native-cpu"), line);
    }

    @Test
    void anUnwritableCacheFolderIsNamedInTheError() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        Result r = probe(classpath(), file.resolve("cache"), "start");
        assertEquals(2, r.exit, r.out);
        String line = r.out.lines().filter(l -> l.contains("libtorch")).findFirst().orElse(r.out);
        assertTrue(line.startsWith("could not load libtorch") && line.contains("DJL_CACHE_DIR")
                && line.contains(file.toString()), line);
    }

    private record Result(int exit, String out) {}

    @Test
    void anEnvironmentThatWouldLetDjlGoOnlineIsRefused() throws Exception {
        Result r = probe(classpath(), tmp.resolve("djl-cache"), "start", java.util.Map.of("DJL_OFFLINE", "false"));
        assertEquals(2, r.exit, r.out);
        assertTrue(r.out.contains("DJL_OFFLINE=false") && r.out.contains("unset it"), r.out);
        r = probe(classpath(), tmp.resolve("djl-cache"), "start", java.util.Map.of("PYTORCH_VERSION", "2.5.1"));
        assertEquals(2, r.exit, r.out);
        assertTrue(r.out.contains("2.5.1") && r.out.contains("unset PYTORCH_VERSION"), r.out);
    }

    private static Result probe(List<String> classpath, Path djlCache, String mode) throws IOException, InterruptedException {
        return probe(classpath, djlCache, mode, java.util.Map.of());
    }

    private static Result probe(List<String> classpath, Path djlCache, String mode, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        String unshare = unshare();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(unshare, "-n", java, "-Xmx512m", "-cp", String.join(File.pathSeparator, classpath),
                OfflineProbe.class.getName()));
        if (!mode.equals("train")) cmd.add(mode);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DJL_CACHE_DIR", djlCache.toString());
        pb.environment().remove("ENGINE_CACHE_DIR");
        pb.environment().remove("DJL_OFFLINE");
        pb.environment().remove("PYTORCH_VERSION");
        pb.environment().remove("PYTORCH_FLAVOR");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the probe did not finish in 2 minutes: " + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** util-linux's unshare, checked to work here; fails the test (not skips) when it cannot. */
    private static String unshare() throws IOException, InterruptedException {
        String found = null;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "unshare"))) {
                found = Path.of(dir, "unshare").toString();
                break;
            }
        }
        if (found == null) {
            fail("this test runs the torch engine without a network using `unshare -n` (util-linux), which is not "
                    + "installed: sudo apt-get install util-linux");
        }
        Process p = new ProcessBuilder(found, "-n", "true").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            fail("`unshare -n` cannot make a network namespace here (" + out + "): run the tests as root, or "
                    + "enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) and use `unshare -rn`");
        }
        return found;
    }

    /** This JVM's classpath, expanded from surefire's manifest-only jar if it uses one. */
    private static List<String> classpath() throws IOException {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        List<String> out = new ArrayList<>();
        for (String e : entries) {
            if (e.endsWith(".jar") && Path.of(e).getFileName().toString().startsWith("surefirebooter")) {
                try (JarFile jar = new JarFile(e)) {
                    Manifest m = jar.getManifest();
                    for (String url : m.getMainAttributes().getValue("Class-Path").split(" ")) {
                        if (!url.isBlank()) out.add(Path.of(java.net.URI.create(url)).toString());
                    }
                }
            } else {
                out.add(e);
            }
        }
        return out;
    }
}
