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
     * @param mainClass the class to run
     * @param args      its arguments
     * @param log       receives the child's standard-error lines
     * @param timeoutSeconds the child is killed after this long
     * @return the child's standard output
     * @throws WorkshopException if it cannot start, fails (its last error line is quoted) or times out
     */
    public static String run(String mainClass, List<String> args, Consumer<String> log, long timeoutSeconds) {
        List<String> cmd = command(mainClass, args);
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

    /**
     * The command line that runs {@code mainClass} with {@code args} in a child JVM: this JVM's java
     * binary, the flags a child should share ({@link #inheritedFlags}), and this class path.
     *
     * @throws WorkshopException if this JVM's class path is empty (e.g. inside a notebook kernel)
     */
    public static List<String> command(String mainClass, List<String> args) {
        String cp = System.getProperty("java.class.path", "");
        if (cp.isBlank()) {
            throw new WorkshopException("cannot start a child JVM: this JVM's class path is empty (run it in this process instead)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(inheritedFlags(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        cmd.addAll(List.of("-cp", cp, mainClass));
        cmd.addAll(args);
        return cmd;
    }

    /** The java binary running this JVM. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The flags of this JVM a child should share: heap and stack sizes, {@code -XX} options (the
     * garbage collector), added modules, headless AWT, and DJL's properties. (Not agents, debuggers
     * or anything else.)
     */
    public static List<String> inheritedFlags(List<String> inputArguments) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < inputArguments.size(); i++) {
            String a = inputArguments.get(i);
            if (a.equals("--add-modules") && i + 1 < inputArguments.size()) {
                out.add(a);
                out.add(inputArguments.get(++i));
            } else if (a.startsWith("--add-modules=") || a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xss")
                    || a.startsWith("-Xmn") || a.startsWith("-XX:") || a.startsWith("-Djava.awt.headless")
                    || a.startsWith("-Dai.djl.")) {
                out.add(a);
            }
        }
        if (out.stream().noneMatch(a -> a.startsWith("-Djava.awt.headless"))) out.add("-Djava.awt.headless=true");
        // a crash log never lands in the user's current folder (the launcher sets these; a test JVM may not)
        for (String flag : crashFlags()) {
            String name = flag.substring(0, flag.indexOf('=') + 1);
            if (out.stream().noneMatch(a -> a.startsWith(name))) out.add(flag);
        }
        return out;
    }

    /**
     * The flags that send a JVM crash's {@code hs_err_pid*.log} (and a compiler crash's replay file)
     * to the temporary folder instead of the process's current folder, which is the user's.
     */
    public static List<String> crashFlags() {
        String tmp = System.getProperty("java.io.tmpdir");
        return List.of("-XX:ErrorFile=" + Path.of(tmp, "nn-workshop-hs_err_pid%p.log"),
                "-XX:ReplayDataFile=" + Path.of(tmp, "nn-workshop-replay_pid%p.log"));
    }

    private static String simpleName(String cls) {
        return cls.substring(cls.lastIndexOf('.') + 1);
    }
}
