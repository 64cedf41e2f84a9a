package nnworkshop.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.WorkshopException;

/** Finding Jupyter: $JUPYTER, else PATH, else one line saying how to install it (fake launchers, no Jupyter run). */
class JupyterTest {
    static Path launcher(Path dir, String firstLine) throws IOException {
        Files.createDirectories(dir);
        Path p = Files.writeString(dir.resolve("jupyter"), firstLine + "\nprint('hi')\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void theEnvironmentVariableWinsOverPath(@TempDir Path dir) throws IOException {
        Path onPath = launcher(dir.resolve("bin"), "#!/usr/bin/python3");
        Path chosen = launcher(dir.resolve("venv/bin"), "#!/opt/venv/bin/python");
        assertEquals(onPath, Jupyter.launcher(Map.of("PATH", "/nonexistent:" + dir.resolve("bin"))));
        assertEquals(chosen, Jupyter.launcher(Map.of("PATH", dir.resolve("bin").toString(), "JUPYTER", chosen.toString())));
    }

    @Test
    void withoutJupyterTheErrorIsOneLineWithBothWaysToInstallIt(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bin/jupyter")); // a folder named jupyter is not a launcher
        WorkshopException e = assertThrows(WorkshopException.class,
                () -> Jupyter.launcher(Map.of("PATH", dir.resolve("bin").toString())));
        assertTrue(e.getMessage().contains("`jupyter` is not on PATH"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install jupyter-notebook jupyter-nbconvert"), e.getMessage());
        assertTrue(e.getMessage().contains("pip install notebook nbconvert"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        WorkshopException bad = assertThrows(WorkshopException.class,
                () -> Jupyter.launcher(Map.of("JUPYTER", dir.resolve("missing").toString())));
        assertTrue(bad.getMessage().startsWith("$JUPYTER is " + dir.resolve("missing")), bad.getMessage());
    }

    @Test
    void jupytersPythonIsTheOneItsLauncherNames(@TempDir Path dir) throws IOException {
        assertEquals(List.of("/usr/bin/python3"), Jupyter.python(launcher(dir.resolve("a"), "#!/usr/bin/python3")));
        assertEquals(List.of("/usr/bin/env", "python3"), Jupyter.python(launcher(dir.resolve("b"), "#! /usr/bin/env python3")));
        assertEquals(List.of("python3"), Jupyter.python(launcher(dir.resolve("c"), "\u007fELF binary")));
    }
}
