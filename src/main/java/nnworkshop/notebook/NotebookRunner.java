package nnworkshop.notebook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nnworkshop.WorkshopException;
import nnworkshop.util.FileTrees;

/**
 * Executes notebooks headlessly with Jupyter's {@code nbconvert}: each one runs top to bottom in a
 * fresh kernel into a temporary copy, which is then converted to HTML (images embedded).
 * <pre>
 *   JUPYTER_PATH=target/jupyter jupyter nbconvert --to notebook --execute --output-dir TMP NB.ipynb
 *   jupyter nbconvert --to html --output-dir OUT TMP/NB.ipynb
 * </pre>
 * A cell that throws stops its notebook; {@link NotebookFailure} then names the notebook, the cell
 * (its position and first line) and the error, read from nbconvert's report.
 *
 * <p>Secrets: the kernel logs its connection file, HMAC key included, on stderr. nbconvert's
 * output is therefore only held in memory, and only the part describing the failed cell is ever
 * shown; the connection files themselves live in a private runtime folder deleted afterwards.
 */
public final class NotebookRunner {
    /** A healthy kernel answers in about 2 s here (at most 4.5 s in 200 starts: {@link KernelCheck}). */
    static final int STARTUP_TIMEOUT_SECONDS = 20;

    private static final String CELL_RULE = "------------------";
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final Pattern PYTHON_ERROR = Pattern.compile("^(?:[A-Za-z_][\\w.]*\\.)?(\\w*(?:Error|Exception|Interrupt)): ?(.*)$");

    /**
     * How to run.
     *
     * @param jupyter     the {@code jupyter} launcher ({@link Jupyter#launcher()})
     * @param jupyterPath the folder holding {@code kernels/nn-workshop} ({@link KernelSetup.Layout#jupyterPath()})
     * @param kernelName  the kernel to run every notebook with
     * @param quick       set {@link Nb#QUICK_ENV}=1 for the kernel (small data, few epochs)
     * @param cellTimeout the longest a single cell may run
     */
    public record Options(Path jupyter, Path jupyterPath, String kernelName, boolean quick, Duration cellTimeout) {}

    /** A notebook that ran to the end. */
    public record Result(Path notebook, Path html, double seconds) {}

    /** A notebook that stopped at a cell; {@link #details()} are extra lines worth showing (the traceback). */
    public static final class NotebookFailure extends WorkshopException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> details;

        NotebookFailure(String message, List<String> details) {
            super(message);
            this.details = List.copyOf(details);
        }

        public List<String> details() { return details; }
    }

    private NotebookRunner() {}

    /**
     * Throws unless {@code jupyter} exists, with one line saying how to install it.
     */
    public static void requireJupyter(Path jupyter) {
        if (!Files.isExecutable(jupyter)) {
            throw new WorkshopException("Jupyter is needed to run the notebooks but " + jupyter + " was not found: " + Jupyter.INSTALL);
        }
    }

    /**
     * Executes one notebook into {@code workDir} and writes its HTML copy into {@code htmlDir}.
     *
     * @throws NotebookFailure if a cell fails (or the kernel dies, or a cell times out)
     * @throws WorkshopException if Jupyter is missing or cannot be started
     */
    public static Result run(Path notebook, Path workDir, Path htmlDir, Options o) {
        requireJupyter(o.jupyter());
        long t0 = System.nanoTime();
        String name = notebook.getFileName().toString();
        Path runtime = null;
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(htmlDir);
            runtime = Files.createTempDirectory(workDir, "runtime-");
            List<String> cmd = List.of(o.jupyter().toString(), "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.kernel_name=" + o.kernelName(),
                    "--ExecutePreprocessor.timeout=" + o.cellTimeout().toSeconds(),
                    "--ExecutePreprocessor.startup_timeout=" + STARTUP_TIMEOUT_SECONDS,
                    "--output-dir", workDir.toString(), notebook.toString());
            // One start, no retry: the kernel answers every start (./workshop notebooks check-kernel
            // measures it), so a kernel that does not answer is a failure worth seeing.
            Exec r = exec(cmd, env(o, runtime));
            Path executed = workDir.resolve(name);
            if (r.code != 0 || !Files.isRegularFile(executed)) {
                throw failure(notebook, r.stderr);
            }
            Exec h = exec(List.of(o.jupyter().toString(), "nbconvert", "--to", "html", "--output-dir", htmlDir.toString(),
                    executed.toString()), env(o, runtime));
            Path html = htmlDir.resolve(name.replaceFirst("\\.ipynb$", "") + ".html");
            if (h.code != 0 || !Files.isRegularFile(html)) {
                throw new WorkshopException(name + " ran, but its conversion to HTML failed: " + lastPythonError(h.stderr));
            }
            return new Result(notebook, html, (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            throw new WorkshopException("cannot run " + name + ": " + e.getMessage(), e);
        } finally {
            if (runtime != null) FileTrees.deleteTree(runtime);
        }
    }

    /**
     * Whether the kernel never started (no cell ran): nbconvert gave up waiting for it, or it died
     * before answering its first request (seen once in a clean-clone CI run, 3.8 s after start).
     */
    static boolean neverStarted(String stderr) {
        return (stderr.contains("Kernel didn't respond in") || stderr.contains("Kernel died before replying to kernel_info"))
                && !stderr.contains("An error occurred while executing");
    }

    private static Map<String, String> env(Options o, Path runtime) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("JUPYTER_PATH", o.jupyterPath().toAbsolutePath().toString());
        env.put("JUPYTER_RUNTIME_DIR", runtime.toAbsolutePath().toString());
        if (o.quick()) env.put(Nb.QUICK_ENV, "1");
        else env.remove(Nb.QUICK_ENV);
        return env;
    }

    private record Exec(int code, String stderr) {}

    private static Exec exec(List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new WorkshopException("cannot start " + cmd.get(0) + " (" + e.getMessage() + "): " + Jupyter.INSTALL, e);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> copy(p.getErrorStream(), err), "nbconvert-stderr");
        drain.setDaemon(true);
        drain.start();
        try {
            int code = p.waitFor();
            drain.join(TimeUnit.SECONDS.toMillis(10));
            return new Exec(code, err.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            Thread.currentThread().interrupt();
            throw new WorkshopException("interrupted while running " + String.join(" ", cmd.subList(0, 2)));
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds the failure of {@code notebook} from nbconvert's stderr: nbclient's
     * {@code CellExecutionError} quotes the failed cell's source between two rules of dashes and then
     * the kernel's traceback; the cell is found by its source.
     */
    static NotebookFailure failure(Path notebook, String stderr) {
        String name = notebook.getFileName().toString();
        String text = ANSI.matcher(stderr).replaceAll("");
        int marker = text.indexOf("An error occurred while executing the following cell:");
        if (marker >= 0) {
            int start = text.indexOf(CELL_RULE + "\n", marker);
            int end = start < 0 ? -1 : text.indexOf("\n" + CELL_RULE + "\n", start + CELL_RULE.length() + 1);
            if (start >= 0 && end >= 0) {
                String source = text.substring(start + CELL_RULE.length() + 1, end);
                List<String> trace = new ArrayList<>();
                for (String l : text.substring(end + CELL_RULE.length() + 2).split("\n")) {
                    if (!l.isBlank()) trace.add(l.stripTrailing());
                }
                String where = locate(notebook, source);
                String error = trace.isEmpty() ? "an error" : trace.get(0).strip();
                return new NotebookFailure(name + ": " + where + " failed: " + error, trace.isEmpty() ? trace : trace.subList(1, trace.size()));
            }
        }
        if (text.contains("CellTimeoutError")) {
            return new NotebookFailure(name + ": a cell ran longer than the time limit (" + lastPythonError(text) + ")", List.of());
        }
        if (text.contains("DeadKernelError")) {
            return new NotebookFailure(name + ": the Java kernel died (out of memory?) " + lastPythonError(text), List.of());
        }
        if (neverStarted(text)) {
            return new NotebookFailure(name + ": the Java kernel did not answer within " + STARTUP_TIMEOUT_SECONDS
                    + " s (is " + KernelSetup.KERNEL_NAME + "'s java working? try ./workshop notebooks setup, then "
                    + "./workshop notebooks check-kernel)", List.of());
        }
        if (text.contains("No such kernel named")) {
            return new NotebookFailure(name + ": Jupyter cannot find the kernel (run ./workshop notebooks setup): "
                    + lastPythonError(text), List.of());
        }
        return new NotebookFailure(name + ": nbconvert failed: " + lastPythonError(text), List.of());
    }

    /** "cell 7 of 20 (code cell 4: `first line`)", or a description without a position if the source is not found. */
    private static String locate(Path notebook, String source) {
        String wanted = source.strip();
        try {
            List<NotebookFiles.Cell> cells = NotebookFiles.cells(NotebookFiles.read(notebook));
            int code = 0;
            for (NotebookFiles.Cell c : cells) {
                if (!c.type().equals("code")) continue;
                code++;
                if (c.source().strip().equals(wanted)) {
                    return "cell " + (c.index() + 1) + " of " + cells.size() + " (code cell " + code + ": `"
                            + c.firstLine() + "`)";
                }
            }
        } catch (WorkshopException e) {
            // fall through: describe the cell by its source alone
        }
        NotebookFiles.Cell c = new NotebookFiles.Cell(-1, "code", source);
        return "the cell starting `" + c.firstLine() + "`";
    }

    /** The last "SomethingError: message" line of a Python traceback (never a kernel log line). */
    static String lastPythonError(String stderr) {
        String[] lines = ANSI.matcher(stderr).replaceAll("").split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            Matcher m = PYTHON_ERROR.matcher(l);
            if (m.matches() && !l.toLowerCase(java.util.Locale.ROOT).contains("\"key\"")) return l;
        }
        return "see `jupyter nbconvert --execute` on the notebook for details";
    }

}
