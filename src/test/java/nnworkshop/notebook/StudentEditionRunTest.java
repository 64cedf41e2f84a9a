package nnworkshop.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.notebook.Editions.Edition;

/**
 * Both editions, executed in quick mode on the real kernel (several minutes: tagged slow). The
 * instructor edition is the committed notebooks, byte for byte (so CI's {@code ./workshop notebooks
 * run --quick} executes it); the student edition runs to the end with every exercise untouched,
 * and every check cell says "not implemented yet" — no stack trace, no ✓, no ✗.
 */
@Tag("slow")
class StudentEditionRunTest {
    @Test
    void theInstructorEditionIsTheCommittedNotebooks(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("instructor");
        Editions.export(CommittedNotebooksTest.DIR, Edition.INSTRUCTOR, out);
        for (Path nb : NotebookFiles.list(CommittedNotebooksTest.DIR)) {
            assertEquals(Files.readString(nb), Files.readString(out.resolve(nb.getFileName())), nb.toString());
        }
    }

    @Test
    void everyCheckOfTheUntouchedStudentEditionSaysNotImplementedYet(@TempDir Path dir) throws IOException {
        Path student = dir.resolve("student");
        Editions.export(CommittedNotebooksTest.DIR, Edition.STUDENT, student);
        KernelSetup.Layout layout = TestKernel.install(dir.resolve("root"));
        NotebookRunner.Options options = new NotebookRunner.Options(TestKernel.jupyter(), layout.jupyterPath(),
                KernelSetup.KERNEL_NAME, true, Duration.ofSeconds(600));
        int checks = 0;
        for (Path nb : NotebookFiles.list(student)) {
            Path work = dir.resolve("work");
            NotebookRunner.run(nb, work, dir.resolve("html"), options);
            JsonObject executed = NotebookFiles.read(work.resolve(nb.getFileName()));
            for (JsonElement e : executed.getAsJsonArray("cells")) {
                JsonObject c = e.getAsJsonObject();
                if (!Editions.hasTag(c, Editions.CHECK_TAG)) continue;
                checks++;
                String text = outputText(c);
                String where = nb.getFileName() + ", check `" + NotebookFiles.source(c.get("source")).strip().lines().findFirst().orElse("")
                        + "`: " + text;
                assertTrue(text.contains("not implemented yet"), where);
                assertFalse(text.contains("✓") || text.contains("✗"), where);
                assertFalse(text.contains("Exception") || text.contains("\tat ") || text.contains("expected"), where);
            }
        }
        assertTrue(checks >= 20, "only " + checks + " check cells");
    }

    static String outputText(JsonObject cell) {
        StringBuilder sb = new StringBuilder();
        for (JsonElement o : cell.getAsJsonArray("outputs")) {
            JsonObject out = o.getAsJsonObject();
            if (out.has("text")) sb.append(NotebookFiles.source(out.get("text")));
            if (out.has("data") && out.getAsJsonObject("data").has("text/plain")) {
                sb.append(NotebookFiles.source(out.getAsJsonObject("data").get("text/plain")));
            }
            if (out.has("ename")) sb.append(out.get("ename").getAsString()).append(' ').append(out.get("evalue").getAsString());
        }
        return sb.toString();
    }
}
