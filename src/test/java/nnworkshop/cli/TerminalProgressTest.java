package nnworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.util.ChildJvm;

/**
 * {@code train} in a real pseudo-terminal: a tmux pane runs the CLI in a JVM of its own (this
 * test's class path), and what the pane shows at the end is read back. Every epoch must be on
 * screen finished — its bar at n/n — with its result line (before: every bar stuck at 0% and all
 * result lines but the last missing, since the epochs end before the bar's first redraw).
 */
@Tag("slow")
class TerminalProgressTest {
    @TempDir Path tmp;

    @Test
    void everyEpochIsShownFinishedWithItsResultLine() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
        String session = "nnw-" + ProcessHandle.current().pid();
        Path done = tmp.resolve("done");
        List<String> java = ChildJvm.command(Main.class.getName(), List.of("train", "--epochs", "3", "--subset", "3000"));
        StringBuilder cmd = new StringBuilder();
        for (String a : java) cmd.append('\'').append(a.replace("'", "'\\''")).append("' ");
        cmd.append("; touch '").append(done).append("'; sleep 600");
        try {
            run("tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "50", cmd.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(done) && System.nanoTime() < deadline) Thread.sleep(200);
            assertTrue(Files.exists(done), "train did not finish within 120 s");
            String pane = run("tmux", "capture-pane", "-p", "-t", session);
            List<String> lines = new ArrayList<>();
            for (String l : pane.split("\n")) if (!l.isBlank()) lines.add(l.stripTrailing());
            int epochs = 0;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.matches("epoch \\d/3 +\\d+% \\[.*")) {
                    epochs++;
                    assertTrue(l.startsWith("epoch " + epochs + "/3 100% [") && l.contains(" 47/47 "), "bar not finished: " + l
                            + "\n" + pane);
                    assertTrue(i + 1 < lines.size() && lines.get(i + 1).startsWith("epoch " + epochs + "/3  train loss "),
                            "no result line after the bar of epoch " + epochs + "\n" + pane);
                }
            }
            assertEquals(3, epochs, pane);
        } finally {
            new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
        return out;
    }
}
