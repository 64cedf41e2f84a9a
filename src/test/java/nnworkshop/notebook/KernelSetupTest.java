package nnworkshop.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.WorkshopException;

/** The kernel folder written by setup, on a fake built project (fast: no Jupyter, no JVM started). */
class KernelSetupTest {

    static KernelSetup.Layout fakeProject(Path root) throws IOException {
        Path target = Files.createDirectories(root.resolve("target"));
        Files.writeString(target.resolve("nn-workshop.jar"), "jar");
        Files.createDirectories(target.resolve("lib"));
        Files.writeString(target.resolve("lib/b.jar"), "b");
        Files.writeString(target.resolve("lib/a.jar"), "a");
        return new KernelSetup.Layout(root);
    }

    @Test
    void kernelJsonIsValidAndPointsAtExistingFiles(@TempDir Path root) throws IOException {
        KernelSetup.Layout layout = fakeProject(root);
        Path dir = KernelSetup.install(layout);
        assertEquals(root.resolve("target/jupyter/kernels/nn-workshop").toAbsolutePath(), dir);

        JsonObject spec = JsonParser.parseString(Files.readString(dir.resolve("kernel.json"))).getAsJsonObject();
        assertEquals("java", spec.get("language").getAsString());
        List<String> argv = new ArrayList<>();
        for (var e : spec.getAsJsonArray("argv")) argv.add(e.getAsString());
        assertTrue(Files.isExecutable(Path.of(argv.get(0))), "java: " + argv.get(0));
        assertEquals(List.of(KernelSetup.MAIN_CLASS, "{connection_file}"), argv.subList(argv.size() - 2, argv.size()));
        assertEquals("nnworkshop.kernel.KernelMain", KernelSetup.MAIN_CLASS);
        int cpAt = argv.indexOf("-cp");
        // the launcher's flags, before the classpath
        assertTrue(argv.subList(0, cpAt).contains("-Djava.awt.headless=true"), argv.toString());
        int modules = argv.indexOf("--add-modules");
        assertTrue(modules > 0 && modules < cpAt && argv.get(modules + 1).equals("jdk.incubator.vector"), argv.toString());
        // C2 compiles the Vector API kernels early, as under ./workshop, without a line at start
        int quiet = argv.indexOf("-XX:CompileCommand=quiet");
        int scaling = argv.indexOf("-XX:CompileCommand=CompileThresholdScaling,nnworkshop.tensor.kernel.*::*,0.1");
        int dontInline = argv.indexOf("-XX:CompileCommand=dontinline,nnworkshop.tensor.kernel.*::*");
        assertTrue(quiet > 0 && quiet < scaling && scaling < cpAt, argv.toString());
        assertTrue(quiet < dontInline && dontInline < cpAt, argv.toString());
        String[] cp = argv.get(cpAt + 1).split(File.pathSeparator);
        assertEquals(List.of(root.resolve("target/nn-workshop.jar").toAbsolutePath().toString(),
                root.resolve("target/lib/a.jar").toAbsolutePath().toString(),
                root.resolve("target/lib/b.jar").toAbsolutePath().toString()), List.of(cp));
        for (String p : cp) assertTrue(Files.exists(Path.of(p)), p);
        assertEquals("message", spec.get("interrupt_mode").getAsString(), "interrupts as interrupt_request");
        JsonObject env = spec.getAsJsonObject("env");
        assertEquals("true", env.get("DJL_OFFLINE").getAsString());

        // again, over a folder an older kernel left its jar in: replaces, does not fail, leaves kernel.json alone
        Files.writeString(dir.resolve("rapaio-jupyter-kernel-3.0.1.jar"), "old");
        KernelSetup.install(layout);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("kernel.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void withoutTheBuildItSaysWhatToRun(@TempDir Path root) throws IOException {
        KernelSetup.Layout empty = new KernelSetup.Layout(root);
        assertTrue(assertThrows(WorkshopException.class, () -> KernelSetup.projectClasspath(empty)).getMessage()
                .contains("mvn -B package"));
        WorkshopException e = assertThrows(WorkshopException.class,
                () -> KernelSetup.install(empty, List.of(root.resolve("target/nn-workshop.jar"))));
        assertTrue(e.getMessage().contains("does not exist: run mvn -B package"), e.getMessage());
        assertTrue(!Files.exists(empty.kernelDir().resolve("kernel.json")), "nothing half-written");
    }

    @Test
    void argvHasNoBlankEntries() {
        JsonArray argv = KernelSetup.kernelJson(List.of(Path.of("x.jar"))).getAsJsonArray("argv");
        for (var e : argv) assertTrue(!e.getAsString().isBlank());
    }

    @Test
    void aCrashOfTheKernelNeverWritesIntoTheNotebooksFolder() {
        JsonArray argv = KernelSetup.kernelJson(List.of(Path.of("x.jar"))).getAsJsonArray("argv");
        String tmp = Path.of(System.getProperty("java.io.tmpdir")).toString();
        List<String> flags = new java.util.ArrayList<>();
        for (var e : argv) flags.add(e.getAsString());
        assertTrue(flags.contains("-XX:ErrorFile=" + Path.of(tmp, "nn-workshop-hs_err_pid%p.log")), flags.toString());
        assertTrue(flags.stream().anyMatch(f -> f.startsWith("-XX:ReplayDataFile=" + tmp)), flags.toString());
        assertTrue(flags.indexOf("-cp") > flags.indexOf("-XX:ErrorFile=" + Path.of(tmp, "nn-workshop-hs_err_pid%p.log")),
                "a JVM flag, before the class path");
    }
}
