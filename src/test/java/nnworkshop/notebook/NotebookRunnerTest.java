package nnworkshop.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.WorkshopException;

/**
 * The runner against real Jupyter and the project's Java kernel, on two tiny generated notebooks
 * (about 10 s). Jupyter is required: CI installs it; without it this test fails and says how to install it.
 */
class NotebookRunnerTest {
    @TempDir static Path root;
    static NotebookRunner.Options options;

    @BeforeAll
    static void kernel() {
        KernelSetup.Layout layout = TestKernel.install(root);
        options = new NotebookRunner.Options(TestKernel.jupyter(), layout.jupyterPath(), KernelSetup.KERNEL_NAME,
                true, Duration.ofSeconds(120));
    }

    static Path notebook(Path dir, String name, String... codeCells) throws IOException {
        JsonArray cells = new JsonArray();
        JsonObject md = new JsonObject();
        md.addProperty("cell_type", "markdown");
        md.addProperty("id", "m");
        md.add("metadata", new JsonObject());
        md.addProperty("source", "# " + name);
        cells.add(md);
        for (int i = 0; i < codeCells.length; i++) {
            JsonObject c = new JsonObject();
            c.addProperty("cell_type", "code");
            c.add("execution_count", null);
            c.addProperty("id", "c" + i);
            c.add("metadata", new JsonObject());
            c.add("outputs", new JsonArray());
            c.addProperty("source", codeCells[i]);
            cells.add(c);
        }
        JsonObject nb = new JsonObject();
        nb.add("cells", cells);
        JsonObject spec = new JsonObject();
        spec.addProperty("name", KernelSetup.KERNEL_NAME);
        spec.addProperty("display_name", "Java (nn-workshop)");
        spec.addProperty("language", "java");
        JsonObject meta = new JsonObject();
        meta.add("kernelspec", spec);
        nb.add("metadata", meta);
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 5);
        Path file = dir.resolve(name);
        NotebookFiles.write(nb, file);
        return file;
    }

    @Test
    void aFailingCellIsNamedWithItsNotebookAndError(@TempDir Path dir) throws IOException {
        Path nb = notebook(dir, "broken.ipynb",
                "int answer = 42;",
                "System.out.println(\"before\");\nif (answer == 42) throw new IllegalStateException(\"boom\");",
                "System.out.println(\"never\");");
        NotebookRunner.NotebookFailure f = assertThrows(NotebookRunner.NotebookFailure.class,
                () -> NotebookRunner.run(nb, dir.resolve("work"), dir.resolve("html"), options));
        String m = f.getMessage();
        assertTrue(m.startsWith("broken.ipynb: cell 3 of 4 (code cell 2: `System.out.println(\"before\");`) failed: "), m);
        assertTrue(m.contains("java.lang.IllegalStateException: boom"), m);
        assertEquals("at line 2 of this cell: if (answer == 42) throw new IllegalStateException(\"boom\");",
                f.details().get(0).strip(), "the cell's line first");
        assertTrue(f.details().stream().noneMatch(l -> l.contains("jdk.jshell") || l.contains("REPL")),
                "nothing of the kernel's insides: " + f.details());
        assertFalse(String.join("\n", f.details()).contains("\"key\""), "no connection key in what is shown");
        assertFalse(Files.exists(dir.resolve("html/broken.html")));
    }

    @Test
    void aGoodNotebookRunsInQuickModeOnTheProjectClassesAndBecomesHtml(@TempDir Path dir) throws IOException {
        Path nb = notebook(dir, "good.ipynb",
                "import nnworkshop.notebook.Nb;",
                "System.out.println(\"quick=\" + Nb.quick() + \" vector=\" + nnworkshop.tensor.kernel.Kernels.vectorApiAvailable());");
        NotebookRunner.Result r = NotebookRunner.run(nb, dir.resolve("work"), dir.resolve("html"), options);
        assertEquals(dir.resolve("html/good.html"), r.html());
        String html = Files.readString(r.html());
        assertTrue(html.contains("quick=true vector=true"), "quick mode reaches the kernel, and the Vector API flag");
        assertTrue(r.seconds() > 0);
        try (var runtime = Files.list(dir.resolve("work"))) {
            assertEquals(List.of("good.ipynb"), runtime.map(p -> p.getFileName().toString()).toList(),
                    "the private runtime folder (connection files) is gone");
        }
    }

    @Test
    void missingJupyterIsOneLineWithTheAptCommand() {
        WorkshopException e = assertThrows(WorkshopException.class,
                () -> NotebookRunner.requireJupyter(Path.of("/nonexistent/jupyter")));
        assertTrue(e.getMessage().contains("apt-get install jupyter-notebook jupyter-nbconvert"), e.getMessage());
        assertTrue(e.getMessage().contains("pip install notebook nbconvert"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void errorsWithoutACellAreStillOneLine() {
        String stderr = "[I] Kernel connection file content: {\n  \"key\": \"secret\"\n}\nTraceback (most recent call last):\n"
                + "  File \"x\", line 1\nnbclient.exceptions.DeadKernelError: Kernel died\n";
        NotebookRunner.NotebookFailure f = NotebookRunner.failure(Path.of("x.ipynb"), stderr);
        assertEquals("x.ipynb: the Java kernel died (out of memory?) nbclient.exceptions.DeadKernelError: Kernel died", f.getMessage());
        assertFalse(f.getMessage().contains("secret"));
    }

    @org.junit.jupiter.api.Test
    void aKernelThatNeverStartedIsToldFromAFailingCell() {
        org.junit.jupiter.api.Assertions.assertTrue(NotebookRunner.neverStarted(
                "RuntimeError: Kernel didn't respond in 20 seconds"));
        org.junit.jupiter.api.Assertions.assertTrue(NotebookRunner.neverStarted(
                "RuntimeError: Kernel died before replying to kernel_info"));
        org.junit.jupiter.api.Assertions.assertFalse(NotebookRunner.neverStarted(
                "An error occurred while executing the following cell: ... Kernel died"));
        org.junit.jupiter.api.Assertions.assertFalse(NotebookRunner.neverStarted("CellTimeoutError: cell timed out"));
    }
}
