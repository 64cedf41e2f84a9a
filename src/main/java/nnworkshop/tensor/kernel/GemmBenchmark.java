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

    /** One product of one shape. {@code op} is nt (with bias), nn or tn. */
    public record Shape(String name, String op, int m, int n, int k) {
        public double flops() {
            return 2.0 * m * n * k;
        }
    }

    /** One timing: median seconds per call and the GFLOP/s that gives. */
    public record Result(Shape shape, String variant, int threads, double seconds, double gflops) {
    }

    /** The products of one training step at batch 64, and the forward pass at 256 and 1000. */
    public static List<Shape> modelShapes() {
        return List.of(
                new Shape("fwd1 N=64", "nt", 64, 128, 784),
                new Shape("fwd2 N=64", "nt", 64, 10, 128),
                new Shape("dX2 N=64", "nn", 64, 128, 10),
                new Shape("dW1 N=64", "tn", 128, 784, 64),
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
            Random rnd = new Random(42);
            for (Shape s : shapes) {
                float[] a = random(rnd, s.m * s.k + (s.op.equals("tn") ? 0 : 0));
                float[] b = random(rnd, s.n * s.k);
                float[] bias = random(rnd, s.n);
                float[] c = new float[s.m * s.n];
                for (Gemm g : gemms) {
                    double sec = time(g, s, a, b, bias, c, secondsPer);
                    int threads = g instanceof ParallelGemm p ? p.threads() : 1;
                    out.add(new Result(s, Kernels.describe(g), threads, sec, s.flops() / sec / 1e9));
                }
            }
        } finally {
            for (Gemm g : gemms) {
                if (g instanceof ParallelGemm p) {
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
        if (args.length > 1 && args[1].equals("nt") && Kernels.vectorApiAvailable()) {
            for (int t = 1; t <= 2; t++) {
                int threads = t;
                variants.add(() -> new VectorGemm(threads, VectorGemm.NtMethod.DOT));
                variants.add(() -> new VectorGemm(threads, VectorGemm.NtMethod.PACKED));
            }
        }
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
        double epochSeconds = 0;
        return sb.toString();
    }

    private static double time(Gemm g, Shape s, float[] a, float[] b, float[] bias, float[] c,
                               double secondsPer) {
        // Warm up (JIT), then time batches of calls long enough to read the clock reliably.
        long warmEnd = System.nanoTime() + (long) (secondsPer * 0.5e9);
        int calls = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < warmEnd || calls < 3) {
            call(g, s, a, b, bias, c);
            calls++;
        }
        double perCall = (System.nanoTime() - t0) / 1e9 / calls;
        int batch = (int) Math.max(1, Math.min(1_000_000, 2e-3 / perCall));
        int samples = (int) Math.max(5, Math.min(201, secondsPer / (perCall * batch)));
        double[] t = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            for (int j = 0; j < batch; j++) {
                call(g, s, a, b, bias, c);
            }
            t[i] = (System.nanoTime() - start) / 1e9 / batch;
        }
        Arrays.sort(t);
        return t[samples / 2];
    }

    private static void call(Gemm g, Shape s, float[] a, float[] b, float[] bias, float[] c) {
        switch (s.op) {
            case "nt" -> g.nt(s.m, s.n, s.k, a, b, bias, c);
            case "nn" -> g.nn(s.m, s.n, s.k, a, b, c);
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
