package nnworkshop.tensor;

import static org.junit.jupiter.api.Assertions.fail;

/** The one closeness check of the engine's tests: |actual − expected| ≤ atol + rtol·|expected|, element by element. */
public final class Close {
    private Close() {}

    public static void assertClose(double actual, double expected, double rtol, double atol) {
        if (!(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected))) {
            fail("expected " + expected + " but was " + actual + " (diff " + Math.abs(actual - expected) + ", rtol "
                    + rtol + ", atol " + atol + ")");
        }
    }

    public static void assertClose(float[] actual, float[] expected, double rtol, double atol) {
        assertClose(actual, 0, expected, rtol, atol);
    }

    /** Compares actual[offset .. offset + expected.length) with expected. */
    public static void assertClose(float[] actual, int offset, float[] expected, double rtol, double atol) {
        if (actual.length - offset < expected.length) fail("only " + (actual.length - offset) + " values, expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double a = actual[offset + i], e = expected[i];
            if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
                fail("at [" + i + "]: expected " + e + " but was " + a + " (diff " + Math.abs(a - e) + ", rtol " + rtol
                        + ", atol " + atol + ")");
            }
        }
    }

    public static void assertClose(Matrix actual, float[] expected, double rtol, double atol) {
        if (actual.size() != expected.length) fail(actual.shape() + " has " + actual.size() + " values, expected " + expected.length);
        assertClose(actual.data(), 0, expected, rtol, atol);
    }

    public static void assertClose(double[] actual, double[] expected, double rtol, double atol) {
        if (actual.length != expected.length) fail(actual.length + " values, expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]))) {
                fail("at [" + i + "]: expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }
}
