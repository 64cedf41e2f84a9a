package nnworkshop.tensor.kernel;

/** Kernels for tests outside this package that need the kernels' own choices to be fixed. */
public final class TestKernels {
    private TestKernels() {}

    /**
     * {@link Kernels#fastest}, with the cores' distance never measured: the cores count as near, so
     * a product is split whenever its size pays for it, whatever the host does with the vCPUs
     * meanwhile (while they are far, two measures in a row would keep training-size products on
     * one thread).
     */
    public static FastGemm fastestWithoutCoreChecks(int threads) {
        FastGemm g = Kernels.fastest(threads);
        if (g instanceof PooledGemm p) p.pauseCoreChecks();
        return g;
    }
}
