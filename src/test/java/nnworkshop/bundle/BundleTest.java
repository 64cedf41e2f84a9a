package nnworkshop.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.data.DataStore;
import nnworkshop.torch.TorchRuntime;

/**
 * The classroom bundle: what goes in, the checksums of the first start, and — slow — the real
 * thing: unpacked on a laptop with only Java (no network: {@code unshare -n}; an empty home; no
 * Maven, npm or data cache on the PATH), its {@code workshop run --quick} works.
 */
class BundleTest {
    @TempDir Path tmp;

    /** A project folder as the build leaves it: the jar (of this test's classes) and the runtime libraries. */
    private Path projectFromThisClassPath() throws IOException {
        Path root = tmp.resolve("project"), lib = root.resolve("target/lib");
        Files.createDirectories(lib);
        Path classes = Path.of("target/classes").toAbsolutePath();
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(root.resolve("target/nn-workshop.jar")));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            String n = p.getFileName().toString();
            if (!n.endsWith(".jar") || n.matches("(junit|opentest4j|apiguardian|selenium|surefire).*")) continue;
            Path link = lib.resolve(n);
            if (!Files.exists(link)) Files.createSymbolicLink(link, p.toAbsolutePath());
        }
        Files.createDirectories(root.resolve("notebooks"));
        Files.writeString(root.resolve("notebooks/01_x.ipynb"), "{}");
        return root;
    }

    /** As {@link #projectFromThisClassPath}, with the project's real notebook 01. */
    private Path projectWithNotebook01() throws IOException {
        Path root = projectFromThisClassPath();
        Files.delete(root.resolve("notebooks/01_x.ipynb"));
        Files.copy(Path.of("notebooks/01_introduction_and_setup.ipynb"), root.resolve("notebooks/01_introduction_and_setup.ipynb"));
        return root;
    }

    private static Path libtorch() {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(e).getFileName().toString().startsWith("pytorch-native-cpu-")) return Path.of(e);
        }
        throw new IllegalStateException("no libtorch jar on the class path");
    }

    private Path unpack(Path zip, Path into) throws IOException {
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            for (ZipArchiveEntry e : java.util.Collections.list(z.getEntries())) {
                Path out = into.resolve(e.getName()).normalize();
                assertTrue(out.startsWith(into), e.getName());
                Files.createDirectories(out.getParent());
                try (InputStream in = z.getInputStream(e); OutputStream o = Files.newOutputStream(out)) {
                    in.transferTo(o);
                }
                if ((e.getUnixMode() & 0100) != 0) out.toFile().setExecutable(true);
            }
        }
        return into.resolve("nn-workshop");
    }

    @Test
    void theBundleHoldsWhatRunsAndAChecksumForEachFile() throws IOException {
        Path root = projectFromThisClassPath(), zip = tmp.resolve("out/nnw.zip");
        Files.createDirectories(zip.getParent());
        Bundle.Written w = Bundle.write(zip, TorchRuntime.platform(), root, libtorch(), DataStore.open(null, null), s -> { });
        Path b = unpack(zip, tmp.resolve("unpacked"));
        assertTrue(Files.isExecutable(b.resolve("workshop")), "the launcher is executable");
        for (String f : List.of("workshop.cmd", "README.txt", "SHA256SUMS", "lib/nn-workshop.jar", "notebooks/01_x.ipynb",
                "data/mnist/train-images-idx3-ubyte", "lib/" + libtorch().getFileName())) {
            assertTrue(Files.isRegularFile(b.resolve(f)), f);
        }
        try (Stream<Path> all = Files.walk(b)) {
            assertEquals(w.files(), all.filter(Files::isRegularFile).count(), "every file is counted");
        }
        assertTrue(Files.readString(b.resolve("SHA256SUMS")).lines().allMatch(l -> l.matches("[0-9a-f]{64}  \\S.*")));
        assertEquals(List.of(), Bundle.verify(b));
        assertNull(BundleCheck.firstStart(b));
        assertTrue(Files.isRegularFile(b.resolve(BundleCheck.MARKER)), "a checked bundle is not checked again");
        assertTrue(zip.getParent().toFile().list().length == 1, "no temporary file left beside the archive");
    }

    @Test
    void aDamagedCopyIsRefusedInOneLine() throws IOException {
        Path b = tmp.resolve("b");
        Files.createDirectories(b.resolve("lib"));
        Files.writeString(b.resolve("lib/a.jar"), "aaa");
        Files.writeString(b.resolve("lib/c.jar"), "ccc");
        String sha = java.util.HexFormat.of().formatHex(Bundle.sha256().digest("aaa".getBytes(StandardCharsets.UTF_8)));
        String shc = java.util.HexFormat.of().formatHex(Bundle.sha256().digest("ccc".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(b.resolve("SHA256SUMS"), sha + "  lib/a.jar\n" + shc + "  lib/c.jar\n" + sha + "  lib/gone.jar\n");
        Files.writeString(b.resolve("lib/c.jar"), "cCc");
        String msg = BundleCheck.firstStart(b);
        assertEquals("this bundle is damaged: lib/c.jar: differs from its checksum (and 1 more); copy or download it again, "
                + "then unpack it into an empty folder", msg);
        assertTrue(!Files.exists(b.resolve(BundleCheck.MARKER)), "a damaged bundle is never marked as checked");
        Files.writeString(b.resolve("SHA256SUMS"), sha + "  ../outside\n");
        assertEquals(List.of("../outside: outside the bundle"), Bundle.verify(b));
    }

    @Tag("slow")
    @Test
    void onALaptopWithOnlyJavaAndNoNetworkTheQuickRunWorks() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "unshare is not installed");
        assumeTrue(new ProcessBuilder("unshare", "-n", "true").start().waitFor() == 0, "unshare -n needs root here");
        Path root = projectFromThisClassPath(), zip = tmp.resolve("nnw.zip");
        Bundle.write(zip, TorchRuntime.platform(), root, libtorch(), DataStore.open(null, null), s -> { });
        Path b = unpack(zip, tmp.resolve("laptop"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of("unshare", "-n", "env", "-i", "HOME=" + home, "PATH=/usr/bin:/bin",
                "JAVA_HOME=" + Path.of(java).getParent().getParent(), "LANG=C.UTF-8", b.resolve("workshop").toString(),
                "run", "--quick", "--out", tmp.resolve("out").toString(), "--no-browser-check"));
        Process p = new ProcessBuilder(cmd).directory(b.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the quick run did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.isRegularFile(tmp.resolve("out/report/index.html")), out);
        assertTrue(out.contains("the same mathematics"), out);
    }

    @Tag("slow")
    @Test
    void onALaptopWithOnlyJavaAndJupyterTheNotebooksRunOnTheBundledKernel() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "unshare is not installed");
        assumeTrue(new ProcessBuilder("unshare", "-n", "true").start().waitFor() == 0, "unshare -n needs root here");
        String ip = Files.isExecutable(Path.of("/usr/sbin/ip")) ? "/usr/sbin/ip" : "/sbin/ip";
        assumeTrue(Files.isExecutable(Path.of(ip)), "ip (iproute2) is not installed");
        Path root = projectWithNotebook01(), zip = tmp.resolve("nnw.zip");
        Bundle.write(zip, TorchRuntime.platform(), root, libtorch(), DataStore.open(null, null), s -> { });
        Path b = unpack(zip, tmp.resolve("laptop"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        String java = ProcessHandle.current().info().command().orElse("java");
        // no network but the loopback (Jupyter talks to its kernel over 127.0.0.1, as on any laptop)
        List<String> cmd = List.of("unshare", "-n", "sh", "-c", ip + " link set lo up && exec \"$@\"", "sh",
                "env", "-i", "HOME=" + home, "PATH=/usr/bin:/bin", "JAVA_HOME=" + Path.of(java).getParent().getParent(),
                b.resolve("workshop").toString(), "notebooks", "run", "--quick", "--out", tmp.resolve("out").toString());
        Process p = new ProcessBuilder(cmd).directory(b.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the notebook run did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("1 of 1 notebooks ran"), out);
        String html = Files.readString(tmp.resolve("out/notebooks/01_introduction_and_setup.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("✓ kernel: this notebook runs on the Java kernel"), "notebook 01's doctor cell ran");
        assertTrue(Files.isRegularFile(b.resolve("jupyter/kernels/nn-workshop/kernel.json")), "the bundle's own kernel spec");
        assertTrue(Files.readString(b.resolve("jupyter/kernels/nn-workshop/kernel.json")).contains(b.resolve("lib/nn-workshop.jar").toString()),
                "the kernel runs the bundle's jar");
    }
}
