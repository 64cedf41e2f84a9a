package nnworkshop.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import nnworkshop.WorkshopException;
import nnworkshop.cli.Main;

/** The kernel benchmark's figures, from lines as Jupyter's client prints them (fast: nothing is started). */
class KernelCheckTest {
    @Test
    void figuresCountFailuresAndTimeOnlyTheStartsThatAnswered() {
        List<KernelCheck.Start> starts = List.of(
                KernelCheck.parseStart("{\"start\": 1, \"ok\": true, \"ready_s\": 1.5, \"cell_s\": 0.5}"),
                KernelCheck.parseStart("{\"start\": 2, \"ok\": false, \"error\": \"RuntimeError: Kernel didn't respond in 20 seconds\","
                        + " \"kernel_log\": [\"started\"]}"),
                KernelCheck.parseStart("{\"start\": 3, \"ok\": true, \"ready_s\": 2.5, \"cell_s\": 0.7}"),
                KernelCheck.parseStart("{\"start\": 4, \"ok\": true, \"ready_s\": 1.0, \"cell_s\": 0.6}"));
        KernelCheck.Report r = new KernelCheck.Report("k", starts);
        assertEquals(1, r.failures());
        assertEquals(1.5, r.readyMedian(), 0);
        assertEquals(2.5, r.readyMax(), 0);
        assertEquals(0.6, r.cellMedian(), 0);
        assertEquals(List.of("started"), starts.get(1).kernelLog());
        assertEquals(List.of("kernel k: 4 starts, 1 failures",
                "start-up (start to kernel_info reply): median 1.50 s, max 2.50 s",
                "first cell (1 + 1): median 0.60 s, max 0.70 s"), r.summary());
        assertEquals(List.of("kernel k: 1 starts, 1 failures"), new KernelCheck.Report("k", starts.subList(1, 2)).summary());
    }

    @Test
    void aLineThatIsNotTheClientsIsAClearError() {
        assertTrue(assertThrows(WorkshopException.class, () -> KernelCheck.parseStart("Traceback (most recent call last):"))
                .getMessage().startsWith("unexpected line from Jupyter's client"));
    }

    @Test
    void theCommandRefusesZeroStartsAndAMissingSpec() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(2, Main.execute(new PrintWriter(out), new PrintWriter(err), "notebooks", "check-kernel", "--starts", "0"));
        assertTrue(err.toString().contains("--starts"), err.toString());
        err.getBuffer().setLength(0);
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), "notebooks", "check-kernel", "--starts", "1",
                "--jupyter-path", Path.of("/nonexistent").toString(), "--kernel", "none");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("no kernel spec"), err.toString());
    }
}
