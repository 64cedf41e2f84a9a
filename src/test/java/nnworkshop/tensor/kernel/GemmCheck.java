package nnworkshop.tensor.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Test data and the one closeness check every kernel test uses. */
final class GemmCheck {

    static final double RTOL = 1e-5;
    static final double ATOL = 1e-6;
    /** Written past the end of C; must survive every product. */
    static final float SENTINEL = -12345.5f;

    private GemmCheck() {
    }

    /** Inputs for one product; arrays are longer than needed by {@code extra} elements. */
    record Case(String op, int m, int n, int k, float[] a, float[] b, float[] bias,
                double[] ref, double[] scale) {

        @Override
        public String toString() {
            return op + (bias == null ? "" : "+bias") + " " + m + "x" + n + "x" + k;
        }

        /** Runs {@code g} on a fresh C filled with NaN (must be overwritten) and sentinels past m·n. */
        float[] run(Gemm g, int extra) {
            float[] c = new float[m * n + extra];
            java.util.Arrays.fill(c, 0, m * n, Float.NaN);
            java.util.Arrays.fill(c, m * n, c.length, SENTINEL);
            switch (op) {
                case "nt" -> g.nt(m, n, k, a, b, bias, c);
                case "nn" -> {
                    if (bias == null) {
                        g.nn(m, n, k, a, b, c);
                    } else {
                        ((FastGemm) g).nn(m, n, k, a, b, bias, c);
                    }
                }
                case "tn" -> g.tn(m, n, k, a, b, c);
                default -> throw new IllegalArgumentException(op);
            }
            return c;
        }
    }

    /**
     * Random A, B (and bias) for {@code op} with arrays {@code extra} elements too long, the reference
     * result in double, and each output's scale Σ_p |a_ip·b_pj| + |bias_j|.
     */
    static Case make(String op, int m, int n, int k, boolean withBias, long seed, int extra) {
        Random rnd = new Random(seed);
        float[] a = gaussian(rnd, m * k + extra);
        float[] b = gaussian(rnd, n * k + extra);
        float[] bias = withBias ? gaussian(rnd, n + extra) : null;
        double[] ref = new double[m * n];
        double[] scale = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = bias == null ? 0 : bias[j];
                double t = bias == null ? 0 : Math.abs(bias[j]);
                for (int p = 0; p < k; p++) {
                    double x = switch (op) {
                        case "nt" -> (double) a[i * k + p] * b[j * k + p];
                        case "nn" -> (double) a[i * k + p] * b[p * n + j];
                        case "tn" -> (double) a[p * m + i] * b[p * n + j];
                        default -> throw new IllegalArgumentException(op);
                    };
                    s += x;
                    t += Math.abs(x);
                }
                ref[i * n + j] = s;
                scale[i * n + j] = t;
            }
        }
        return new Case(op, m, n, k, a, b, bias, ref, scale);
    }

    /** Index of the first output outside |c − ref| ≤ RTOL·scale + ATOL, or -1 if all pass. */
    static int firstMismatch(Case cs, float[] c) {
        for (int i = 0; i < cs.ref.length; i++) {
            double err = Math.abs(c[i] - cs.ref[i]);
            if (!(err <= RTOL * cs.scale[i] + ATOL)) { // NaN fails too
                return i;
            }
        }
        return -1;
    }

    /** Fails unless every output is close to the reference and everything past m·n is untouched. */
    static void assertMatches(Case cs, float[] c, String who) {
        int bad = firstMismatch(cs, c);
        if (bad >= 0) {
            fail(who + " " + cs + ": C[" + bad / cs.n + "][" + bad % cs.n + "] = " + c[bad]
                    + ", reference " + cs.ref[bad] + " (scale " + cs.scale[bad] + ")");
        }
        for (int i = cs.m * cs.n; i < c.length; i++) {
            if (c[i] != SENTINEL) {
                fail(who + " " + cs + ": wrote C[" + i + "] past m*n = " + cs.m * cs.n);
            }
        }
    }

    static float[] gaussian(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }
}
