package nnworkshop.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.WorkshopException;
import nnworkshop.cli.Main;

class NotebookFilesTest {
    static final String EXECUTED = """
            {"cells": [
              {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["# Title ü\\n", "text"]},
              {"cell_type": "code", "execution_count": 3, "id": "b", "metadata": {},
               "outputs": [{"name": "stdout", "output_type": "stream", "text": ["hi\\n"]}],
               "source": "int x = 1;\\nx + 1"},
              {"cell_type": "code", "execution_count": null, "id": "c", "metadata": {}, "outputs": [], "source": []}
             ],
             "metadata": {"kernelspec": {"name": "nn-workshop"}}, "nbformat": 4, "nbformat_minor": 5}
            """;

    static JsonObject executed() {
        return JsonParser.parseString(EXECUTED).getAsJsonObject();
    }

    @Test
    void findsOutputsAndCounts() {
        assertEquals(List.of("cell 2 has 1 output(s)", "cell 2 has execution count 3"), NotebookFiles.problems(executed()));
    }

    @Test
    void stripRemovesThemOnceAndKeepsTheSources() {
        JsonObject nb = executed();
        assertTrue(NotebookFiles.strip(nb));
        assertEquals(List.of(), NotebookFiles.problems(nb));
        assertFalse(NotebookFiles.strip(nb));
        List<NotebookFiles.Cell> cells = NotebookFiles.cells(nb);
        assertEquals("# Title ü\ntext", cells.get(0).source());
        assertEquals("int x = 1;\nx + 1", cells.get(1).source());
        assertEquals("int x = 1;", cells.get(1).firstLine());
        assertEquals("", cells.get(2).source());
    }

    @Test
    void formatIsJupytersLayout() {
        String text = NotebookFiles.format(executed());
        assertTrue(text.startsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n   \"id\": \"a\",\n"), text);
        assertTrue(text.contains("\"Title ü\\n\"") || text.contains("\"# Title ü\\n\""), "non-ASCII kept as is");
        assertTrue(text.endsWith("}\n"));
        assertEquals(text, NotebookFiles.format(JsonParser.parseString(text).getAsJsonObject()), "stable");
    }

    @Test
    void notANotebookIsOneClearError(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("x.ipynb"), "{\"not\": 1}");
        assertTrue(assertThrows(WorkshopException.class, () -> NotebookFiles.read(bad)).getMessage().contains("not a Jupyter notebook"));
        Path broken = Files.writeString(dir.resolve("y.ipynb"), "{");
        assertTrue(assertThrows(WorkshopException.class, () -> NotebookFiles.read(broken)).getMessage().contains("not valid JSON"));
    }

    @Test
    void cleanCommandChecksThenCleans(@TempDir Path dir) throws IOException {
        Path nb = Files.writeString(dir.resolve("a.ipynb"), EXECUTED);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), "notebooks", "clean", "--check", "--notebooks", dir.toString());
        assertEquals(2, code, out + "" + err);
        assertTrue(out.toString().contains("a.ipynb: cell 2 has 1 output(s)"), out.toString());
        assertTrue(err.toString().contains("1 notebook has outputs: run ./workshop notebooks clean"), err.toString());
        assertEquals(EXECUTED, Files.readString(nb), "--check changes nothing");

        code = Main.execute(new PrintWriter(out), new PrintWriter(err), "notebooks", "clean", "--notebooks", dir.toString());
        assertEquals(0, code, err.toString());
        assertEquals(List.of(), NotebookFiles.problems(NotebookFiles.read(nb)));
        code = Main.execute(new PrintWriter(out), new PrintWriter(err), "notebooks", "clean", "--check", "--notebooks", dir.toString());
        assertEquals(0, code, err.toString());
    }
}
