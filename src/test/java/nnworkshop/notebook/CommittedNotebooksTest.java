package nnworkshop.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/** The six notebooks as committed: present, output-free, on the project's kernel, in Jupyter's layout. */
class CommittedNotebooksTest {
    static final Path DIR = Path.of("notebooks");
    static final List<String> NAMES = List.of("01_introduction_and_setup.ipynb", "02_network_from_scratch.ipynb",
            "03_mnist_dataset.ipynb", "04_pytorch_with_djl.ipynb", "05_comparison.ipynb", "06_experiments.ipynb");

    @Test
    void theSixNotebooksAreThere() {
        assertEquals(NAMES, NotebookFiles.list(DIR).stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void noOutputsAndNoExecutionCounts() {
        for (Path nb : NotebookFiles.list(DIR)) {
            assertEquals(List.of(), NotebookFiles.problems(NotebookFiles.read(nb)), nb + ": run ./workshop notebooks clean");
        }
    }

    @Test
    void everyNotebookRunsOnTheProjectKernelAndHasCode() {
        for (Path nb : NotebookFiles.list(DIR)) {
            JsonObject json = NotebookFiles.read(nb);
            assertEquals(KernelSetup.KERNEL_NAME,
                    json.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString(), nb.toString());
            long code = NotebookFiles.cells(json).stream().filter(c -> c.type().equals("code")).count();
            assertTrue(code >= 5, nb + " has only " + code + " code cells");
        }
    }

    @Test
    void storedInJupytersOwnLayoutSoCleaningChangesNoByte() throws IOException {
        for (Path nb : NotebookFiles.list(DIR)) {
            assertEquals(Files.readString(nb), NotebookFiles.format(NotebookFiles.read(nb)), nb.toString());
        }
    }
}
