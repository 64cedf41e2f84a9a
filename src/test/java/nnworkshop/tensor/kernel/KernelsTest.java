package nnworkshop.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelsTest {

    @Test
    void fastestIsTheVectorKernelWhenTheModuleIsPresent() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "tests run with --add-modules jdk.incubator.vector");
        assertTrue(Kernels.vectorApiAvailable());
        try (FastGemm g = Kernels.fastest(2)) {
            assertInstanceOf(VectorGemm.class, g);
            assertEquals(2, g.threads());
            assertEquals("vector-" + VectorGemm.S.vectorBitSize() + ", 2 threads", Kernels.describe(g));
        }
    }

    @Test
    void withoutTheVectorModuleFastestFallsBackToBlocked() throws Exception {
        String javaExe = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaExe, "-cp", System.getProperty("java.class.path"),
                FallbackProbe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals("blocked, 2 threads [17.0, 23.0, 39.0, 53.0] peak unknown", out);
    }

    @Test
    void describesEveryKind() {
        assertEquals("reference, 1 thread", Kernels.describe(Kernels.reference()));
        assertInstanceOf(ReferenceGemm.class, Kernels.reference());
        try (BlockedGemm b = new BlockedGemm(3)) {
            assertEquals("blocked, 3 threads", Kernels.describe(b));
        }
        assertThrows(IllegalArgumentException.class, () -> Kernels.fastest(0));
    }

    @Test
    void workersAreDaemonsAndStopOnClose() throws InterruptedException {
        FastGemm g = Kernels.fastest(3);
        float[] a = new float[256 * 784], b = new float[128 * 784], c = new float[256 * 128];
        g.nt(256, 128, 784, a, b, null, c); // large enough to use the workers
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("vector-gemm-") || t.getName().startsWith("blocked-gemm-")) {
                assertTrue(t.isDaemon(), t.getName() + " is not a daemon");
            }
        }
        g.close();
        g.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> g.nt(256, 128, 784, a, b, null, c));
    }

    @Test
    void aFailingPartReachesTheCaller() {
        try (VectorGemm g = new VectorGemm(2)) {
            float[] a = new float[256 * 784], b = new float[10], c = new float[256 * 128];
            assertThrows(IndexOutOfBoundsException.class, () -> g.nt(256, 128, 784, a, b, null, c));
            float[] okB = new float[128 * 784];
            g.nt(256, 128, 784, a, okB, null, c); // still usable afterwards
        }
    }
}
