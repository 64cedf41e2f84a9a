package nnworkshop.notebook;

import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import org.jfree.chart.JFreeChart;

import nnworkshop.data.DataStore;
import nnworkshop.report.Charts;
import nnworkshop.train.TrainingRun;

/**
 * What the notebooks call besides the library: quick mode, a chart as an image, the data store,
 * and the checks of the exercises. A {@code BufferedImage} that ends a cell is shown by the kernel
 * as a PNG, so every figure goes through {@link #image}.
 *
 * <p>Quick mode ({@value #QUICK_ENV}=1, set by {@code ./workshop notebooks run --quick}) makes the
 * notebooks train on fewer images for fewer epochs, so all five run in a few minutes on two cores;
 * the code they run is the same.
 */
public final class Nb {
    /** The environment variable of quick mode. */
    public static final String QUICK_ENV = "NNWORKSHOP_QUICK";

    private Nb() {}

    /** Whether quick mode is on: {@value #QUICK_ENV} set to anything but "", "0" or "false". */
    public static boolean quick() {
        String v = System.getenv(QUICK_ENV);
        return v != null && !v.isBlank() && !v.strip().equals("0") && !v.strip().equalsIgnoreCase("false");
    }

    /** {@code full}, or {@code quick} in quick mode: {@code Nb.pick(10, 2)} epochs. */
    public static int pick(int full, int quick) {
        return quick() ? quick : full;
    }

    /** Threads for the from-scratch engine's matrix kernels: one per core, up to 4 (the CLI's default). */
    public static int threads() {
        return nnworkshop.scratch.ScratchEngine.defaultThreads();
    }

    /** The data cache the CLI uses ({@code $NNWORKSHOP_DATA} or {@code ~/.cache/nn-workshop}), logging to the notebook. */
    public static DataStore store() {
        return DataStore.open(null, System.out::println);
    }

    /** One line saying which mode runs, for the first cell of a notebook. */
    public static String mode() {
        return quick() ? "quick mode (" + QUICK_ENV + "=1): small data, few epochs" : "full mode";
    }

    /** A chart rendered as an image, to end a cell with. */
    public static BufferedImage image(JFreeChart chart, int width, int height) {
        return Charts.render(chart, width, height);
    }

    /** The same run under another name, for a figure's legend (TrainingFigures labels runs by {@code impl}). */
    public static TrainingRun relabel(TrainingRun r, String label) {
        return new TrainingRun(label, r.kernel(), r.threads(), r.dataset(), r.spec(), r.config(), r.history(), r.testLoss(),
                r.testAccuracy(), r.confusion(), r.testPredictions(), r.weights());
    }

    /** max |a[i] − b[i]| over the first {@code n} entries. */
    public static double maxAbsDiff(float[] a, float[] b, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }

    /** {@code maxAbsDiff} over all of two arrays of one length. */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException(a.length + " values against " + b.length);
        return maxAbsDiff(a, b, a.length);
    }

    // ---- exercises: a check prints its verdict and never throws (a learner's answer is not a bug);
    // ---- the solution cells at the end of each notebook call the require… twins, which do throw.

    /**
     * Compares {@code yours} with {@code expected} at 2001 points of [lo, hi] and prints ✓, or the
     * worst point, or "not answered yet" when yours returns NaN (the placeholder).
     */
    public static void checkFunction(String what, DoubleUnaryOperator yours, DoubleUnaryOperator expected,
                                     double lo, double hi, double tol) {
        strictly(functionAgrees(what, yours, expected, lo, hi, tol), what);
    }

    /** {@link #checkFunction}, throwing if it does not pass: for solution cells. */
    public static void requireFunction(String what, DoubleUnaryOperator yours, DoubleUnaryOperator expected,
                                       double lo, double hi, double tol) {
        require(functionAgrees(what, yours, expected, lo, hi, tol), what);
    }

    /** Compares a number and prints ✓ and the difference, ✗, or "not answered yet" for NaN. */
    public static void checkValue(String what, double yours, double expected, double tol) {
        strictly(valueAgrees(what, yours, expected, tol), what);
    }

    /**
     * {@link #checkValue} of a value the learner's code computes when asked: "not implemented yet"
     * while it throws {@code NotImplementedYet} (the student edition's stub), and no stack trace if it throws something else.
     */
    public static void checkValue(String what, java.util.function.DoubleSupplier yours, double expected, double tol) {
        double v;
        try {
            v = yours.getAsDouble();
        } catch (nnworkshop.exercise.NotImplementedYet e) {
            System.out.println("… " + what + ": not implemented yet");
            strictly(false, what);
            return;
        } catch (RuntimeException e) {
            System.out.println("✗ " + what + ": your code threw " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
            strictly(false, what);
            return;
        }
        checkValue(what, v, expected, tol);
    }

    /** {@link #checkValue}, throwing if it does not pass: for solution cells. */
    public static void requireValue(String what, double yours, double expected, double tol) {
        require(valueAgrees(what, yours, expected, tol), what);
    }

    static boolean functionAgrees(String what, DoubleUnaryOperator yours, DoubleUnaryOperator expected,
                                  double lo, double hi, double tol) {
        double worst = -1, worstZ = Double.NaN, worstYours = 0, worstExpected = 0;
        int points = 2001;
        for (int i = 0; i < points; i++) {
            double z = lo + (hi - lo) * i / (points - 1);
            double y, e = expected.applyAsDouble(z);
            try {
                y = yours.applyAsDouble(z);
            } catch (nnworkshop.exercise.NotImplementedYet ex) {
                System.out.println("… " + what + ": not implemented yet");
                return false;
            } catch (RuntimeException ex) {
                System.out.println("✗ " + what + ": your code threw " + ex.getClass().getSimpleName() + " at z = " + z);
                return false;
            }
            if (Double.isNaN(y) && i == 0) {
                System.out.println("… " + what + ": not answered yet (replace the NaN placeholder)");
                return false;
            }
            double d = Double.isNaN(y) ? Double.POSITIVE_INFINITY : Math.abs(y - e);
            if (d > worst) {
                worst = d;
                worstZ = z;
                worstYours = y;
                worstExpected = e;
            }
        }
        if (worst <= tol) {
            System.out.printf(Locale.ROOT, "✓ %s: agrees at %d points of [%s, %s] (largest difference %.2e)%n",
                    what, points, plain(lo), plain(hi), worst);
            return true;
        }
        System.out.printf(Locale.ROOT, "✗ %s: at z = %.4f yours gives %.6g, off by more than %.0e%n", what, worstZ, worstYours,
                tol);
        return false;
    }

    static boolean valueAgrees(String what, double yours, double expected, double tol) {
        if (Double.isNaN(yours)) {
            System.out.println("… " + what + ": not answered yet (replace the NaN placeholder)");
            return false;
        }
        double d = Math.abs(yours - expected);
        boolean ok = d <= tol;
        // the expected value is never printed: a learner's answer is compared, not given away
        System.out.printf(Locale.ROOT, ok ? "✓ %s: yours %.8g agrees (difference %.2e)%n" : "✗ %s: yours %.8g does not agree "
                + "(the difference is above the tolerance %.0e)%n", what, yours, ok ? d : tol);
        return ok;
    }

    /** In the instructor edition (strict checks), an answer that does not pass stops the notebook. */
    private static boolean strictly(boolean passed, String what) {
        if (!passed && nnworkshop.exercise.Checks.isStrict()) throw new AssertionError("a solution does not pass its check: " + what);
        return passed;
    }

    private static void require(boolean passed, String what) {
        if (!passed) throw new AssertionError("the solution of '" + what + "' does not pass its own check");
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
