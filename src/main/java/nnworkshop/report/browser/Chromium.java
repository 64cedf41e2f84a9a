package nnworkshop.report.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import nnworkshop.WorkshopException;
import nnworkshop.util.FileTrees;

/**
 * One headless Chromium process with a fresh profile in a temporary directory.
 *
 * <p>{@link #launch} starts it with {@code --remote-debugging-port=0} and waits for the
 * {@code DevToolsActivePort} file Chromium writes into its profile (port on the first line, browser
 * WebSocket path on the second). Its stderr goes to a file beside the profile, so nothing can block on
 * a full pipe, and the last lines are quoted if it fails to start. {@link #close} kills the browser and
 * every process it started, waits for them, and deletes the temporary directory, which also holds
 * what Chromium would otherwise write under {@code ~/.config/chromium}.
 */
final class Chromium implements AutoCloseable {
    /** Where Debian's {@code chromium} package puts its launcher. */
    static final Path DEFAULT_EXECUTABLE = Path.of("/usr/bin/chromium");
    static final String INSTALL_HINT = "install it with: sudo apt-get install chromium"
            + " (or set the CHROMIUM environment variable to its path)";

    private final Process process;
    private final Path tempDir;
    private final Path stderrLog;
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();
    private URI browserWebSocket;

    private Chromium(Process process, Path tempDir, Path stderrLog) {
        this.process = process;
        this.tempDir = tempDir;
        this.stderrLog = stderrLog;
        seen.add(process.toHandle());
    }

    /** The executable named by {@code CHROMIUM} if set, else {@code /usr/bin/chromium}. */
    static Path defaultExecutable() {
        String env = System.getenv("CHROMIUM");
        return env == null || env.isBlank() ? DEFAULT_EXECUTABLE : Path.of(env);
    }

    /** The command line: the flags a quiet, offline, throw-away headless browser needs. */
    static List<String> command(Path executable, Path profile) {
        return List.of(
                executable.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--disable-extensions",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--mute-audio",
                // Offline by construction: every host name fails to resolve at once, so a page that
                // needs the network fails the same way on every machine, and never waits for DNS.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank");
    }

    /**
     * Starts Chromium and waits until its DevTools endpoint is known, at most until {@code deadline}.
     *
     * @throws WorkshopException if the executable is missing, or the browser exits or is late
     */
    /** The temporary folders of every browser this JVM launched (for tests: each must be gone after its check). */
    static final java.util.Set<Path> LAUNCHED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static Chromium launch(Path executable, Instant deadline) {
        if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
            throw new WorkshopException("Chromium not found at " + executable + ": " + INSTALL_HINT);
        }
        Path tempDir;
        try {
            tempDir = Files.createTempDirectory("nnworkshop-chromium-");
            LAUNCHED.add(tempDir);
        } catch (IOException e) {
            throw new WorkshopException("cannot create a temporary Chromium profile: " + e.getMessage(), e);
        }
        Path profile = tempDir.resolve("profile");
        Path stderrLog = tempDir.resolve("stderr.log");
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder(command(executable, profile));
            // Chromium keeps its crash-report database under $XDG_CONFIG_HOME/chromium whatever the
            // --user-data-dir: keep that inside the temporary directory too, so a check leaves no trace.
            pb.environment().put("XDG_CONFIG_HOME", tempDir.resolve("config").toString());
            process = pb
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderrLog.toFile())
                    .start();
        } catch (IOException e) {
            FileTrees.deleteTree(tempDir);
            throw new WorkshopException("cannot start Chromium at " + executable + ": " + e.getMessage()
                    + "; " + INSTALL_HINT, e);
        }
        Chromium chromium = new Chromium(process, tempDir, stderrLog);
        try {
            chromium.browserWebSocket = chromium.awaitEndpoint(profile.resolve("DevToolsActivePort"), deadline);
            return chromium;
        } catch (RuntimeException e) {
            chromium.close();
            throw e;
        }
    }

    /** {@code ws://127.0.0.1:PORT/devtools/browser/…}. */
    URI browserWebSocket() {
        return browserWebSocket;
    }

    /** The browser process and every descendant seen so far (for checking that all are gone). */
    List<ProcessHandle> processes() {
        remember();
        return List.copyOf(seen);
    }

    /** Waits up to {@code timeout} for the browser to exit on its own (after {@code Browser.close}). */
    boolean awaitExit(Duration timeout) {
        remember();
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills whatever is still running of the browser's process tree and deletes the profile. */
    @Override
    public void close() {
        remember();
        for (ProcessHandle p : seen) p.destroyForcibly();
        Instant until = Instant.now().plusSeconds(10);
        while (seen.stream().anyMatch(Chromium::isRunning) && Instant.now().isBefore(until)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        FileTrees.deleteTree(tempDir);
    }

    /**
     * True if {@code p} is still executing. A killed child of the browser is re-parented to init and
     * stays a zombie until init reaps it (seconds in some containers, never in others); it holds no
     * memory or files, so a zombie counts as ended, unlike for {@link ProcessHandle#isAlive()}.
     */
    static boolean isRunning(ProcessHandle p) {
        if (!p.isAlive()) return false;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            // pid (comm) STATE …; comm may itself contain ')' so look after the last one.
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return p.isAlive(); // no /proc (not Linux), or the process vanished meanwhile
        }
    }

    /**
     * Adds the processes to kill to {@link #seen}: the browser's descendants (once it dies they are
     * orphans and no longer its descendants), and any process whose command line names our temporary
     * directory, such as the crash handler, which Chromium starts outside its own process tree.
     */
    private void remember() {
        if (process.isAlive()) process.descendants().forEach(seen::add);
        String marker = tempDir.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(marker)).orElse(false))
                .forEach(seen::add);
    }

    private URI awaitEndpoint(Path portFile, Instant deadline) {
        while (Instant.now().isBefore(deadline)) {
            URI uri = readPortFile(portFile);
            if (uri != null) return uri;
            if (!process.isAlive()) {
                throw new WorkshopException("Chromium exited with code " + process.exitValue()
                        + " before opening its DevTools port" + stderrTail());
            }
            sleep(20);
        }
        throw new WorkshopException("Chromium did not open its DevTools port in time" + stderrTail());
    }

    private static URI readPortFile(Path portFile) {
        try {
            if (!Files.isRegularFile(portFile)) return null;
            List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
            // Chromium may not have finished writing both lines yet: wait for a complete file.
            if (lines.size() < 2 || !lines.get(0).matches("\\d+") || !lines.get(1).startsWith("/devtools/browser/")) {
                return null;
            }
            return URI.create("ws://127.0.0.1:" + lines.get(0) + lines.get(1));
        } catch (IOException e) {
            return null;
        }
    }

    /** The last lines Chromium wrote to stderr, without the D-Bus noise it prints in containers. */
    String stderrTail() {
        try {
            List<String> lines = Files.readAllLines(stderrLog, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.contains("dbus"))
                    .collect(Collectors.toList());
            List<String> tail = lines.subList(Math.max(0, lines.size() - 8), lines.size());
            return tail.isEmpty() ? "" : "; its last messages:\n  " + String.join("\n  ", tail);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkshopException("interrupted while starting Chromium", e);
        }
    }
}
