package nnworkshop.tensor.kernel;

/**
 * How far apart the cores of the kernel threads were, as the products feel it: the time a cache
 * line written by the caller took to reach a worker, one way ({@code handOffNanos}, NaN if never
 * measured), whether that counted as far ({@code far}: above {@value PooledGemm#FAR_HAND_OFF_NANOS}
 * ns, training-size products then stay on the caller), and of the {@code checks} measures so far
 * how many found the cores far. The kernels measure it about four times a second while they run
 * products.
 */
public record CoreDistance(double handOffNanos, boolean far, long checks, long farChecks) {
    /** Kernels with one thread, or none measured yet. */
    public static final CoreDistance NOT_MEASURED = new CoreDistance(Double.NaN, false, 0, 0);
}
