package nnworkshop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cells' evaluator in this JVM, without Jupyter (a few seconds: one JShell session for all):
 * values, errors naming the cell's line, interrupts. The same session serves every test, as a
 * notebook's kernel serves every cell.
 */
class CellEvaluatorTest {
    static CellEvaluator cells;
    static int count;

    @BeforeAll
    static void start() {
        cells = new CellEvaluator(WorkshopKernel.ownClasspath());
    }

    @AfterAll
    static void stop() {
        cells.close();
    }

    static CellEvaluator.Outcome eval(String code) {
        return cells.eval(code, ++count);
    }

    @Test
    void theLastExpressionIsTheValueDeclarationsAndStatementsAreNot() {
        CellEvaluator.Outcome o = eval("int a = 20;\n// a comment\na + 22");
        assertNull(o.error());
        assertTrue(o.hasValue());
        assertEquals(42, o.value());
        assertFalse(eval("int b = 1;").hasValue(), "a declaration shows nothing");
        assertFalse(eval("System.out.print(\"\");").hasValue(), "a statement shows nothing");
        assertFalse(eval("// only a comment").hasValue());
        assertEquals("\"abc\"", CellEvaluator.text(eval("\"abc\"").value()), "JShell's text of a string");
        assertEquals("int[3] { 1, 2, 3 }", CellEvaluator.text(eval("new int[] {1, 2, 3}").value()));
    }

    @Test
    void aBufferedImageComesBackAsTheObjectItself() {
        Object v = eval("import java.awt.image.BufferedImage;\nnew BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB)").value();
        assertTrue(v instanceof BufferedImage img && img.getWidth() == 30 && img.getHeight() == 20, String.valueOf(v));
    }

    @Test
    void theProjectsClassesAreTheKernelsOwn() {
        Object v = eval("nnworkshop.notebook.Nb.pick(10, 2)").value();
        assertTrue(v.equals(10) || v.equals(2));
        assertEquals(nnworkshop.notebook.Nb.class, eval("nnworkshop.notebook.Nb.class").value(),
                "one class, not a copy loaded a second time");
    }

    @Test
    void anExceptionNamesTheCellLineAndStopsTheCell() {
        CellEvaluator.Outcome o = eval("int answer = 42;\n\nif (answer == 42)\n    throw new IllegalStateException(\"boom\");\nint never = 1;");
        CellError e = o.error();
        assertEquals("java.lang.IllegalStateException", e.name());
        assertEquals("boom", e.message());
        assertEquals(List.of("java.lang.IllegalStateException: boom",
                "    at line 4 of this cell: throw new IllegalStateException(\"boom\");"), e.traceback());
        assertTrue(eval("answer").value().equals(42), "the snippets before the failure ran");
        assertTrue(eval("never").error() != null, "the ones after it did not");
    }

    @Test
    void anExceptionInAMethodOfAnEarlierCellNamesBothCells() {
        int defined = count + 1;
        eval("int half(int n) {\n    if (n % 2 != 0)\n        throw new IllegalArgumentException(\"odd: \" + n);\n    return n / 2;\n}");
        CellError e = eval("int h = half(4);\nhalf(3)").error();
        assertEquals(List.of("java.lang.IllegalArgumentException: odd: 3",
                "    at half, line 3 of cell [" + defined + "]: throw new IllegalArgumentException(\"odd: \" + n);",
                "    at line 2 of this cell: half(3)"), e.traceback());
    }

    @Test
    void libraryFramesComeFirstThenTheCellsLine() {
        CellError e = eval("java.util.List<Integer> xs = java.util.List.of(1);\n\nxs.get(5)").error();
        assertEquals("java.lang.IndexOutOfBoundsException", e.name());
        List<String> tb = e.traceback();
        assertTrue(tb.get(1).startsWith("    at java.base/"), tb.toString());
        assertTrue(tb.stream().noneMatch(l -> l.contains("jdk.jshell") || l.contains("reflect")), "no JShell insides: " + tb);
        assertEquals("    at line 3 of this cell: xs.get(5)", tb.get(tb.size() - 1), tb.toString());
    }

    @Test
    void aCompileErrorNamesTheLineAndColumn() {
        CellError e = eval("int ok = 1;\nint x = foo;").error();
        assertEquals("CompilationError", e.name());
        assertEquals("cannot find symbol (line 2 of this cell)", e.message());
        assertEquals(List.of("error: cannot find symbol (line 2 of this cell)", "  symbol:   variable foo",
                "    int x = foo;", "            ^"), e.traceback());
        assertTrue(eval("for (int i = 0; i < 3; i++) {").error().message().contains("line 1 of this cell"),
                "incomplete code is an error too");
    }

    @Test
    void anInterruptEndsASleepingLoopAndOnlyThatCell() throws Exception {
        CompletableFuture<CellEvaluator.Outcome> running = CompletableFuture.supplyAsync(
                () -> eval("int done = 0;\nfor (int i = 0; i < 100; i++) { Thread.sleep(100); done++; }\nint after = 1;"));
        TimeUnit.MILLISECONDS.sleep(700);
        cells.stop();
        CellEvaluator.Outcome o = running.get(5, TimeUnit.SECONDS);
        assertEquals("InterruptedException", o.error().name());
        assertEquals("the cell was interrupted (in the code from line 2 of this cell)", o.error().message());
        int done = (Integer) eval("done").value();
        assertTrue(done > 0 && done < 100, "stopped midway: " + done);
        assertTrue(eval("after").error() != null, "the rest of the interrupted cell did not run");
        assertEquals(3, eval("1 + 2").value(), "the next cell runs");
        cells.stop(); // no cell running: nothing to stop, and the next cell is not affected
        assertEquals(4, eval("2 + 2").value());
    }
}
