package nnworkshop.train;

import java.util.ArrayList;
import java.util.List;

import nnworkshop.WorkshopException;
import nnworkshop.nn.ModelSpec;
import nnworkshop.optim.OptimizerKind;

/**
 * The memory a run will hold, estimated before any of it is allocated, so that a configuration
 * that cannot fit ({@code --batch 10000000}, {@code --layers 784,300000,10}) is refused in one line
 * up front instead of dying of {@link OutOfMemoryError} minutes later.
 *
 * <p>Everything is counted in {@code long} bytes, from the buffers the engines really keep
 * (float32 everywhere, P parameters, N = the larger of the training and evaluation batches, W =
 * the sum of the layer widths after the input):
 * <ul>
 *   <li>parameters P, gradients P, the optimizer's state (momentum P, Adam 2P), the first layer's
 *       transposed working copy;</li>
 *   <li>activations: per sample the input row, each layer's output, its activation and their two
 *       gradients (4W), times N; evaluation replicas, one per extra thread, times the evaluation batch;</li>
 *   <li>the data set's bytes (pixels and labels) and the loss of every step (epochs × steps per epoch).</li>
 * </ul>
 * The from-scratch engine keeps all of it on the Java heap; libtorch keeps the network's tensors in
 * native memory and only the batch buffers, the data set and the history on the heap. The estimate
 * is a lower bound (small objects, the JIT and the garbage collector's slack are not counted): a
 * configuration it refuses cannot run.
 */
public final class Footprint {
    /** The most steps one run records (the largest Java array). */
    public static final long MAX_STEPS = Integer.MAX_VALUE - 8;

    private final List<String> names = new ArrayList<>();
    private final List<Long> sizes = new ArrayList<>();
    private long heap, offHeap;

    private Footprint() {}

    /**
     * The footprint of training {@code spec} with {@code config} on {@code trainCount} images of
     * {@code datasetBytes} bytes in all, evaluated with {@code threads} threads;
     * {@code nativeTensors} when the network lives in native memory (libtorch).
     *
     * @throws WorkshopException if the run would take more steps than {@link #MAX_STEPS}
     */
    public static Footprint training(ModelSpec spec, TrainConfig config, long trainCount, long datasetBytes,
                                     int threads, boolean nativeTensors) {
        Footprint f = new Footprint();
        long p = spec.parameterCount();
        int[] s = spec.sizes();
        long widths = 0;
        for (int i = 1; i < s.length; i++) widths += s[i];
        long rows = Math.max(config.batch(), config.evalBatch());
        long opt = config.optimizer() == OptimizerKind.ADAM ? 2 : config.momentum() > 0 ? 1 : 0;
        long network = floats(add(mul(p, 2 + opt), mul(s[0], s[1])));
        long activations = add(floats(mul(rows, s[0] + 4 * widths)),
                floats(mul(mul(Math.max(0, threads - 1), config.evalBatch()), s[0] + 2 * widths)));
        if (nativeTensors) {
            f.add("the network and its gradients", network, false);
            f.add("activations", activations, false);
            f.add("batch buffers", floats(mul(2 * rows, s[0] + s[s.length - 1])), true);
        } else {
            f.add("the network, its gradients and optimizer state", network, true);
            f.add("activations for batches of " + rows, activations, true);
        }
        f.add("the data set", datasetBytes, true);
        long stepsPerEpoch = (trainCount + config.batch() - 1) / config.batch();
        long steps = stepsPerEpoch * config.epochs(); // both below 2^31: no overflow in long
        if (steps > MAX_STEPS) {
            throw new WorkshopException(String.format("--epochs %d with %,d steps per epoch is %,d steps, more than the "
                    + "%,d one run can record: use fewer --epochs or a larger --batch", config.epochs(), stepsPerEpoch,
                    steps, MAX_STEPS));
        }
        f.add("per-step losses", floats(steps), true);
        return f;
    }

    /** The footprint of running a trained {@code spec} on batches of {@code batch} with {@code threads} threads. */
    public static Footprint inference(ModelSpec spec, int batch, int threads, boolean nativeTensors) {
        Footprint f = new Footprint();
        int[] s = spec.sizes();
        long widths = 0;
        for (int i = 1; i < s.length; i++) widths += s[i];
        long network = floats(add(spec.parameterCount(), mul(s[0], s[1])));
        long activations = floats(mul(mul(Math.max(1, threads), batch), s[0] + 2 * widths));
        f.add("the network", network, !nativeTensors);
        f.add("activations for batches of " + batch, activations, !nativeTensors);
        return f;
    }

    // saturating: a size past 2^63 bytes is "more than anything", not a wrapped negative number
    private static long floats(long n) { return mul(n, Float.BYTES); }

    private static long mul(long a, long b) {
        long r = a * b;
        return Math.multiplyHigh(a, b) != 0 || r < 0 ? Long.MAX_VALUE : r;
    }

    private static long add(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private void add(String what, long bytes, boolean onHeap) {
        if (bytes <= 0) return;
        names.add(what);
        sizes.add(bytes);
        if (onHeap) heap = add(heap, bytes);
        else offHeap = add(offHeap, bytes);
    }

    /** The parts that make up at least a tenth of {@code total}, e.g. "activations for batches of 64: 1.2 GB". */
    private String largest(long total) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (sizes.get(i) >= total / 10) out.add(names.get(i) + " " + size(sizes.get(i)));
        }
        return String.join(", ", out);
    }

    /** Bytes the Java heap must hold. */
    public long heapBytes() { return heap; }

    /** Bytes of native memory (libtorch's tensors). */
    public long nativeBytes() { return offHeap; }

    /**
     * Refuses the run in one line if its heap part exceeds {@code maxHeap} (normally
     * {@link Runtime#maxMemory()}) or its native part exceeds {@code physical} bytes (≤ 0: unknown).
     *
     * @param what the run, as the message names it (e.g. "784-300000-10 relu, --batch 64")
     */
    public void require(String what, long maxHeap, long physical) {
        if (heap > maxHeap) {
            throw new WorkshopException(what + " needs at least " + size(heap) + " of Java heap (" + largest(heap)
                    + ") but " + size(maxHeap) + " is available: use a smaller --batch or narrower layers, "
                    + "or give Java more (WORKSHOP_JAVA_OPTS=-Xmx...)");
        }
        if (physical > 0 && add(offHeap, heap) > physical) {
            throw new WorkshopException(what + " needs at least " + size(add(offHeap, heap)) + " of memory ("
                    + largest(add(offHeap, heap)) + ") but this machine has " + size(physical)
                    + ": use a smaller --batch or narrower layers");
        }
    }

    /** {@link #require} against this JVM's heap and the machine's memory. */
    public void require(String what) {
        long physical = -1;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        require(what, Runtime.getRuntime().maxMemory(), physical);
    }

    /** {@code bytes} as "12 KB", "1.5 GB" (powers of 1024). */
    public static String size(long bytes) {
        if (bytes == Long.MAX_VALUE) return "more than 8 EB";
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : (v >= 100 ? String.format("%.0f %s", v, units[u]) : String.format("%.1f %s", v, units[u]));
    }
}
