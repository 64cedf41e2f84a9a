package nnworkshop.tensor.kernel;

/** Run in a child JVM by {@link KernelsTest}: prints what {@link Kernels#fastest} picked there, and whether a peak was measured. */
final class FallbackProbe {

    private FallbackProbe() {
    }

    public static void main(String[] args) {
        try (FastGemm g = Kernels.fastest(2)) {
            float[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8}, c = new float[4];
            g.nt(2, 2, 2, a, b, null, c); // [1 2; 3 4]·[5 6; 7 8]ᵀ
            System.out.println(Kernels.describe(g) + " " + java.util.Arrays.toString(c)
                    + " peak " + (Kernels.measurePeak(2, 0.01).isPresent() ? "measured" : "unknown"));
        }
    }
}
