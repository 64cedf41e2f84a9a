package nnworkshop.util;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import nnworkshop.WorkshopException;

/**
 * The contract every fuzz test ({@code *FuzzTest}) checks: a parser given any input either returns
 * normally or throws the clear error of its kind ({@link WorkshopException} for files, the Lab's
 * {@code ApiError} for HTTP bodies) with a one-line message. Anything else fails the property,
 * with the input shown (hex for bytes, truncated):
 * <ul>
 *   <li>any other {@link Throwable} (an {@code ArrayIndexOutOfBoundsException}, an
 *       {@code OutOfMemoryError}, an {@code AssertionError} of a postcondition);</li>
 *   <li>no answer within {@link #TIMEOUT_SECONDS} seconds (a hang): the parser runs on a
 *       single-thread executor, which is replaced if it does not come back;</li>
 *   <li>more bytes allocated on that thread than the bound the test gives, measured with
 *       {@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()} (what the
 *       parser allocated, even if it was garbage-collected at once); an input over the bound is
 *       measured a second time before it counts, since the first calls also load (and under
 *       Jazzer instrument) the parser's classes on that thread.</li>
 * </ul>
 *
 * <p>The fuzz tests are Jazzer {@code @FuzzTest}s (coverage-guided, libFuzzer underneath): each
 * calls {@link #tried} once per input, and {@link #report} prints after the class how many
 * inputs each target was given and how long that took (in fuzzing mode: libFuzzer's run; in
 * regression mode: the committed inputs under {@code src/test/resources/.../<Class>Inputs/<method>}).
 */
public final class Fuzz {
    /** Seconds an input may take before it counts as a hang. */
    public static final int TIMEOUT_SECONDS = 20;
    public static final long MB = 1L << 20;
    /** The allocation every parser may make whatever its input: buffers, JSON readers, messages, class loading. */
    public static final long BASE_ALLOCATION = 64 * MB;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static ExecutorService runner = newRunner();
    private static final Map<String, long[]> TRIED = new ConcurrentHashMap<>(); // target -> {inputs, first ns, last ns}

    private Fuzz() {}

    /** A parser call: returns what it parsed, or throws. */
    @FunctionalInterface
    public interface Parser<R> {
        R parse() throws Exception;
    }

    /**
     * Checks the contract for a file parser: normal return, or a {@link WorkshopException} whose
     * message is one line with control characters escaped ({@link #problemWithMessage}).
     *
     * @param input    the input as shown on failure ({@link #hex} or {@link #text})
     * @param maxBytes the most the call may allocate
     * @return what the parser returned, empty if it threw the clear error
     */
    public static <R> Optional<R> check(String input, long maxBytes, Parser<R> parser) {
        return check(WorkshopException.class, e -> problemWithMessage(e.getMessage()), input, maxBytes, parser);
    }

    /**
     * Checks the contract with another clear error type.
     *
     * @param clear   the one exception type allowed
     * @param problem what is wrong with a thrown {@code clear} error, or null if it is fine
     * @return what the parser returned, empty if it threw the clear error
     */
    public static synchronized <T extends Throwable, R> Optional<R> check(Class<T> clear, Function<T, String> problem,
                                                                       String input, long maxBytes, Parser<R> parser) {
        Outcome<R> o = run(input, parser);
        if (o.allocated > maxBytes) {
            // Measured again before it counts: the first calls load (and, under Jazzer, instrument)
            // the parser's classes on the runner thread, which allocates too. The parser is given
            // the same input (the same file), so a real excess shows again.
            o = run(input, parser);
        }
        if (o.allocated > maxBytes) {
            throw new AssertionError(String.format(Locale.ROOT, "allocated %,d bytes, over the bound of %,d, on input %s",
                    o.allocated, maxBytes, input), o.thrown);
        }
        if (o.thrown == null) {
            return Optional.ofNullable(o.value);
        }
        if (!clear.isInstance(o.thrown)) {
            throw new AssertionError("threw " + o.thrown + " instead of a " + clear.getSimpleName()
                    + " on input " + input, o.thrown);
        }
        String why = problem.apply(clear.cast(o.thrown));
        if (why != null) {
            throw new AssertionError(clear.getSimpleName() + " with a bad message (" + why + "): "
                    + text(o.thrown.getMessage()) + " on input " + input, o.thrown);
        }
        return Optional.empty();
    }

    /** Runs the parser on the runner thread, measuring what it allocates; fails on a hang. */
    private static <R> Outcome<R> run(String input, Parser<R> parser) {
        Future<Outcome<R>> f = runner.submit(() -> {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            R value = null;
            Throwable thrown = null;
            try {
                value = parser.parse();
            } catch (Throwable t) {
                thrown = t;
            }
            return new Outcome<>(value, thrown, THREADS.getCurrentThreadAllocatedBytes() - before);
        });
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            runner.shutdownNow(); // its thread may never come back: the next input gets a new one
            runner = newRunner();
            throw new AssertionError("no answer within " + TIMEOUT_SECONDS + " s (a hang?) on input " + input);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("the fuzz runner failed", e.getCause());
        }
    }

    /**
     * What is wrong with a user-facing message, or null: it must be non-empty, one line (no CR or
     * LF), and hold no character that {@link PathText} escapes (control characters, line
     * separators, bidirectional overrides), so it can go to a terminal as it is.
     */
    public static String problemWithMessage(String m) {
        String lines = problemWithLine(m);
        if (lines != null) return lines;
        if (!PathText.oneLine(m).equals(m)) return "an unescaped control character";
        return null;
    }

    /** What is wrong with a one-line message, or null: non-empty, no CR, no LF. */
    public static String problemWithLine(String m) {
        if (m == null || m.isBlank()) return "empty";
        if (m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) return "more than one line";
        return null;
    }

    /** Bytes for a failure message: length and the first 96 in hex. */
    public static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder().append(b.length).append(" bytes [");
        for (int i = 0; i < Math.min(b.length, 96); i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.append(b.length > 96 ? "…]" : "]").toString();
    }

    /** Text for a failure message: length and the first 300 characters, escaped. */
    public static String text(String s) {
        if (s == null) return "null";
        String head = s.length() > 300 ? s.substring(0, 300) + "…" : s;
        return s.length() + " chars \"" + PathText.show(head) + "\"";
    }

    /** UTF-8 text for a failure message. */
    public static String text(byte[] utf8) {
        return text(new String(utf8, StandardCharsets.UTF_8));
    }

    private record Outcome<R>(R value, Throwable thrown, long allocated) {}

    private static ExecutorService newRunner() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-runner");
            t.setDaemon(true);
            return t;
        });
    }

    /** Counts one input given to the fuzz target {@code target} (e.g. {@code "IdxReaderFuzzTest.idxFiles"}). */
    public static void tried(String target) {
        long now = System.nanoTime();
        TRIED.compute(target, (k, v) -> {
            if (v == null) return new long[] {1, now, now};
            v[0]++;
            v[2] = now;
            return v;
        });
    }

    /**
     * Prints, for each target of {@code testClass} that was given inputs, how many and in how long,
     * and whether Jazzer was fuzzing ({@code JAZZER_FUZZ} set) or replaying the committed inputs.
     * Called from each fuzz test class's {@code @AfterAll}.
     */
    public static void report(Class<?> testClass) {
        boolean fuzzing = System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isBlank();
        StringBuilder args = new StringBuilder();
        for (int i = 1; System.getProperty("jazzer.internal.arg." + i) != null; i++) {
            args.append(' ').append(System.getProperty("jazzer.internal.arg." + i));
        }
        TRIED.forEach((target, v) -> {
            if (!target.startsWith(testClass.getSimpleName() + ".")) return;
            String line = String.format(Locale.ROOT, "fuzz %s: %,d inputs in %.1f s, %s%n", target, v[0],
                    (v[2] - v[1]) / 1e9, fuzzing ? "fuzzing (libFuzzer" + args + ")" : "the committed inputs replayed");
            System.out.print(line);
            if (fuzzing) { // also to the build's output, beside libFuzzer's (surefire captures System.out and System.err)
                try {
                    FileOutputStream err = new FileOutputStream(FileDescriptor.err);
                    err.write(line.getBytes(StandardCharsets.UTF_8));
                    err.flush();
                } catch (IOException e) {
                    // the line is in the test's output file anyway
                }
            }
        });
    }
}
