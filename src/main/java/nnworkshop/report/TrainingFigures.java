package nnworkshop.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import nnworkshop.train.History;
import nnworkshop.train.TrainingRun;

/**
 * Figures of training runs: learning curves (loss and accuracy per epoch, training and
 * validation) and the loss of every step. Several runs are overlaid, each in its own colour
 * (training solid, validation dashed), so implementations can be compared at a glance.
 */
public final class TrainingFigures {
    public static final String LEARNING_CURVES = "learning_curves.png";
    public static final String STEP_LOSS = "step_loss.png";

    private TrainingFigures() {}

    /** Loss (left) and accuracy (right) per epoch of each run, written to {@code outDir/learning_curves.png}. */
    public static Path learningCurves(List<TrainingRun> runs, Path outDir) {
        return Charts.savePng(renderLearningCurves(runs), outDir.resolve(LEARNING_CURVES));
    }

    /** The learning-curve figure as an image (1200×500). */
    public static BufferedImage renderLearningCurves(List<TrainingRun> runs) {
        JFreeChart loss = perEpoch(runs, "Loss per epoch", "mean cross-entropy", false);
        JFreeChart acc = perEpoch(runs, "Accuracy per epoch", "accuracy (%)", true);
        BufferedImage img = new BufferedImage(1200, 500, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 1200, 500);
            g.drawImage(Charts.render(loss, 600, 500), 0, 0, null);
            g.drawImage(Charts.render(acc, 600, 500), 600, 0, null);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The loss of every training step of each run (a thin line per run), to {@code outDir/step_loss.png}. */
    public static Path stepLoss(List<TrainingRun> runs, Path outDir) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (TrainingRun r : runs) {
            XYSeries s = new XYSeries(r.impl() + " (batch " + r.config().batch() + ")", false, false);
            float[] l = r.history().stepLosses();
            for (int i = 0; i < l.length; i++) s.add(i + 1, l[i]);
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Training loss of every step", "step", "loss",
                data, PlotOrientation.VERTICAL, true, false, false);
        Charts.style(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < runs.size(); i++) {
            r.setSeriesPaint(i, Charts.series(i));
            r.setSeriesStroke(i, Charts.solid(1f));
        }
        plot.setRenderer(r);
        return Charts.savePng(chart, 1200, 450, outDir.resolve(STEP_LOSS));
    }

    private static JFreeChart perEpoch(List<TrainingRun> runs, String title, String yLabel, boolean accuracy) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (TrainingRun run : runs) {
            History h = run.history();
            double[] train = accuracy ? h.trainAccuracy() : h.trainLoss();
            double[] val = accuracy ? h.valAccuracy() : h.valLoss();
            data.addSeries(series(run.impl() + " train", train, accuracy ? 100 : 1));
            data.addSeries(series(run.impl() + " validation", val, accuracy ? 100 : 1));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        Charts.style(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, Charts.series(i / 2));
            r.setSeriesStroke(i, i % 2 == 0 ? Charts.solid(2f) : Charts.dashed(2f));
        }
        plot.setRenderer(r);
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }

    private static XYSeries series(String name, double[] values, double scale) {
        XYSeries s = new XYSeries(name, false, false);
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) s.add(i + 1, values[i] * scale);
        }
        return s;
    }
}
