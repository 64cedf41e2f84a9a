package nnworkshop.exercise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What every exercise check shares: a {@link Verdict} printed as one line, the learner's exceptions
 * turned into words ("not implemented yet", or which exception, in which of their functions), and
 * the comparison of an array with the engine's that names what is wrong without quoting the
 * expected numbers.
 */
public final class Checks {
    private static volatile boolean strict;

    private Checks() {}

    /**
     * Strict mode: a check that does not pass throws after printing its verdict. The instructor
     * edition turns it on in a solution cell, so that a solution that stops passing fails the run;
     * the student edition never does (a learner's wrong answer is not a bug).
     */
    public static void strict(boolean on) {
        strict = on;
    }

    /** Whether {@link #strict} is on. */
    public static boolean isStrict() {
        return strict;
    }

    /** How a check ended. */
    public enum Status { PASSED, FAILED, NOT_IMPLEMENTED }

    /** One check's outcome: which exercise, how it ended, and the sentence that says why. */
    public record Verdict(String exercise, Status status, String message) {
        public boolean passed() {
            return status == Status.PASSED;
        }

        /** The line a notebook shows: "✓ …", "✗ …" or "… not implemented yet". */
        public String line() {
            return switch (status) {
                case PASSED -> "✓ " + exercise + ": " + message;
                case FAILED -> "✗ " + exercise + ": " + message;
                case NOT_IMPLEMENTED -> "… " + exercise + ": not implemented yet" + (message.isEmpty() ? "" : " (" + message + ")");
            };
        }

        @Override
        public String toString() {
            return line();
        }
    }

    public static Verdict pass(String exercise, String message) {
        return new Verdict(exercise, Status.PASSED, message);
    }

    public static Verdict fail(String exercise, String message) {
        return new Verdict(exercise, Status.FAILED, message);
    }

    public static Verdict notImplemented(String exercise, String message) {
        return new Verdict(exercise, Status.NOT_IMPLEMENTED, message);
    }

    /**
     * Runs a check: the learner's exceptions become a verdict (never a stack trace), the verdict is
     * printed, and returned. {@code hint} is added when the learner's code threw an index error.
     */
    public static Verdict run(String exercise, String hint, Supplier<Verdict> check) {
        Verdict v;
        try {
            v = check.get();
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            v = fromThrowable(exercise, hint, e);
        }
        return v;
    }

    /** Prints the verdict; in strict mode, throws when it did not pass. Returns whether it passed. */
    public static boolean show(Verdict v) {
        System.out.println(v.line());
        System.out.flush();
        if (strict && !v.passed()) throw new AssertionError("a solution does not pass its check: " + v.line());
        return v.passed();
    }

    static Verdict fromThrowable(String exercise, String hint, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NotImplementedYet) {
                String where = learnerFrame(t);
                return notImplemented(exercise, where.isEmpty() ? "" : "in " + where);
            }
        }
        String where = learnerFrame(e);
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        boolean index = e instanceof IndexOutOfBoundsException;
        return fail(exercise, "your code threw " + what + (where.isEmpty() ? "" : " in " + where)
                + (index && hint != null && !hint.isEmpty() ? ": " + hint : ""));
    }

    /** The first stack frame in the learner's own code (JShell's classes), as "name, line n". */
    static String learnerFrame(Throwable t) {
        for (StackTraceElement s : t.getStackTrace()) {
            String c = s.getClassName();
            if (c.startsWith("REPL.") || c.startsWith("$JShell")) {
                String m = s.getMethodName();
                if (m.startsWith("lambda$")) continue;
                return m + (s.getLineNumber() > 0 ? ", line " + s.getLineNumber() : "");
            }
        }
        return "";
    }

    // ---- comparing an answer with the engine's, in words

    /** A wrong answer that is easy to make, recognised by its values: if the learner's matches it, say {@code message}. */
    public record Mistake(double[][] values, String message) {}

    public static Mistake mistake(double[][] values, String message) {
        return new Mistake(values, message);
    }

    public static Mistake mistake(double[] values, String message) {
        return new Mistake(new double[][] {values}, message);
    }

    /**
     * Null when {@code got} equals {@code want} (float32 precision, relative to the largest entry);
     * otherwise a sentence: a shape (transposed or not), NaN or ∞, off by the batch size, the sign,
     * one of the {@code mistakes}, or where it differs. Never the expected values.
     *
     * @param shape the expected shape in the shape legend, e.g. "(N, H)"
     * @param batch N, to recognise a missing or doubled 1/N (0: not applicable)
     */
    public static String compare(String name, double[][] got, double[][] want, String shape, int batch, Mistake... mistakes) {
        if (got == null) return name + " is null: return the array you computed";
        int r = want.length, c = want[0].length;
        if (got.length != r || !rectangular(got, c)) {
            int gr = got.length, gc = got.length == 0 || got[0] == null ? 0 : got[0].length;
            if (gr == c && rectangular(got, r) && r != c) {
                return name + " has shape " + dims(gr, gc) + ", the transpose of " + shape + " = " + dims(r, c)
                        + ": W where Wᵀ belongs (or the two indices swapped)";
            }
            return name + " has shape " + (rectangular(got, gc) ? dims(gr, gc) : "(" + gr + ", ragged rows)")
                    + "; it should be " + shape + " = " + dims(r, c);
        }
        return compareValues(name, got, want, batch, mistakes);
    }

    /** {@link #compare} for a vector (a bias or its gradient), shape "(H)". */
    public static String compare(String name, double[] got, double[] want, String shape, int batch, Mistake... mistakes) {
        if (got == null) return name + " is null: return the array you computed";
        if (got.length != want.length) {
            return name + " has " + got.length + " entries; it should be " + shape + " = (" + want.length + ")";
        }
        return compareValues(name, new double[][] {got}, new double[][] {want}, batch, mistakes);
    }

    private static String compareValues(String name, double[][] got, double[][] want, int batch, Mistake... mistakes) {
        for (int i = 0; i < got.length; i++)
            for (int j = 0; j < got[i].length; j++)
                if (!Double.isFinite(got[i][j])) {
                    return name + " contains " + (Double.isNaN(got[i][j]) ? "NaN" : "an infinity") + " at " + at(got, i, j)
                            + " (an overflow? an exp of a large number, or a division by zero)";
                }
        double scale = maxAbs(want);
        if (close(got, want, 1, scale)) return null;
        for (Mistake m : mistakes) {
            if (m.values() != null && m.values().length == got.length && rectangular(m.values(), got[0].length)
                    && close(got, m.values(), 1, maxAbs(m.values()))) {
                return name + ": " + m.message();
            }
        }
        if (batch > 1 && close(got, want, batch, scale * batch)) {
            return name + " is N = " + batch + " times too large: the 1/N of the mean over the batch is missing";
        }
        if (batch > 1 && close(got, want, 1.0 / batch, scale / batch)) {
            return name + " is N = " + batch + " times too small: the 1/N is applied twice";
        }
        if (scale > 0 && close(got, want, -1, scale)) return name + " has the wrong sign everywhere";
        int wrong = 0, fi = -1, fj = -1;
        for (int i = 0; i < got.length; i++)
            for (int j = 0; j < got[i].length; j++)
                if (!close(got[i][j], want[i][j], 1, scale)) {
                    if (wrong++ == 0) {
                        fi = i;
                        fj = j;
                    }
                }
        int total = got.length * got[0].length;
        return String.format(Locale.ROOT, "%s differs from the engine's at %d of %d entries (the first at %s; yours is %.6g there)",
                name, wrong, total, at(got, fi, fj), got[fi][fj]);
    }

    /** "[i][j]", or "[j]" for a vector. */
    private static String at(double[][] a, int i, int j) {
        return a.length == 1 ? "[" + j + "]" : "[" + i + "][" + j + "]";
    }

    static boolean close(double got, double want, double factor, double scale) {
        return Math.abs(got - factor * want) <= 2e-5 * scale + 1e-7;
    }

    static boolean close(double[][] got, double[][] want, double factor, double scale) {
        for (int i = 0; i < got.length; i++)
            for (int j = 0; j < got[i].length; j++)
                if (!close(got[i][j], want[i][j], factor, Math.abs(scale))) return false;
        return true;
    }

    static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] row : a) for (double v : row) m = Math.max(m, Math.abs(v));
        return m;
    }

    static boolean rectangular(double[][] a, int cols) {
        for (double[] row : a) if (row == null || row.length != cols) return false;
        return true;
    }

    static String dims(int r, int c) {
        return "(" + r + ", " + c + ")";
    }

    /** Combines several comparisons: the first failure, or null. */
    static String first(String... results) {
        for (String s : results) if (s != null) return s;
        return null;
    }

    static List<String> nonNull(String... results) {
        List<String> out = new ArrayList<>();
        for (String s : results) if (s != null) out.add(s);
        return out;
    }

    static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
