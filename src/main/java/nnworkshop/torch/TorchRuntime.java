package nnworkshop.torch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;

import nnworkshop.WorkshopException;

/**
 * The one door to the PyTorch engine: every entry point of this package goes through
 * {@link #start(int)} (or {@link #engine()}) before it touches DJL.
 *
 * <p><b>Offline.</b> Loading this class sets {@code ai.djl.offline=true} and
 * {@code OPT_OUT_TRACKING=true} as system properties, before any DJL class is initialised
 * (declaring a field of a DJL type initialises nothing, and nothing in the package calls DJL
 * before {@code start}). Without them DJL would try, at start, to send telemetry and to ask
 * a cloud metadata address about the machine; with them it never opens a connection, and libtorch
 * comes from the {@code pytorch-native-cpu} jar on the classpath (unpacked once into
 * {@code DJL_CACHE_DIR}, default {@code ~/.djl.ai}). DJL reads the environment variables
 * {@code DJL_OFFLINE} and {@code OPT_OUT_TRACKING} before the properties; {@code start} refuses to
 * run if the environment turned offline mode off, or asks for another libtorch
 * ({@code PYTORCH_VERSION}, {@code PYTORCH_FLAVOR}) than the one the build ships.
 *
 * <p><b>Threads.</b> libtorch's intra-op thread count ({@code ai.djl.pytorch.num_threads}) is read
 * once, when the engine starts, so it is <em>fixed for the life of the process</em>: the first
 * {@code start(n)} decides, and a later {@code start(m)} with m ≠ n is refused. (libtorch can be
 * told a new count later, but measured here, going 1 → 2 → 1 → 2 threads made a matrix product 13
 * times slower than the first time at 2: OpenMP does not take it well.) For this MLP on 2 cores
 * one thread trains fastest ({@link #TRAIN_THREADS}): at batch 64, 0.6–0.7 s per MNIST epoch with
 * one thread against 2–15 s with two (libtorch's OpenMP workers spin between the many small
 * operations of a step, and fight any other load on the cores); at batch 256 one thread still
 * wins (0.46 against 0.55 s). Inference at batch 1000 is faster with two (about 400k against 300k
 * images/s).
 */
public final class TorchRuntime {
    /** Intra-op threads that measured fastest for training the workshop's MLP on 2 cores. */
    public static final int TRAIN_THREADS = 1;

    /** The libtorch version the build ships (pom: pytorch.version). */
    public static final String PYTORCH_VERSION = "2.7.1";

    /**
     * The platforms DJL publishes libtorch {@value #PYTORCH_VERSION} for (the pom's profiles pick one
     * by the building machine's OS and architecture; there is none for macOS on Intel).
     */
    public static final java.util.List<String> PLATFORMS = java.util.List.of("linux-x86_64", "linux-aarch64", "osx-aarch64",
            "win-x86_64");

    /** The platform this JVM runs on, in DJL's names (e.g. "linux-x86_64", "osx-aarch64"). */
    public static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.startsWith("mac") || os.contains("darwin") ? "osx" : os.startsWith("windows") ? "win" : "linux";
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch;
        return o + "-" + a;
    }

    /** The libtorch jar for this platform, by file name. */
    static String nativeJar() {
        return "pytorch-native-cpu-" + PYTORCH_VERSION + "-" + platform() + ".jar";
    }

    /** The engine's name in DJL. */
    public static final String ENGINE = "PyTorch";

    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private static Engine engine;
    private static int threads;
    private static double startupSeconds = Double.NaN;

    /** Threads on which {@link #onThisThread} already set the count. */
    private static final ThreadLocal<Boolean> COUNTED = ThreadLocal.withInitial(() -> false);

    private TorchRuntime() {}

    /**
     * Gives the calling thread the process's intra-op thread count, once per thread. OpenMP keeps
     * its thread count per thread, and libtorch sets it on a thread only when that thread first
     * enters one of libtorch's own parallel loops; a matrix product goes to MKL first, which then
     * ran every product of a thread that had not (the Lab's prediction worker, a live training) on
     * all cores, its OpenMP workers spinning between products: profiled in the Lab's load
     * benchmark, 36% of the process's CPU time was libgomp spinning, and a batch-64 forward pass on
     * such a thread took 6.6 ms instead of 0.49 ms (TorchThreadsTest).
     */
    static void onThisThread() {
        if (!COUNTED.get()) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
            COUNTED.set(true);
        }
    }

    /**
     * Starts the PyTorch engine with {@code threads} intra-op threads (once per process) and runs a
     * first tensor operation, timing both.
     *
     * @throws WorkshopException if the native library cannot be loaded (saying why and what to do),
     *     or if the engine already runs with a different thread count
     */
    public static synchronized void start(int threads) {
        startEngine(threads);
    }

    private static Engine startEngine(int threads) {
        if (threads <= 0) throw new WorkshopException("--threads must be at least 1, got " + threads);
        if (engine != null) {
            if (threads != TorchRuntime.threads) {
                throw new WorkshopException("the PyTorch engine already runs with " + TorchRuntime.threads
                        + " thread" + (TorchRuntime.threads == 1 ? "" : "s") + " in this process and cannot switch to "
                        + threads + ": libtorch's thread count is fixed when it starts (run another process)");
            }
            return engine;
        }
        if (!Utils.isOfflineMode()) {
            throw new WorkshopException("the environment sets DJL_OFFLINE=" + System.getenv("DJL_OFFLINE")
                    + ", which would let DJL go online; unset it (the workshop never needs the network)");
        }
        String version = System.getenv("PYTORCH_VERSION"), flavor = System.getenv("PYTORCH_FLAVOR");
        if ((version != null && !version.equals(PYTORCH_VERSION)) || (flavor != null && !flavor.equals("cpu"))) {
            throw new WorkshopException("the environment asks DJL for libtorch " + (version == null ? "" : version + " ")
                    + (flavor == null ? "" : "(" + flavor + ") ") + "but the build ships " + PYTORCH_VERSION
                    + " for the CPU and never downloads: unset PYTORCH_VERSION and PYTORCH_FLAVOR");
        }
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        long t0 = System.nanoTime();
        Engine e;
        try {
            // a truncated libtorch would be mapped and crash the JVM: check (and repair) the unpacked files first
            NativeCache.verify(NativeCache.libraries(Utils.getEngineCacheDir("pytorch"), TorchRuntime.class.getClassLoader(),
                    Engine.getDjlVersion()), line -> System.err.println("workshop: " + line));
            e = Engine.getEngine(ENGINE);
            try (NDManager m = e.newBaseManager(); NDArray x = m.ones(new ai.djl.ndarray.types.Shape(2, 2));
                 NDArray y = x.matMul(x)) {
                y.toFloatArray(); // the first tensor operation: libtorch is loaded and working
            }
        } catch (WorkshopException ex) {
            throw ex;
        } catch (RuntimeException | UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError ex) {
            throw cannotLoad(ex);
        }
        startupSeconds = (System.nanoTime() - t0) / 1e9;
        TorchRuntime.threads = threads;
        engine = e;
        return e;
    }

    /**
     * The running engine; starts it with {@link #TRAIN_THREADS} threads if no one has started it
     * yet (an entry point that knows the user's {@code --threads} calls {@link #start} first).
     */
    static synchronized Engine engine() {
        return engine != null ? engine : startEngine(TRAIN_THREADS);
    }

    /** Whether the engine has been started in this process. */
    public static synchronized boolean started() {
        return engine != null;
    }

    /** The intra-op thread count the engine runs with (0 before {@link #start}). */
    public static synchronized int threads() {
        return threads;
    }

    /**
     * Seconds from asking for the engine to the end of its first tensor operation, as measured by
     * the first {@link #start} of this process (NaN before); about 0.5 s once libtorch is unpacked,
     * 2–3 s the first time.
     */
    public static synchronized double startupSeconds() {
        return startupSeconds;
    }

    /**
     * The versions for a run's manifest: {@code djl} (e.g. 0.36.0) and {@code pytorch} (the
     * engine's, e.g. 2.7.1). Starts the engine (with {@link #TRAIN_THREADS} threads) if needed.
     */
    public static Map<String, String> versions() {
        Engine e = engine();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("djl", Engine.getDjlVersion());
        v.put("pytorch", e.getVersion());
        return v;
    }

    /** e.g. "libtorch 2.7.1, 1 thread" (starts the engine if needed). */
    public static String describe() {
        String version = versions().get("pytorch");
        int t = threads();
        return "libtorch " + version + ", " + t + (t == 1 ? " thread" : " threads");
    }

    /** One line: what failed, and what to do. */
    private static WorkshopException cannotLoad(Throwable ex) {
        String why = rootMessage(ex);
        if (why.contains("engine not found") || ex instanceof NoClassDefFoundError) {
            return new WorkshopException("the PyTorch engine for DJL is not on the classpath (" + why
                    + "): run `mvn -B package` so that target/lib holds pytorch-engine, pytorch-jni and pytorch-native-cpu",
                    ex);
        }
        if (TorchRuntime.class.getClassLoader().getResource("native/lib/pytorch.properties") == null) {
            if (!PLATFORMS.contains(platform())) {
                return new WorkshopException("libtorch " + PYTORCH_VERSION + " is not published for " + platform()
                        + " (only " + String.join(", ", PLATFORMS) + "): Parts 4 and 5 cannot run on this machine; "
                        + "Parts 1-3 can, and the executed notebooks and the report show Parts 4 and 5", ex);
            }
            return new WorkshopException("could not load libtorch: " + nativeJar() + " is not on the classpath (DJL would "
                    + "download libtorch instead, but the workshop never goes online): run `mvn -B package` so that "
                    + "target/lib holds it", ex);
        }
        String platform = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        String cacheNote;
        try {
            Path cache = Utils.getEngineCacheDir("pytorch");
            Path existing = cache.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            boolean writable = existing != null && Files.isDirectory(existing) && Files.isWritable(existing);
            cacheNote = writable ? "libtorch is unpacked into " + cache + " (DJL_CACHE_DIR): is there room for 432 MB?"
                    : "libtorch is unpacked into " + cache + ", which cannot be written: set DJL_CACHE_DIR to a writable folder";
        } catch (RuntimeException e2) {
            cacheNote = "set DJL_CACHE_DIR to a writable folder";
        }
        return new WorkshopException(String.format(Locale.ROOT,
                "could not load libtorch from %s on %s (%s); %s",
                nativeJar(), platform, why, cacheNote), ex);
    }

    private static String rootMessage(Throwable ex) {
        Throwable t = ex;
        String msg = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) msg = t.getMessage();
            t = t.getCause() == t ? null : t.getCause();
        }
        if (msg == null) msg = ex.getClass().getSimpleName();
        return msg.replaceAll("\\s+", " ").trim();
    }
}
