package nnworkshop.tensor.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Times the kernels at the shapes of the 784-128-10 MLP (batch 64 for training, 256 and 1000 for
 * evaluation) and prints GFLOP/s: medians of repeated timings after warm-up, all variants side by
 * side in one run (single runs on a shared machine are noisy; compare within a run).
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp target/classes
 * nnworkshop.tensor.kernel.GemmBenchmark [seconds-per-case]}
 */
public final class GemmBenchmark {

    /**
     * One product of one shape. {@code op} is nt (with bias), nn, tn, or nnb: nn with a bias, the
     * forward pass with the weights stored transposed (see {@link FastGemm#nn(int, int, int,
     * float[], float[], float[], float[])}).
     */
    public record Shape(String name, String op, int m, int n, int k) {
        public double flops() {
            return 2.0 * m * n * k;
        }
    }

    /**
     * One timing: median seconds per call and the GFLOP/s that gives. {@code threads} is the
     * kernel's thread count, {@code threadsUsed} how many the product actually ran on: 1 when it
     * stayed on the caller's thread (small products are not split), else {@code threads}.
     */
    public record Result(Shape shape, String variant, int threads, int threadsUsed, double seconds, double gflops) {
    }

    /**
     * The products of one training step at batch 64, and the forward pass at 256 and 1000. The
     * engine's first layer works on its transposed copy of W (see {@code nn.Dense}): its forward is
     * fwd1ᵀ (nn with a bias on Wᵀ) and its weight gradient dW1ᵀ = Xᵀ·dZ; fwd1 and dW1, the same
     * products on W as stored, are kept for comparison and are not counted in the epoch.
     */
    public static List<Shape> modelShapes() {
        return List.of(
                new Shape("fwd1 N=64", "nt", 64, 128, 784),
                new Shape("fwd2 N=64", "nt", 64, 10, 128),
                new Shape("fwd1ᵀ N=64", "nnb", 64, 128, 784),
                new Shape("dX2 N=64", "nn", 64, 128, 10),
                new Shape("dW1 N=64", "tn", 128, 784, 64),
                new Shape("dW1ᵀ N=64", "tn", 784, 128, 64),
                new Shape("dW2 N=64", "tn", 10, 128, 64),
                new Shape("fwd1 N=256", "nt", 256, 128, 784),
                new Shape("fwd1 N=1000", "nt", 1000, 128, 784),
                new Shape("fwd2 N=1000", "nt", 1000, 10, 128));
    }

    private GemmBenchmark() {
    }

    /**
     * Times every variant on every shape.
     *
     * @param variants   named kernels; each is closed afterwards if it is {@link AutoCloseable}
     * @param secondsPer approximate seconds of timed calls per (shape, variant), after warm-up
     */
    public static List<Result> run(List<Shape> shapes, List<Supplier<Gemm>> variants, double secondsPer) {
        List<Result> out = new ArrayList<>();
        List<Gemm> gemms = new ArrayList<>();
        for (Supplier<Gemm> v : variants) {
            gemms.add(v.get());
        }
        try {
            // Warm-up over every shape first: C2 compiles the kernels for the mix it will see,
            // and a kernel recompiled when the second shape arrives does not spoil the first.
            Random rnd = new Random(42);
            for (Shape s : shapes) {
                float[] c = new float[s.m * s.n];
                for (Gemm g : gemms) {
                    long end = System.nanoTime() + (long) (Math.min(0.25, secondsPer * 0.3) * 1e9);
                    int calls = 0;
                    while (System.nanoTime() < end || calls < 2) {
                        call(g, s, random(rnd, s.m * s.k), random(rnd, s.n * s.k), random(rnd, s.n), c);
                        calls++;
                    }
                }
            }
            for (Shape s : shapes) {
                float[] a = random(rnd, s.m * s.k);
                float[] b = random(rnd, s.n * s.k);
                float[] bias = random(rnd, s.n);
                float[] c = new float[s.m * s.n];
                double[] sec = time(gemms, s, a, b, bias, c, secondsPer);
                for (int v = 0; v < gemms.size(); v++) {
                    Gemm g = gemms.get(v);
                    int threads = g instanceof FastGemm p ? p.threads() : 1;
                    out.add(new Result(s, Kernels.describe(g), threads, threadsUsed(g, s, a, b, bias, c), sec[v],
                            s.flops() / sec[v] / 1e9));
                }
            }
        } finally {
            for (Gemm g : gemms) {
                if (g instanceof FastGemm p) {
                    p.close();
                }
            }
        }
        return out;
    }

    /** The default comparison: reference, blocked and vector kernels on 1 and 2 threads. */
    public static List<Supplier<Gemm>> defaultVariants() {
        List<Supplier<Gemm>> v = new ArrayList<>();
        v.add(Kernels::reference);
        v.add(() -> new BlockedGemm(1));
        v.add(() -> new BlockedGemm(2));
        if (Kernels.vectorApiAvailable()) {
            v.add(() -> Kernels.fastest(1));
            v.add(() -> Kernels.fastest(2));
        }
        return v;
    }

    public static void main(String[] args) {
        double secondsPer = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
        List<Supplier<Gemm>> variants = defaultVariants();
        List<Result> results = run(modelShapes(), variants, secondsPer);
        System.out.print(table(results));
    }

    /** Rows are shapes, columns variants, cells GFLOP/s; last columns: best / reference ratio. */
    public static String table(List<Result> results) {
        List<String> variants = results.stream().map(Result::variant).distinct().toList();
        List<Shape> shapes = results.stream().map(Result::shape).distinct().toList();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-12s %-3s %-15s", "shape", "op", "m×n×k"));
        for (String v : variants) {
            sb.append(String.format(" %22s", v));
        }
        sb.append("   GFLOP/s (median)\n");
        for (Shape s : shapes) {
            sb.append(String.format("%-12s %-3s %-15s", s.name, s.op, s.m + "×" + s.n + "×" + s.k));
            for (String v : variants) {
                double g = results.stream().filter(r -> r.shape.equals(s) && r.variant.equals(v))
                        .mapToDouble(Result::gflops).findFirst().orElse(Double.NaN);
                sb.append(String.format(" %22.1f", g));
            }
            sb.append('\n');
        }
        sb.append(String.format("%-32s", "GEMMs of one epoch (s)"));
        for (String v : variants) {
            sb.append(String.format(" %22.3f", epochSeconds(results, v)));
        }
        sb.append("   60000 images, batch 64: 938 × the N=64 rows\n");
        return sb.toString();
    }

    /**
     * Median seconds per call of each kernel. After a warm-up, rounds time one batch (about 2 ms)
     * of each kernel in turn, so a change in the machine's load affects all of them alike.
     */
    /**
     * Seconds the matrix products of one MNIST training epoch take with {@code variant}: the sum of
     * the batch-64 shapes the engine runs (one training step) times 938 steps; NaN if one is missing.
     */
    public static double epochSeconds(List<Result> results, String variant) {
        double step = 0;
        int found = 0;
        for (Result r : results) {
            if (r.variant.equals(variant) && EPOCH_SHAPES.contains(r.shape.name)) {
                step += r.seconds;
                found++;
            }
        }
        return found == 5 ? step * STEPS_PER_EPOCH : Double.NaN;
    }

    private static final int STEPS_PER_EPOCH = (60_000 + 63) / 64;

    /** The products the engine runs in one training step. */
    private static final List<String> EPOCH_SHAPES = List.of("fwd1ᵀ N=64", "fwd2 N=64", "dX2 N=64", "dW1ᵀ N=64",
            "dW2 N=64");

    private static double[] time(List<Gemm> gemms, Shape s, float[] a, float[] b, float[] bias,
                                 float[] c, double secondsPer) {
        int nv = gemms.size();
        int[] batch = new int[nv];
        double total = 0;
        for (int v = 0; v < nv; v++) {
            Gemm g = gemms.get(v);
            long warmEnd = System.nanoTime() + (long) (Math.min(0.3, secondsPer * 0.3) * 1e9);
            int calls = 0;
            long t0 = System.nanoTime();
            while (System.nanoTime() < warmEnd || calls < 3) {
                call(g, s, a, b, bias, c);
                calls++;
            }
            double perCall = (System.nanoTime() - t0) / 1e9 / calls;
            batch[v] = (int) Math.max(1, Math.min(1_000_000, 2e-3 / perCall));
            total += perCall * batch[v];
        }
        int rounds = (int) Math.max(5, Math.min(301, secondsPer * nv / total));
        double[][] t = new double[nv][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < nv; v++) {
                Gemm g = gemms.get(v);
                long start = System.nanoTime();
                for (int j = 0; j < batch[v]; j++) {
                    call(g, s, a, b, bias, c);
                }
                t[v][r] = (System.nanoTime() - start) / 1e9 / batch[v];
            }
        }
        double[] med = new double[nv];
        for (int v = 0; v < nv; v++) {
            Arrays.sort(t[v]);
            med[v] = t[v][rounds / 2];
        }
        return med;
    }

    /** Threads one call of the product runs on: the kernel's count if it was handed to its worker pool, else 1. */
    private static int threadsUsed(Gemm g, Shape s, float[] a, float[] b, float[] bias, float[] c) {
        if (!(g instanceof PooledGemm p) || p.threads() == 1) {
            return 1;
        }
        long before = p.poolJobs();
        call(g, s, a, b, bias, c);
        return p.poolJobs() > before ? p.threads() : 1;
    }

    private static void call(Gemm g, Shape s, float[] a, float[] b, float[] bias, float[] c) {
        switch (s.op) {
            case "nt" -> g.nt(s.m, s.n, s.k, a, b, bias, c);
            case "nn" -> g.nn(s.m, s.n, s.k, a, b, c);
            case "nnb" -> {
                if (g instanceof FastGemm p) {
                    p.nn(s.m, s.n, s.k, a, b, bias, c);
                } else {
                    g.nn(s.m, s.n, s.k, a, b, c);
                    for (int i = 0; i < s.m; i++) {
                        for (int j = 0; j < s.n; j++) {
                            c[i * s.n + j] += bias[j];
                        }
                    }
                }
            }
            case "tn" -> g.tn(s.m, s.n, s.k, a, b, c);
            default -> throw new IllegalArgumentException("unknown op " + s.op);
        }
    }

    private static float[] random(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }
}
