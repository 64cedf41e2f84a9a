package nnworkshop.notebook;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import nnworkshop.WorkshopException;
import nnworkshop.util.FileTrees;
import nnworkshop.util.Stats;

/**
 * Starts a notebook kernel again and again through Jupyter's own client, as Jupyter Notebook and
 * nbconvert start it ({@code jupyter_client}'s {@code KernelManager.start_kernel}, then
 * {@code wait_for_ready}), and runs one cell ({@code 1 + 1}) in each: how often a start fails, and
 * how long a start takes. {@code ./workshop notebooks check-kernel --starts N} prints the figures.
 *
 * <p>The client is a small Python script ({@code kernel_client.py}, in this package's resources)
 * run with Jupyter's own Python ({@link Jupyter#python}); connection files go to a private runtime
 * folder deleted afterwards, and a failed start reports the last lines of the kernel's log without
 * any line that holds the connection key.
 */
public final class KernelCheck {
    /**
     * What to start.
     *
     * @param jupyter     the {@code jupyter} launcher (its Python runs the client)
     * @param jupyterPath the folder holding {@code kernels/NAME} (JUPYTER_PATH)
     * @param kernelName  the kernel spec to start
     * @param timeout     the longest a start may take to answer, and the cell to reply
     */
    public record Options(Path jupyter, Path jupyterPath, String kernelName, Duration timeout) {}

    /** One start: whether it answered and ran the cell, how long each took (NaN if not), and why it failed. */
    public record Start(int index, boolean ok, double readySeconds, double cellSeconds, String error, List<String> kernelLog) {
        public Start {
            kernelLog = List.copyOf(kernelLog);
        }
    }

    /** Every start of one run. */
    public record Report(String kernelName, List<Start> starts) {
        public Report {
            starts = List.copyOf(starts);
        }

        public int failures() {
            return (int) starts.stream().filter(s -> !s.ok()).count();
        }

        private double[] ready() {
            return starts.stream().filter(Start::ok).mapToDouble(Start::readySeconds).toArray();
        }

        private double[] cell() {
            return starts.stream().filter(Start::ok).mapToDouble(Start::cellSeconds).toArray();
        }

        /** Median seconds from the start to the kernel_info reply, over the starts that answered. */
        public double readyMedian() { return Stats.median(ready()); }

        public double readyMax() { return max(ready()); }

        /** Median seconds of the first cell ({@code 1 + 1}, JShell's first compile) to its reply. */
        public double cellMedian() { return Stats.median(cell()); }

        public double cellMax() { return max(cell()); }

        private static double max(double[] v) {
            double m = Double.NaN;
            for (double x : v) m = Double.isNaN(m) ? x : Math.max(m, x);
            return m;
        }

        /** The figures in a few lines, as the command prints them. */
        public List<String> summary() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "kernel %s: %d starts, %d failures", kernelName, starts.size(), failures()));
            if (failures() < starts.size()) {
                lines.add(String.format(Locale.ROOT, "start-up (start to kernel_info reply): median %.2f s, max %.2f s",
                        readyMedian(), readyMax()));
                lines.add(String.format(Locale.ROOT, "first cell (1 + 1): median %.2f s, max %.2f s", cellMedian(), cellMax()));
            }
            return lines;
        }
    }

    private static final String SCRIPT = "kernel_client.py";

    private KernelCheck() {}

    /**
     * Starts the kernel {@code starts} times in a row, each start fresh, and reports each to
     * {@code progress} as it ends.
     *
     * @throws WorkshopException if Jupyter's client cannot run at all (not a failed start: those are counted)
     */
    public static Report run(Options o, int starts, Consumer<Start> progress) {
        if (starts < 1) throw new WorkshopException("--starts must be at least 1, got " + starts);
        List<Start> all = new ArrayList<>();
        client(o, List.of("starts", o.kernelName(), String.valueOf(starts), String.valueOf(o.timeout().toSeconds())), null,
                line -> {
                    Start s = parseStart(line);
                    all.add(s);
                    progress.accept(s);
                });
        if (all.size() != starts) {
            throw new WorkshopException("Jupyter's client stopped after " + all.size() + " of " + starts + " starts");
        }
        return new Report(o.kernelName(), all);
    }

    /**
     * Starts the kernel once and runs {@code cells} in it (each {@code {"code": …}}, optionally with
     * {@code "interrupt_after": seconds}); returns the client's JSON: {@code ready_s} and per cell
     * its {@code reply} (execute_reply content) and {@code outputs} (iopub messages), or {@code error}.
     */
    public static JsonObject runCells(Options o, JsonArray cells) {
        List<String> lines = new ArrayList<>();
        client(o, List.of("cells", o.kernelName(), String.valueOf(o.timeout().toSeconds())), cells.toString(), lines::add);
        if (lines.isEmpty()) throw new WorkshopException("Jupyter's client printed nothing");
        try {
            return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new WorkshopException("Jupyter's client printed something else than JSON: " + lines.get(lines.size() - 1), e);
        }
    }

    static Start parseStart(String line) {
        JsonObject j;
        try {
            j = JsonParser.parseString(line).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new WorkshopException("unexpected line from Jupyter's client: " + line, e);
        }
        List<String> log = new ArrayList<>();
        if (j.has("kernel_log")) j.getAsJsonArray("kernel_log").forEach(e -> log.add(e.getAsString()));
        return new Start(j.get("start").getAsInt(), j.get("ok").getAsBoolean(), number(j, "ready_s"), number(j, "cell_s"),
                j.has("error") ? j.get("error").getAsString() : null, log);
    }

    private static double number(JsonObject j, String key) {
        JsonElement e = j.get(key);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    /** Runs the client script with Jupyter's Python, feeding {@code stdin}, handing each stdout line on. */
    private static void client(Options o, List<String> args, String stdin, Consumer<String> lines) {
        NotebookRunner.requireJupyter(o.jupyter());
        Path dir = null;
        try {
            dir = Files.createTempDirectory("nn-workshop-kernel-check-");
            Path runtime = Files.createDirectory(dir.resolve("runtime"));
            Path script = dir.resolve(SCRIPT);
            try (InputStream in = KernelCheck.class.getResourceAsStream(SCRIPT)) {
                if (in == null) throw new WorkshopException(SCRIPT + " is missing from the build");
                Files.copy(in, script);
            }
            List<String> cmd = new ArrayList<>(Jupyter.python(o.jupyter()));
            cmd.add(script.toString());
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("JUPYTER_PATH", o.jupyterPath().toAbsolutePath().toString());
            pb.environment().put("JUPYTER_RUNTIME_DIR", runtime.toString());
            pb.environment().remove(Nb.QUICK_ENV);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new WorkshopException("cannot run Jupyter's Python " + cmd.get(0) + ": " + e.getMessage(), e);
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> copy(p.getErrorStream(), err), "kernel-check-stderr");
            drain.setDaemon(true);
            drain.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.isBlank()) lines.accept(line);
                }
            }
            int code = p.waitFor();
            drain.join(5000);
            if (code != 0) {
                String text = err.toString(StandardCharsets.UTF_8);
                throw new WorkshopException("Jupyter's client failed (exit " + code + "): " + lastLine(text)
                        + (text.contains("No module named") ? " — is jupyter_client installed for " + cmd.get(0) + "? " + Jupyter.INSTALL : ""));
            }
        } catch (IOException e) {
            throw new WorkshopException("cannot run the kernel check: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkshopException("interrupted");
        } finally {
            if (dir != null) FileTrees.deleteTree(dir);
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank() && !lines[i].toLowerCase(Locale.ROOT).contains("key")) return lines[i].strip();
        }
        return "no message";
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
