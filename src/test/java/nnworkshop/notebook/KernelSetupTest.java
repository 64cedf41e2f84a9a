package nnworkshop.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Files.createDirectories(target.resolve("notebook-kernel"));
        Files.writeString(target.resolve("notebook-kernel").resolve(KernelSetup.KERNEL_JAR), "kernel");
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
        assertEquals("{connection_file}", argv.get(argv.size() - 1));
        int jar = argv.indexOf("-jar");
        String kernelJar = argv.get(jar + 1);
        assertTrue(kernelJar.startsWith("{resource_dir}/"), kernelJar);
        assertTrue(Files.isRegularFile(dir.resolve(kernelJar.substring("{resource_dir}/".length()))), "kernel jar copied");
        // the launcher's flags, before -jar
        assertTrue(argv.subList(0, jar).contains("-Djava.awt.headless=true"), argv.toString());
        int modules = argv.indexOf("--add-modules");
        assertTrue(modules > 0 && modules < jar && argv.get(modules + 1).equals("jdk.incubator.vector"), argv.toString());

        JsonObject env = spec.getAsJsonObject("env");
        String[] cp = env.get("RJK_CLASSPATH").getAsString().split(";");
        assertEquals(List.of(root.resolve("target/nn-workshop.jar").toAbsolutePath().toString(),
                root.resolve("target/lib/a.jar").toAbsolutePath().toString(),
                root.resolve("target/lib/b.jar").toAbsolutePath().toString()), List.of(cp));
        for (String p : cp) assertTrue(Files.exists(Path.of(p)), p);
        assertEquals("true", env.get("DJL_OFFLINE").getAsString());

        // again: replaces, does not fail
        KernelSetup.install(layout);
        assertEquals(2, Files.list(dir).count(), "kernel.json and the jar, nothing left over");
    }

    @Test
    void withoutTheBuildItSaysWhatToRun(@TempDir Path root) throws IOException {
        KernelSetup.Layout empty = new KernelSetup.Layout(root);
        assertTrue(assertThrows(WorkshopException.class, () -> KernelSetup.projectClasspath(empty)).getMessage()
                .contains("mvn -B package"));

        KernelSetup.Layout layout = fakeProject(root);
        Files.delete(layout.builtKernelJar());
        WorkshopException e = assertThrows(WorkshopException.class, () -> KernelSetup.install(layout));
        assertTrue(e.getMessage().contains("rapaio-jupyter-kernel:" + KernelSetup.KERNEL_VERSION), e.getMessage());
        assertTrue(!Files.exists(layout.kernelDir().resolve("kernel.json")), "nothing half-written");
    }

    @Test
    void theKernelVersionIsThePoms() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<notebook.kernel.version>" + KernelSetup.KERNEL_VERSION + "</notebook.kernel.version>"));
    }

    @Test
    void argvHasNoBlankEntries() {
        JsonArray argv = KernelSetup.kernelJson(List.of(Path.of("x.jar"))).getAsJsonArray("argv");
        for (var e : argv) assertTrue(!e.getAsString().isBlank());
    }
}
