package nnworkshop.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

import nnworkshop.WorkshopException;
import nnworkshop.util.Json;

/**
 * Runs a {@link Worker} in a JVM of its own: the same java binary and class path as this one, with
 * this JVM's heap, garbage-collector and module flags (so {@code --add-modules jdk.incubator.vector}
 * gives the child the same kernels). The child's progress lines are passed on to the log as they
 * come; its one-line error, if it fails, becomes this process's {@link WorkshopException}.
 */
final class ChildJvm {
    /** Lines a child prints that say nothing to the user: Java's notice at every start with the Vector API. */
    private static final String INCUBATOR_NOTICE = "WARNING: Using incubator modules";

    private ChildJvm() {}

    /**
     * Runs {@code job} in a child JVM, writing into {@code dir} (which must exist), and reads back
     * what it measured.
     *
     * @param trainCount training images (to rebuild the history's steps per epoch)
     * @param log        receives the child's progress lines, prefixed
     * @throws WorkshopException if the child cannot start or fails (with its own one-line message)
     */
    static Worker.Measured run(Worker.Job job, Path dir, int trainCount, Consumer<String> log) {
        Path jobFile = Json.write(dir.resolve("job.json"), job.toJson());
        List<String> cmd = new ArrayList<>(nnworkshop.util.ChildJvm.command(Worker.class.getName(),
                List.of(jobFile.toString(), dir.toString())));
        String prefix = "  [" + job.impl().id() + "] ";
        Deque<String> tail = new ArrayDeque<>();
        Process p = null;
        try {
            long launched = System.currentTimeMillis();
            cmd.add(Long.toString(launched));
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith(INCUBATOR_NOTICE)) continue;
                    tail.addLast(line);
                    if (tail.size() > 20) tail.removeFirst();
                    if (!line.startsWith(Worker.ERROR_PREFIX) && !line.startsWith("\tat ")) log.accept(prefix + line);
                }
            }
            int code = p.waitFor();
            if (code != 0) throw failed(job, code, tail);
        } catch (IOException e) {
            throw new WorkshopException("cannot start a child JVM for the " + job.impl().id() + " run (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkshopException("interrupted while the " + job.impl().id() + " run was going", e);
        } finally {
            if (p != null && p.isAlive()) p.destroyForcibly();
        }
        return Worker.readResult(job, dir, trainCount);
    }

    private static WorkshopException failed(Worker.Job job, int code, Deque<String> tail) {
        for (String line : tail) {
            if (line.startsWith(Worker.ERROR_PREFIX)) {
                String msg = line.substring(Worker.ERROR_PREFIX.length());
                return code == 2 ? new WorkshopException(msg) : new WorkshopException("the " + job.impl().id()
                        + " run failed in its child JVM (exit " + code + "): " + msg);
            }
        }
        return new WorkshopException("the " + job.impl().id() + " run failed in its child JVM (exit " + code + ")"
                + (tail.isEmpty() ? "" : ": " + tail.getLast().strip()));
    }
}
