package nnworkshop.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import nnworkshop.data.Dataset;
import nnworkshop.tensor.Tensor;

/**
 * The figures of Part 5, the comparison of two implementations: the parity plot (relative
 * difference of the two losses at every step), a confusion matrix as a heat map, a gallery of the
 * most confident mistakes, and first-layer weights drawn as images. Plain inputs (arrays, a
 * {@link Dataset}, a {@link Tensor}), so the figures know nothing of how the numbers were made.
 * Each method writes one PNG atomically and returns its path; {@code render…} methods return the
 * image for a notebook.
 */
public final class ComparisonFigures {
    /** Relative differences of exactly 0 are drawn at this value (a log axis has no 0). */
    public static final double LOG_FLOOR = 1e-9;

    private static final Color EPOCH1 = new Color(0xFFF3C4);
    private static final Color CELL_HIGH = new Color(0x08306B);

    private ComparisonFigures() {}

    // ------------------------------------------------------------------------------------ parity

    /**
     * The parity plot: the relative difference |L_b − L_a| / |L_a| of the two runs' losses at
     * every step (free-running: each trained on its own), on a log axis, with the first epoch
     * shaded and the bound expected there; and the lock-step checkpoints (same weights, same batch)
     * as points: their relative Δloss and their largest relative Δgrad.
     *
     * @param freeRelDLoss        relative Δloss of every step (index 0 = step 1)
     * @param stepsPerEpoch       steps in one epoch
     * @param checkpointSteps     the lock-step checkpoints' steps (0-based, as {@code freeRelDLoss}'s indices)
     * @param checkpointRelDLoss  their relative Δloss
     * @param checkpointRelDGrad  their largest relative Δgrad over the parameter tensors
     * @param firstEpochBound     the bound drawn over the first epoch (e.g. 1e-4), or NaN for none
     */
    public static Path parity(double[] freeRelDLoss, int stepsPerEpoch, int[] checkpointSteps, double[] checkpointRelDLoss,
                              double[] checkpointRelDGrad, double firstEpochBound, Path target) {
        return Charts.savePng(parityChart(freeRelDLoss, stepsPerEpoch, checkpointSteps, checkpointRelDLoss,
                checkpointRelDGrad, firstEpochBound), 1200, 520, target);
    }

    /** The parity chart (see {@link #parity}). */
    public static JFreeChart parityChart(double[] freeRelDLoss, int stepsPerEpoch, int[] checkpointSteps,
                                         double[] checkpointRelDLoss, double[] checkpointRelDGrad, double firstEpochBound) {
        XYSeriesCollection data = new XYSeriesCollection();
        int zeros = 0;
        XYSeries free = new XYSeries("free-running: relative Δloss at every step", false, true);
        for (int i = 0; i < freeRelDLoss.length; i++) {
            double v = freeRelDLoss[i];
            if (v == 0) zeros++;
            if (Double.isFinite(v)) free.add(i + 1, Math.max(v, LOG_FLOOR));
        }
        XYSeries lossAt = new XYSeries("lock-step: relative Δloss (same weights, same batch)", false, true);
        XYSeries gradAt = new XYSeries("lock-step: largest relative Δgrad", false, true);
        for (int c = 0; c < checkpointSteps.length; c++) {
            if (checkpointRelDLoss[c] == 0) zeros++;
            if (Double.isFinite(checkpointRelDLoss[c])) lossAt.add(checkpointSteps[c] + 1, Math.max(checkpointRelDLoss[c], LOG_FLOOR));
            if (Double.isFinite(checkpointRelDGrad[c])) gradAt.add(checkpointSteps[c] + 1, Math.max(checkpointRelDGrad[c], LOG_FLOOR));
        }
        data.addSeries(free);
        data.addSeries(lossAt);
        data.addSeries(gradAt);

        NumberAxis x = new NumberAxis("training step");
        x.setAutoRangeIncludesZero(false);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        LogAxis y = new LogAxis("relative difference, from scratch vs PyTorch (log scale)");
        y.setBase(10);
        y.setSmallestValue(LOG_FLOOR);
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // one tick per power of ten
        y.setNumberFormatOverride(new java.text.DecimalFormat("0.#E0"));

        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, false); // thousands of steps: dots show the spread, a line would only zig-zag
        r.setSeriesShapesVisible(0, true);
        r.setSeriesShape(0, new Ellipse2D.Double(-1.5, -1.5, 3, 3));
        r.setSeriesPaint(0, withAlpha(Charts.series(0), 140));
        r.setSeriesLinesVisible(1, false);
        r.setSeriesShapesVisible(1, true);
        r.setSeriesPaint(1, Charts.series(1));
        r.setSeriesShape(1, new Ellipse2D.Double(-4, -4, 8, 8));
        r.setSeriesLinesVisible(2, false);
        r.setSeriesShapesVisible(2, true);
        r.setSeriesPaint(2, Charts.series(3));
        r.setSeriesShape(2, new Rectangle2D.Double(-3.5, -3.5, 7, 7));
        XYPlot plot = new XYPlot(data, x, y, r);

        int steps = freeRelDLoss.length;
        if (stepsPerEpoch > 0 && steps > 0) {
            IntervalMarker epoch1 = new IntervalMarker(0.5, Math.min(stepsPerEpoch, steps) + 0.5, EPOCH1);
            epoch1.setLabel("epoch 1");
            epoch1.setLabelFont(Charts.TICK_FONT);
            epoch1.setLabelPaint(Charts.TEXT);
            epoch1.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            epoch1.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            epoch1.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(6, 6, 6, 6));
            plot.addDomainMarker(epoch1, Layer.BACKGROUND);
            int epochs = (steps + stepsPerEpoch - 1) / stepsPerEpoch;
            if (epochs <= 30) {
                for (int e = 1; e < epochs; e++) {
                    ValueMarker end = new ValueMarker(e * stepsPerEpoch + 0.5, Charts.GRID, Charts.dashed(1f));
                    plot.addDomainMarker(end, Layer.BACKGROUND);
                }
            }
        }
        if (Double.isFinite(firstEpochBound) && stepsPerEpoch > 0 && steps > 0) {
            double end = Math.min(stepsPerEpoch, steps) + 0.5;
            plot.addAnnotation(new org.jfree.chart.annotations.XYLineAnnotation(0.5, firstEpochBound, end, firstEpochBound,
                    Charts.dashed(1.5f), Charts.AXIS));
            XYTextAnnotation label = new XYTextAnnotation("bound " + powerOfTen(firstEpochBound), 0.5 + steps * 0.005,
                    firstEpochBound * 1.6);
            label.setFont(Charts.TICK_FONT);
            label.setPaint(Charts.TEXT);
            label.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addAnnotation(label);
        }
        JFreeChart chart = new JFreeChart("Do they compute the same thing? Relative difference of the loss, step by step",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        String sub = "free-running: each trains on its own · lock-step: PyTorch gets the from-scratch weights and batch";
        if (zeros > 0) sub += String.format(Locale.ROOT, " · %d exact ties (0) drawn at %s", zeros, powerOfTen(LOG_FLOOR));
        chart.addSubtitle(new TextTitle(sub));
        Charts.style(chart);
        return chart;
    }

    /** 1e-4 as "1e-4" (not "1e-04"); other values with two significant digits. */
    static String powerOfTen(double v) {
        double e = Math.log10(v);
        if (Math.abs(e - Math.rint(e)) < 1e-9) return "1e" + (long) Math.rint(e);
        return String.format(Locale.ROOT, "%.2g", v);
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    // ---------------------------------------------------------------------------------- confusion

    /**
     * A confusion matrix as a heat map: rows the true class (top to bottom), columns the predicted
     * class, each cell's colour from its count on a logarithmic scale (so the few mistakes show
     * beside the large diagonal), the count written in every non-empty cell.
     *
     * @param confusion  (K, K) counts, rows = true class (not modified)
     * @param classNames the K class names
     * @param title      e.g. "Confusion matrix — from scratch"
     */
    public static Path confusion(int[][] confusion, List<String> classNames, String title, Path target) {
        return Charts.savePng(confusionChart(confusion, classNames, title), 760, 700, target);
    }

    /** The confusion heat map (see {@link #confusion}). */
    public static JFreeChart confusionChart(int[][] confusion, List<String> classNames, String title) {
        int k = confusion.length;
        if (k == 0 || classNames.size() != k) {
            throw new IllegalArgumentException(k + " classes in the matrix but " + classNames.size() + " names");
        }
        double[] xs = new double[k * k], ys = new double[k * k], zs = new double[k * k];
        long total = 0, correct = 0;
        int max = 0;
        for (int t = 0; t < k; t++) {
            if (confusion[t].length != k) throw new IllegalArgumentException("row " + t + " has " + confusion[t].length + " columns");
            for (int p = 0; p < k; p++) {
                int i = t * k + p;
                xs[i] = p;
                ys[i] = t;
                zs[i] = confusion[t][p];
                total += confusion[t][p];
                if (t == p) correct += confusion[t][p];
                max = Math.max(max, confusion[t][p]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("counts", new double[][] {xs, ys, zs});
        String[] names = classNames.toArray(new String[0]);
        SymbolAxis x = new SymbolAxis("predicted class", names);
        SymbolAxis y = new SymbolAxis("true class", names);
        y.setInverted(true);
        boolean longNames = classNames.stream().anyMatch(n -> n.length() > 3);
        if (longNames) x.setVerticalTickLabels(true);
        for (SymbolAxis a : List.of(x, y)) {
            a.setGridBandsVisible(false);
            a.setRange(-0.5, k - 0.5);
        }
        XYBlockRenderer r = new XYBlockRenderer();
        LogPaintScale scale = new LogPaintScale(Math.max(max, 1), Color.WHITE, CELL_HIGH);
        r.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, x, y, r);
        Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, k <= 10 ? 13 : 9);
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                if (confusion[t][p] == 0) continue;
                XYTextAnnotation a = new XYTextAnnotation(String.format(Locale.ROOT, "%,d", confusion[t][p]), p, t);
                a.setFont(cellFont);
                a.setPaint(scale.fraction(confusion[t][p]) > 0.55 ? Color.WHITE : Charts.TEXT);
                plot.addAnnotation(a);
            }
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT,
                "test accuracy %.2f%% · %,d of %,d wrong · colour: count on a log scale", total == 0 ? 0 : 100.0 * correct / total,
                total - correct, total)));
        Charts.style(chart);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        return chart;
    }

    /** White (0) to {@code high} (max), by log(1 + count) / log(1 + max). */
    static final class LogPaintScale implements PaintScale {
        private final double max;
        private final Color low, high;

        LogPaintScale(double max, Color low, Color high) {
            this.max = max;
            this.low = low;
            this.high = high;
        }

        double fraction(double v) {
            if (!(v > 0)) return 0;
            return Math.min(1, Math.log1p(v) / Math.log1p(max));
        }

        @Override
        public double getLowerBound() { return 0; }

        @Override
        public double getUpperBound() { return max; }

        @Override
        public Paint getPaint(double value) {
            double t = fraction(value);
            return new Color((int) Math.round(low.getRed() + t * (high.getRed() - low.getRed())),
                    (int) Math.round(low.getGreen() + t * (high.getGreen() - low.getGreen())),
                    (int) Math.round(low.getBlue() + t * (high.getBlue() - low.getBlue())));
        }
    }

    // ------------------------------------------------------------------------------- mistakes

    /**
     * The test images a model got wrong, most confident first, each captioned
     * "true 4 → pred 9 (97%)" (the model's probability for its wrong answer).
     *
     * @param test        the test images (not modified)
     * @param predicted   (N) the model's predicted class of each
     * @param confidence  (N) its probability for that class
     * @param classNames  names of the classes
     * @param count       at most this many images
     * @param columns     images per row
     * @param title       the figure's title
     */
    public static Path misclassified(Dataset test, int[] predicted, float[] confidence, List<String> classNames, int count,
                                     int columns, String title, Path target) {
        return Charts.savePng(renderMisclassified(test, predicted, confidence, classNames, count, columns, title), target);
    }

    /** The indices of the wrong predictions, most confident first (ties by index). */
    public static int[] mistakesByConfidence(Dataset test, int[] predicted, float[] confidence) {
        if (predicted.length != test.count() || confidence.length != test.count()) {
            throw new IllegalArgumentException(test.count() + " images but " + predicted.length + " predictions and "
                    + confidence.length + " confidences");
        }
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) if (predicted[i] != test.label(i)) wrong.add(i);
        wrong.sort(Comparator.comparingDouble((Integer i) -> -confidence[i]).thenComparingInt(i -> i));
        return wrong.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The gallery of mistakes (see {@link #misclassified}). */
    public static BufferedImage renderMisclassified(Dataset test, int[] predicted, float[] confidence, List<String> classNames,
                                                    int count, int columns, String title) {
        int[] order = mistakesByConfidence(test, predicted, confidence);
        List<DigitImages.Tile> tiles = new ArrayList<>();
        for (int j = 0; j < Math.min(count, order.length); j++) {
            int i = order[j];
            String caption = String.format(Locale.ROOT, "true %s → pred %s (%.0f%%)", classNames.get(test.label(i)),
                    classNames.get(predicted[i]), 100 * confidence[i]);
            tiles.add(new DigitImages.Tile(DigitImages.digit(test, i, 3), caption));
        }
        if (tiles.isEmpty()) {
            float[] blank = new float[test.rows() * test.cols()];
            tiles.add(new DigitImages.Tile(DigitImages.tile(blank, test.rows(), test.cols(), 0, 1, DigitImages.Palette.INK, 3),
                    "no mistakes on the test set"));
        }
        return DigitImages.grid(title, tiles, columns).image();
    }

    // -------------------------------------------------------------------------------- weights

    /**
     * The first {@code units} rows of a first-layer weight matrix W (H, D), each drawn as a
     * {@code rows × cols} image (D = rows·cols) on the diverging palette over [−range, range]:
     * red where ink excites the unit, blue where it inhibits it, white for 0.
     *
     * @param weight (H, D), not modified
     * @param range  the value drawn full red (and its negative full blue); give two models the same
     *               range so their pictures compare
     */
    public static Path firstLayerWeights(Tensor weight, int units, double range, int rows, int cols, int columns,
                                         String title, Path target) {
        return Charts.savePng(renderFirstLayerWeights(weight, units, range, rows, cols, columns, title), target);
    }

    /** The weight images (see {@link #firstLayerWeights}). */
    public static BufferedImage renderFirstLayerWeights(Tensor weight, int units, double range, int rows, int cols,
                                                        int columns, String title) {
        if (weight.rank() != 2 || weight.dim(1) != rows * cols) {
            throw new IllegalArgumentException("weights " + weight.shapeText() + " are not (H, " + rows * cols + ")");
        }
        int d = rows * cols, h = Math.min(units, weight.dim(0));
        List<DigitImages.Tile> tiles = new ArrayList<>();
        for (int u = 0; u < h; u++) {
            float[] w = Arrays.copyOfRange(weight.data(), u * d, (u + 1) * d);
            tiles.add(new DigitImages.Tile(DigitImages.tile(w, rows, cols, -range, range, DigitImages.Palette.DIVERGING, 3), ""));
        }
        return DigitImages.grid(title, tiles, columns).image();
    }

    /**
     * A symmetric colour range for weight images: the {@code quantile} (e.g. 0.99) of |w| over the
     * first {@code units} rows of each of the given (H, D) weight matrices, pooled. Below 1 the
     * few largest weights saturate, so the learned structure is not washed out by outliers.
     */
    public static double symmetricRange(int units, double quantile, Tensor... weights) {
        int total = 0;
        for (Tensor w : weights) total += Math.min(units, w.dim(0)) * w.dim(1);
        float[] abs = new float[total];
        int o = 0;
        for (Tensor w : weights) {
            int n = Math.min(units, w.dim(0)) * w.dim(1);
            for (int i = 0; i < n; i++) abs[o++] = Math.abs(w.data()[i]);
        }
        if (total == 0) return 1;
        Arrays.sort(abs);
        double m = abs[(int) Math.min(total - 1, Math.floor(quantile * (total - 1)))];
        return m > 0 ? m : 1;
    }
}
