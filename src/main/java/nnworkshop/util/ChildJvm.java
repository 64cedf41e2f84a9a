package nnworkshop.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import nnworkshop.WorkshopException;

/**
 * Runs a {@code main} class in a new JVM with this JVM's java binary and class path, e.g. to give
 * an engine a process of its own (libtorch fixes its thread count per process; peak memory and
 * start-up are then each one's own). Its standard error lines are passed on as they come; its
 * standard output is returned.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * @param jvmFlags  extra JVM flags (e.g. heap size)
     * @param mainClass the class to run
     * @param args      its arguments
     * @param log       receives the child's standard-error lines
     * @param timeoutSeconds the child is killed after this long
     * @return the child's standard output
     * @throws WorkshopException if it cannot start, fails (its last error line is quoted) or times out
     */
    public static String run(List<String> jvmFlags, String mainClass, List<String> args, Consumer<String> log,
                             long timeoutSeconds) {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        Path outFile = null;
        Process p = null;
        try {
            outFile = Files.createTempFile("nnworkshop-child", ".out");
            p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            String last = "";
            try (var err = p.errorReader(StandardCharsets.UTF_8)) {
                String line;
                while ((line = err.readLine()) != null) {
                    if (line.startsWith("WARNING: Using incubator modules")) continue;
                    log.accept(line);
                    if (!line.isBlank()) last = line.strip();
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new WorkshopException(mainClass + " did not finish within " + timeoutSeconds + " s and was stopped");
            }
            if (p.exitValue() != 0) {
                throw new WorkshopException(simpleName(mainClass) + " failed (exit " + p.exitValue() + ")"
                        + (last.isEmpty() ? "" : ": " + last));
            }
            return Files.readString(outFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WorkshopException("cannot run a child JVM for " + simpleName(mainClass) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkshopException("interrupted while " + simpleName(mainClass) + " was running", e);
        } finally {
            if (p != null && p.isAlive()) p.destroyForcibly();
            if (outFile != null) {
                try {
                    Files.deleteIfExists(outFile);
                } catch (IOException ignored) {
                    // a temporary file in the system's temp directory
                }
            }
        }
    }

    private static String simpleName(String cls) {
        return cls.substring(cls.lastIndexOf('.') + 1);
    }
}
