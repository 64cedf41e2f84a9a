package nnworkshop.train;

import static nnworkshop.tensor.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final int[] ACTUAL = {0, 0, 1, 1, 2, 2};
    private static final int[] PREDICTED = {0, 1, 1, 1, 2, 0};

    @Test
    void confusionMatrixHasTrueClassesAsRows() {
        int[][] c = Metrics.confusionMatrix(PREDICTED, ACTUAL, 3);
        assertArrayEquals(new int[] {1, 1, 0}, c[0]);
        assertArrayEquals(new int[] {0, 2, 0}, c[1]);
        assertArrayEquals(new int[] {1, 0, 1}, c[2]);
        assertClose(Metrics.accuracy(c), 4 / 6.0, 1e-15, 0);
        assertClose(Metrics.accuracy(PREDICTED, ACTUAL), 4 / 6.0, 1e-15, 0);
    }

    @Test
    void precisionAndRecallPerClass() {
        int[][] c = Metrics.confusionMatrix(PREDICTED, ACTUAL, 3);
        assertClose(Metrics.precision(c), new double[] {1 / 2.0, 2 / 3.0, 1.0}, 1e-15, 0);
        assertClose(Metrics.recall(c), new double[] {1 / 2.0, 1.0, 1 / 2.0}, 1e-15, 0);
        // a class never predicted has precision 0 (scikit-learn's zero_division default), not NaN
        int[][] none = Metrics.confusionMatrix(new int[] {0, 0}, new int[] {0, 1}, 2);
        assertClose(Metrics.precision(none), new double[] {0.5, 0.0}, 1e-15, 0);
        assertClose(Metrics.recall(none), new double[] {1.0, 0.0}, 1e-15, 0);
    }

    @Test
    void badInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[2], new int[3]));
        assertThrows(IllegalArgumentException.class, () -> Metrics.confusionMatrix(new int[] {3}, new int[] {0}, 3));
    }
}
