package nnworkshop.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import jdk.jshell.spi.SPIResolutionException;

/**
 * Runs JShell's snippets inside the kernel's own JVM, so that a cell's value reaches the kernel as
 * the object itself (a {@code BufferedImage} becomes a PNG) and the project's classes are the
 * kernel's classes.
 *
 * <p>Each snippet runs on a thread of its own while JShell's thread waits for it. {@link #stop()}
 * (Jupyter's interrupt) interrupts that thread, which ends {@code Thread.sleep}, {@code wait} and
 * blocking I/O at once; a thread that ignores the interrupt (a busy loop) is stopped outright after
 * {@value #STOP_GRACE_MILLIS} ms where the JVM still allows it (Java 17–19; from Java 20 on,
 * {@code Thread.stop} is refused and only the interrupt remains).
 *
 * <p>The value of a snippet is kept under a key, which JShell receives as the value's "text";
 * {@link #value(String)} turns the key back into the object. The values of one cell are dropped
 * when the next one begins ({@link #beginCell()}).
 */
final class CellExecutionControl extends DirectExecutionControl {
    /** How long an interrupted snippet may take to notice before its thread is stopped. */
    static final long STOP_GRACE_MILLIS = 2000;
    private static final String KEY_PREFIX = "\u0000value:";
    private static final Object NULL = new Object();

    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();
    private volatile Thread running;
    private volatile boolean stopRequested;

    /** Forgets the values of the previous cell and any interrupt aimed at it. */
    void beginCell() {
        values.clear();
        stopRequested = false;
    }

    /** Whether {@link #stop()} was called since {@link #beginCell()}. */
    boolean stopRequested() {
        return stopRequested;
    }

    /** Asks the running cell to stop; the remaining snippets of the cell are skipped. */
    void requestStop() {
        stopRequested = true;
        Thread t = running;
        if (t == null) return;
        t.interrupt();
        Thread enforcer = new Thread(() -> {
            try {
                t.join(STOP_GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (t.isAlive() && running == t) forceStop(t);
        }, "cell-stop");
        enforcer.setDaemon(true);
        enforcer.start();
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void forceStop(Thread t) {
        try {
            t.stop();
        } catch (UnsupportedOperationException e) {
            // Java 20+: the interrupt is all there is
        }
    }

    /**
     * The object a snippet's value text stands for; {@code null} for a null value, a text that is
     * not a key (JShell's own), or a value of an earlier cell.
     */
    Object value(String text) {
        Object v = text == null ? null : values.get(text);
        return v == NULL ? null : v;
    }

    /** Whether {@code text} is a value key of this control (else it is not a value at all). */
    boolean isValueKey(String text) {
        return text != null && text.startsWith(KEY_PREFIX) && values.containsKey(text);
    }

    /** JShell's text of a value: strings quoted, arrays listed ({@code int[3] { 1, 2, 3 }}). */
    static String text(Object value) {
        return valueString(value);
    }

    @Override
    public void stop() {
        requestStop();
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Object[] result = new Object[1];
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                result[0] = doit.invoke(null);
            } catch (InvocationTargetException e) {
                thrown[0] = e.getCause();
            } catch (Throwable e) { // ThreadDeath from a forced stop lands here or above
                thrown[0] = e;
            }
        }, "cell");
        running = t;
        try {
            t.start();
            t.join();
        } finally {
            running = null;
        }
        if (stopRequested) throw new ExecutionControl.StoppedException();
        if (thrown[0] != null) {
            if (thrown[0] instanceof SPIResolutionException) throw (SPIResolutionException) thrown[0];
            throw new InvocationTargetException(thrown[0]);
        }
        String key = KEY_PREFIX + keys.incrementAndGet();
        values.put(key, result[0] == null ? NULL : result[0]);
        return key;
    }

    /** Gives JShell an instance; the kernel keeps a reference to it to read values and to stop cells. */
    static final class Provider implements ExecutionControlProvider {
        private final CellExecutionControl control = new CellExecutionControl();

        CellExecutionControl control() {
            return control;
        }

        @Override
        public String name() {
            return "nn-workshop-cells";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
