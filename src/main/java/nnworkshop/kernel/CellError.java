package nnworkshop.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jdk.jshell.EvalException;
import jdk.jshell.JShellException;

/**
 * An error as the notebook shows it: Jupyter's {@code ename}, {@code evalue} and {@code traceback}.
 * The traceback is plain text, one entry per line, and its first line is the error itself
 * ({@code java.lang.IllegalStateException: boom}); frames of the notebook's own code name the cell
 * line they ran, e.g. {@code at line 2 of this cell: throw new IllegalStateException("boom");}.
 */
record CellError(String name, String message, List<String> traceback) {
    /** Frames shown per exception before "... n more". */
    static final int MAX_FRAMES = 12;

    CellError {
        traceback = List.copyOf(traceback);
    }

    /** Compilation failed: {@code message} is javac's (several lines), {@code where} names the line. */
    static CellError compile(String message, String where, String sourceLine, int column) {
        List<String> tb = new ArrayList<>();
        String[] lines = message.split("\n");
        tb.add("error: " + lines[0] + " (" + where + ")");
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank() && !lines[i].strip().equals("location: class")) tb.add(lines[i]);
        }
        if (sourceLine != null) {
            tb.add("    " + sourceLine);
            if (column >= 0) tb.add("    " + " ".repeat(column) + "^");
        }
        return new CellError("CompilationError", lines[0] + " (" + where + ")", tb);
    }

    /**
     * An exception thrown by the cell. {@code cellFrame} describes a frame of notebook code (its
     * file name is JShell's {@code #id}) as "line n of this cell: …", or returns null for other frames.
     */
    static CellError thrown(JShellException e, Function<StackTraceElement, String> cellFrame) {
        List<String> tb = new ArrayList<>();
        String name = className(e);
        String message = e.getMessage() == null ? "" : e.getMessage();
        tb.add(message.isEmpty() ? name : name + ": " + message);
        frames(e, cellFrame, tb);
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            String m = cause.getMessage();
            tb.add("Caused by: " + className(cause) + (m == null || m.isEmpty() ? "" : ": " + m));
            frames(cause, cellFrame, tb);
        }
        return new CellError(name, message, tb);
    }

    /** The cell was interrupted (Jupyter's interrupt, or {@code SIGINT}). */
    static CellError interrupted(String where) {
        String m = "the cell was interrupted" + (where == null ? "" : " (" + where + ")");
        return new CellError("InterruptedException", m, List.of("java.lang.InterruptedException: " + m));
    }

    /** Something the kernel itself could not do (the evaluator did not start, JShell failed). */
    static CellError internal(String what, Throwable e) {
        String m = what + ": " + e;
        return new CellError(e.getClass().getName(), m, List.of(m));
    }

    private static String className(Throwable t) {
        return t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
    }

    private static void frames(Throwable t, Function<StackTraceElement, String> cellFrame, List<String> tb) {
        StackTraceElement[] st = t.getStackTrace();
        int shown = 0;
        for (int i = 0; i < st.length; i++) {
            if (shown == MAX_FRAMES) {
                tb.add("    ... " + (st.length - i) + " more");
                return;
            }
            String cell = cellFrame.apply(st[i]);
            tb.add("    at " + (cell != null ? cell : st[i].toString()));
            shown++;
        }
    }
}
