package nnworkshop.tensor.kernel;

/**
 * Chooses a {@link Gemm}: the Vector API kernels when {@code jdk.incubator.vector} is in the boot
 * layer (the launcher and the tests add it), else the plain-Java blocked kernels.
 */
public final class Kernels {

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "nnworkshop.tensor.kernel.VectorGemm";

    private Kernels() {
    }

    /** The plain triple loop, for tests and as the benchmark's baseline. */
    public static Gemm reference() {
        return new ReferenceGemm();
    }

    /** Whether the Vector API module is present, i.e. {@link #fastest} returns a VectorGemm. */
    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent() && vectorClass() != null;
    }

    /**
     * The fastest kernels on this JVM using {@code threads} threads (the caller's included): a
     * {@code VectorGemm} if the Vector API is available, else a {@link BlockedGemm}. Close it when
     * done to stop its worker threads (they are daemons either way).
     */
    public static FastGemm fastest(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()) {
            Class<?> cls = vectorClass();
            if (cls != null) {
                try {
                    return (FastGemm) cls.getConstructor(int.class).newInstance(threads);
                } catch (ReflectiveOperationException | LinkageError e) {
                    // fall through to the plain-Java kernels
                }
            }
        }
        return new BlockedGemm(threads);
    }

    /**
     * This machine's fp32 peak on 1 and {@code threads} threads, measured in about {@code seconds}
     * with the Vector API's FMA loop ({@code VectorPeak}); empty without the Vector API (the
     * plain-Java kernels' peak is not what a fraction of the hardware's should be quoted against),
     * and empty if the loop never ran compiled within the measurement's warm-up (a busy machine).
     */
    public static java.util.Optional<PeakFlops> measurePeak(int threads, double seconds) {
        if (!vectorApiAvailable()) {
            return java.util.Optional.empty();
        }
        try {
            Class<?> cls = Class.forName("nnworkshop.tensor.kernel.VectorPeak", true, Kernels.class.getClassLoader());
            PeakFlops peak = (PeakFlops) cls.getMethod("measure", int.class, double.class).invoke(null, threads, seconds);
            return peak.compiled() ? java.util.Optional.of(peak) : java.util.Optional.empty();
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            return java.util.Optional.empty();
        } catch (ReflectiveOperationException | LinkageError e) {
            return java.util.Optional.empty();
        }
    }

    /** A short description for benchmark output, e.g. {@code "vector-512, 2 threads"}. */
    public static String describe(Gemm gemm) {
        if (gemm instanceof FastGemm p) {
            return p.describe();
        }
        if (gemm instanceof ReferenceGemm) {
            return "reference, 1 thread";
        }
        return gemm.getClass().getSimpleName();
    }

    private static Class<?> vectorClass() {
        try {
            // Initialising it touches the Vector API, so a missing module shows up here.
            return Class.forName(VECTOR_CLASS, true, Kernels.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
