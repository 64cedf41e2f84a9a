package nnworkshop.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark end to end on the project's kernel: three fresh starts through jupyter_client, each
 * answering and running its cell (about 15 s). The 200-start figure is measured by the command, not here.
 */
@Tag("slow")
class KernelStartsTest {
    @Test
    void threeStartsThreeAnswers(@TempDir Path root) {
        KernelSetup.Layout layout = TestKernel.install(root);
        List<KernelCheck.Start> seen = new ArrayList<>();
        KernelCheck.Report r = KernelCheck.run(new KernelCheck.Options(TestKernel.jupyter(), layout.jupyterPath(),
                KernelSetup.KERNEL_NAME, Duration.ofSeconds(30)), 3, seen::add);
        assertEquals(3, seen.size(), "each start reported as it ends");
        assertEquals(0, r.failures(), r.starts().toString());
        assertTrue(r.readyMedian() > 0 && r.readyMax() < 30);
    }
}
