package nnworkshop.kernel;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * The cells' Java: one JShell session over the project's classpath, its snippets run in this JVM
 * ({@link CellExecutionControl}). A cell is cut into JShell snippets (statements, declarations,
 * expressions) and they run in order until one fails; the cell's value is that of its last snippet
 * when it is an expression ({@code DigitImages.grid(...).image()}, {@code 1 + 1}), never of a
 * declaration or a statement.
 *
 * <p>Errors name the cell's line: every snippet remembers the cell and the line it started on, so
 * that a compiler message or a frame of a stack trace ({@code #id:line} in JShell's terms) can be
 * given as "line 3 of this cell" or, for a method declared earlier, "line 2 of cell [4]".
 *
 * <p>{@link #eval} runs on the kernel's shell thread, one cell at a time; {@link #stop()} comes from
 * another thread (the control channel, or a signal).
 */
final class CellEvaluator implements AutoCloseable {
    /** What a cell gave: the value of its last expression (if it ends with one) or the error that stopped it. */
    record Outcome(boolean hasValue, Object value, CellError error) {
        static Outcome nothing() { return new Outcome(false, null, null); }
        static Outcome value(Object v) { return new Outcome(true, v, null); }
        static Outcome failed(CellError e) { return new Outcome(false, null, e); }
    }

    /** Where a snippet came from: the execution count of its cell, its first line there, its source. */
    private record Place(int cell, int firstLine, String source) {}

    private final JShell shell;
    private final CellExecutionControl control;
    private final Map<String, Place> places = new HashMap<>();
    private volatile boolean busy;
    private int currentCell;

    /**
     * A session whose compiler and class loader see {@code classpath} (the entries of the kernel's
     * own {@code java.class.path}).
     */
    CellEvaluator(List<String> classpath) {
        CellExecutionControl.Provider provider = new CellExecutionControl.Provider();
        this.shell = JShell.builder().executionEngine(provider, Map.of()).build();
        this.control = provider.control();
        for (String entry : classpath) shell.addToClasspath(entry);
    }

    /** Compiles and runs a first snippet, so that the first cell does not pay for the compiler's warm-up. */
    void warmUp() {
        shell.eval("int $warmUp = 1 + 1;");
    }

    /** Runs one cell, its snippets in order, and returns its value or its first error. */
    Outcome eval(String code, int executionCount) {
        currentCell = executionCount;
        control.beginCell();
        busy = true;
        try {
            return run(code);
        } finally {
            busy = false;
        }
    }

    private Outcome run(String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = code;
        int offset = 0; // where rest starts in code
        Outcome last = Outcome.nothing();
        while (!rest.isBlank()) {
            if (control.stopRequested()) return Outcome.failed(CellError.interrupted(null));
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == Completeness.EMPTY) break; // only comments remain
            // incomplete code (an open brace) is compiled as it is, for the compiler's message
            boolean complete = info.completeness().isComplete() && info.source() != null;
            int consumed = complete ? rest.length() - info.remaining().length() : rest.length();
            String piece = complete ? info.source() : rest;
            int lead = piece.length() - piece.stripLeading().length();
            String source = piece.stripLeading();
            int firstLine = lineOf(code, offset + lead);
            rest = complete ? info.remaining() : "";
            offset += consumed;

            List<SnippetEvent> events = shell.eval(source);
            SnippetEvent event = events.stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(null);
            if (event == null) continue;
            Snippet snippet = event.snippet();
            places.put(snippet.id(), new Place(currentCell, firstLine, source));
            if (control.stopRequested()) return Outcome.failed(CellError.interrupted("in the code from " + where(currentCell, firstLine)));
            if (event.status() == Snippet.Status.REJECTED) return Outcome.failed(compileError(snippet, source, firstLine));
            JShellException thrown = event.exception();
            if (thrown != null) return Outcome.failed(CellError.thrown(thrown, this::describeCellFrame));
            boolean expression = snippet.kind() == Snippet.Kind.EXPRESSION
                    || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
            last = expression && control.isValueKey(event.value()) ? Outcome.value(control.value(event.value()))
                    : Outcome.nothing();
        }
        return last;
    }

    /** Interrupts the running cell, if there is one; a cell that starts later is not affected. */
    void stop() {
        if (busy) control.requestStop();
    }

    /** The text JShell gives a value ({@code "abc"} quoted, arrays listed). */
    static String text(Object value) {
        return CellExecutionControl.text(value);
    }

    /** {@link SourceCodeAnalysis#analyzeCompletion}'s verdict, for Jupyter's is_complete_request. */
    Completeness completeness(String code) {
        String rest = code;
        Completeness c = Completeness.EMPTY;
        while (!rest.isBlank()) {
            CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(rest);
            c = info.completeness();
            if (!c.isComplete()) return c;
            rest = info.remaining();
        }
        return c;
    }

    /** Completions at {@code cursor}: the replacement texts and the start of the text they replace. */
    Completions complete(String code, int cursor) {
        int[] anchor = new int[1];
        List<String> names = shell.sourceCodeAnalysis().completionSuggestions(code, cursor, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
        return new Completions(names, anchor[0]);
    }

    /** Completion candidates and where they start. */
    record Completions(List<String> replacements, int start) {}

    /** The signatures and Javadoc of what is at {@code cursor}, or "" if nothing is known. */
    String documentation(String code, int cursor) {
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : shell.sourceCodeAnalysis().documentation(code, cursor, true)) {
            if (sb.length() > 0) sb.append("\n\n");
            sb.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) sb.append("\n").append(d.javadoc());
        }
        return sb.toString();
    }

    @Override
    public void close() {
        shell.close();
    }

    private CellError compileError(Snippet snippet, String source, int firstLine) {
        Diag diag = shell.diagnostics(snippet).filter(Diag::isError).findFirst().orElse(null);
        if (diag == null) {
            String text = source.lines().findFirst().orElse("");
            return CellError.compile("cannot compile this code", where(currentCell, firstLine), text, -1);
        }
        long pos = diag.getPosition() >= 0 ? diag.getPosition() : diag.getStartPosition();
        int lineInSnippet = 1, column = -1;
        String lineText = source.lines().findFirst().orElse("");
        if (pos >= 0 && pos <= source.length()) {
            int p = (int) pos;
            lineInSnippet = lineOf(source, p);
            int lineStart = source.lastIndexOf('\n', p - 1) + 1;
            int lineEnd = source.indexOf('\n', p);
            lineText = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
            column = p - lineStart;
        }
        return CellError.compile(diag.getMessage(Locale.ROOT), where(currentCell, firstLine + lineInSnippet - 1),
                lineText, column);
    }

    /** "line 3 of this cell: the code", for a frame of notebook code; null for any other frame. */
    private String describeCellFrame(StackTraceElement frame) {
        String file = frame.getFileName();
        if (file == null || !file.startsWith("#")) return null;
        Place place = places.get(file.substring(1));
        if (place == null) return null;
        int inSnippet = Math.max(1, frame.getLineNumber());
        String code = place.source().lines().skip(inSnippet - 1).findFirst().orElse("").strip();
        String method = frame.getMethodName();
        String inMethod = method == null || method.isEmpty() || method.equals("do_it$") ? "" : method + ", ";
        return inMethod + where(place.cell(), place.firstLine() + inSnippet - 1) + (code.isEmpty() ? "" : ": " + code);
    }

    private String where(int cell, int line) {
        return "line " + line + (cell == currentCell ? " of this cell" : " of cell [" + cell + "]");
    }

    /** The 1-based line of {@code text} holding character {@code pos}. */
    static int lineOf(String text, int pos) {
        int line = 1;
        for (int i = 0; i < pos && i < text.length(); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }
}
