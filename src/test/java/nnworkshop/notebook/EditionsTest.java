package nnworkshop.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.WorkshopException;
import nnworkshop.cli.Main;
import nnworkshop.notebook.Editions.Edition;

/** The two editions from one source: stubs, dropped solution cells, no solution line left, a careful --out. */
class EditionsTest {
    @Test
    void aSolutionRegionBecomesOneStubAtItsIndentation() {
        String src = "double f(double x) {\n    // BEGIN SOLUTION\n    double y = x * x;\n    return y;\n    // END SOLUTION\n}";
        assertEquals("double f(double x) {\n    " + Editions.STUB + "\n}", Editions.student(src, "nb"));
        assertEquals("no markers here\n", Editions.student("no markers here\n", "nb"));
    }

    @Test
    void badMarkersAreOneLineErrors() {
        assertTrue(assertThrowsWorkshop(() -> Editions.student("// BEGIN SOLUTION\nx", "02.ipynb")).contains("without // END SOLUTION"));
        assertTrue(assertThrowsWorkshop(() -> Editions.student("x\n// END SOLUTION", "02.ipynb")).contains("without // BEGIN"));
        assertTrue(assertThrowsWorkshop(() -> Editions.student("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", "n"))
                .contains("inside another"));
    }

    @Test
    void theStudentEditionDropsSolutionCellsAndTheInstructorEditionKeepsEverything() {
        JsonObject nb = notebook();
        JsonObject student = Editions.convert(nb, Edition.STUDENT, "t");
        JsonObject instructor = Editions.convert(nb, Edition.INSTRUCTOR, "t");
        assertEquals(3, nb.getAsJsonArray("cells").size());
        assertEquals(2, student.getAsJsonArray("cells").size());
        assertEquals(3, instructor.getAsJsonArray("cells").size());
        String s = NotebookFiles.format(student);
        assertFalse(s.contains("secret"), s);
        assertTrue(s.contains("NotImplementedYet"), s);
        assertEquals(NotebookFiles.format(nb), NotebookFiles.format(instructor));
    }

    @Test
    void noSolutionLineOfTheCommittedNotebooksSurvivesInTheStudentEdition() {
        for (Path p : NotebookFiles.list(CommittedNotebooksTest.DIR)) {
            JsonObject nb = NotebookFiles.read(p);
            Set<String> solution = new HashSet<>(), elsewhere = new HashSet<>();
            for (var e : nb.getAsJsonArray("cells")) {
                JsonObject c = e.getAsJsonObject();
                boolean cell = Editions.hasTag(c, Editions.SOLUTION_TAG);
                boolean inside = false;
                for (String l : NotebookFiles.source(c.get("source")).split("\n")) {
                    String t = l.strip();
                    if (t.equals(Editions.BEGIN)) inside = true;
                    else if (t.equals(Editions.END)) inside = false;
                    else if (t.length() > 12) {
                        if (cell || inside) solution.add(t);
                        else elsewhere.add(t.replaceFirst("^//\\s*", "")); // a hint in a comment gives the line away on purpose
                    }
                }
            }
            solution.removeAll(elsewhere); // a line also written outside the solutions gives nothing away
            String student = NotebookFiles.format(Editions.convert(nb, Edition.STUDENT, p.getFileName().toString()));
            for (String line : solution) {
                assertFalse(student.contains(jsonEscaped(line)), p.getFileName() + ": '" + line + "' survives in the student edition");
            }
            assertFalse(student.contains("BEGIN SOLUTION"), p.toString());
            assertFalse(student.contains("Checks.strict(true)"), p + ": the student edition must not be strict");
        }
    }

    @Test
    void exportWritesEveryNotebookAndRefusesAFileOrAFullFolder(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        NotebookFiles.write(notebook(), src.resolve("01_a.ipynb"));
        NotebookFiles.write(notebook(), src.resolve("02_b.ipynb"));

        Path out = dir.resolve("student");
        List<Path> written = Editions.export(src, Edition.STUDENT, out);
        assertEquals(2, written.size());
        assertTrue(Files.readString(out.resolve("01_a.ipynb")).contains("NotImplementedYet"));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(Set.of("src", "student"), new HashSet<>(s.map(p -> p.getFileName().toString()).toList()), "no temporary left");
        }

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Editions.export(src, Edition.INSTRUCTOR, empty);
        assertTrue(Files.isRegularFile(empty.resolve("02_b.ipynb")));

        String full = assertThrowsWorkshop(() -> Editions.export(src, Edition.STUDENT, out));
        assertTrue(full.contains("exists and is not empty"), full);
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertTrue(assertThrowsWorkshop(() -> Editions.export(src, Edition.STUDENT, file)).contains("is a file"));
        assertEquals("x", Files.readString(file));
    }

    @Test
    void theCommandExitsTwoWithOneLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), "notebooks", "export", "--edition", "student",
                "--out", file.toString(), "--notebooks", CommittedNotebooksTest.DIR.toString());
        assertEquals(2, code);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("is a file"), err.toString());

        code = Main.execute(new PrintWriter(out), new PrintWriter(err = new StringWriter()), "notebooks", "export", "--edition", "teacher",
                "--out", dir.resolve("x").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("student or instructor"), err.toString());

        code = Main.execute(new PrintWriter(out = new StringWriter()), new PrintWriter(err), "notebooks", "export", "--edition", "student",
                "--out", dir.resolve("s").toString(), "--notebooks", CommittedNotebooksTest.DIR.toString());
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("student edition: " + NotebookFiles.list(CommittedNotebooksTest.DIR).size() + " notebooks"), out.toString());
    }

    static String jsonEscaped(String line) {
        String q = new com.google.gson.Gson().toJson(line);
        return q.substring(1, q.length() - 1);
    }

    static String assertThrowsWorkshop(org.junit.jupiter.api.function.Executable run) {
        WorkshopException e = org.junit.jupiter.api.Assertions.assertThrows(WorkshopException.class, run);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    /** A markdown cell, an exercise with a solution region, and a solution-only cell. */
    static JsonObject notebook() {
        JsonArray cells = new JsonArray();
        cells.add(cell("markdown", "# t", null));
        cells.add(cell("code", "int f() {\n    // BEGIN SOLUTION\n    return 42; // secret\n    // END SOLUTION\n}", null));
        cells.add(cell("code", "System.out.println(\"secret answer\");", Editions.SOLUTION_TAG));
        JsonObject nb = new JsonObject();
        nb.add("cells", cells);
        nb.add("metadata", new JsonObject());
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 5);
        return nb;
    }

    static JsonObject cell(String type, String source, String tag) {
        JsonObject c = new JsonObject();
        c.addProperty("cell_type", type);
        JsonObject meta = new JsonObject();
        if (tag != null) {
            JsonArray tags = new JsonArray();
            tags.add(tag);
            meta.add("tags", tags);
        }
        c.add("metadata", meta);
        c.add("source", Editions.lines(source));
        if (type.equals("code")) {
            c.add("outputs", new JsonArray());
            c.add("execution_count", com.google.gson.JsonNull.INSTANCE);
        }
        return c;
    }
}
