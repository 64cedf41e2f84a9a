package nnworkshop.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import nnworkshop.tensor.Backend;
import nnworkshop.util.ChildJvm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * No Vector API vector crosses a method boundary in the kernels: a vector passed to or returned
 * from a method the JIT does not inline is a boxed object, and every operation on it runs the
 * Vector API's Java fallback, allocating. Which small methods the JIT inlines differs from one
 * process to the next, so a kernel written with such a helper was fast in some processes and slow,
 * collecting garbage all the time, in others (ReLU's mask helper: ~19 KB a call). Here nothing of
 * {@code tensor.kernel} is inlined ({@code -XX:CompileCommand=dontinline}), the worst case, and a
 * warm training step must still allocate next to nothing on every kind of input. With the helpers
 * this measured 1.1 MB (nonzero lists) and 75-79 MB (dense) per step; without them ~300 bytes.
 */
class NoBoxingTest {
    private static final long MAX_BYTES_PER_STEP = 4096;

    @Test
    void aWarmStepAllocatesNextToNothingEvenWithNothingOfTheKernelsInlined() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Backend.vectorApiAvailable(), "the fast kernels need the Vector API");
        List<String> cmd = new ArrayList<>(ChildJvm.command(NoBoxingProbe.class.getName(), List.of("3000", "500")));
        cmd.addAll(1, List.of("-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline,nnworkshop.tensor.kernel.*::*"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe did not finish");
        assertEquals(0, p.exitValue(), out);
        int kinds = 0;
        for (String line : out.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length != 2 || !f[1].matches("\\d+")) continue; // the JVM's notices
            kinds++;
            long bytes = Long.parseLong(f[1]);
            assertTrue(bytes < MAX_BYTES_PER_STEP, f[0] + " inputs: a warm step allocated " + bytes + " bytes (a boxed vector?)");
        }
        assertEquals(3, kinds, out);
    }
}
