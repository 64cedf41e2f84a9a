package nnworkshop.train;

import nnworkshop.data.Dataset;

/**
 * Classification metrics from predicted and true labels. The confusion matrix C is K×K with
 * rows = true class, columns = predicted class: C[t][p] counts samples of class t predicted as p.
 */
public final class Metrics {
    private Metrics() {}

    /** Fraction of samples with predicted == actual (NaN for none). */
    public static double accuracy(int[] predicted, int[] actual) {
        checkLengths(predicted, actual);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == actual[i]) correct++;
        return predicted.length == 0 ? Double.NaN : (double) correct / predicted.length;
    }

    /** C[t][p], rows = true class, columns = predicted. */
    public static int[][] confusionMatrix(int[] predicted, int[] actual, int classes) {
        checkLengths(predicted, actual);
        int[][] c = new int[classes][classes];
        for (int i = 0; i < predicted.length; i++) {
            int t = actual[i], p = predicted[i];
            if (t < 0 || t >= classes || p < 0 || p >= classes) {
                throw new IllegalArgumentException("label out of 0.." + (classes - 1) + " at sample " + i + ": true " + t
                        + ", predicted " + p);
            }
            c[t][p]++;
        }
        return c;
    }

    /** Trace / total of a confusion matrix. */
    public static double accuracy(int[][] confusion) {
        long correct = 0, total = 0;
        for (int t = 0; t < confusion.length; t++) {
            for (int p = 0; p < confusion.length; p++) {
                total += confusion[t][p];
                if (t == p) correct += confusion[t][p];
            }
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /**
     * Per class k: C[k][k] / Σ_t C[t][k], the fraction of samples predicted k that are k
     * (0 when nothing was predicted as k, as scikit-learn's default).
     */
    public static double[] precision(int[][] confusion) {
        int k = confusion.length;
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            long col = 0;
            for (int t = 0; t < k; t++) col += confusion[t][c];
            out[c] = col == 0 ? 0.0 : (double) confusion[c][c] / col;
        }
        return out;
    }

    /** Per class k: C[k][k] / Σ_p C[k][p], the fraction of samples of class k found (0 for a class with no samples). */
    public static double[] recall(int[][] confusion) {
        int k = confusion.length;
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            long row = 0;
            for (int p = 0; p < k; p++) row += confusion[c][p];
            out[c] = row == 0 ? 0.0 : (double) confusion[c][c] / row;
        }
        return out;
    }

    /** The labels of a data set as ints. */
    public static int[] labels(Dataset data) {
        int[] out = new int[data.count()];
        for (int i = 0; i < out.length; i++) out[i] = data.label(i);
        return out;
    }

    private static void checkLengths(int[] predicted, int[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + actual.length + " labels");
        }
    }
}
