package nnworkshop.report;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import nnworkshop.nn.Activation;

/**
 * Part 1's figure: each activation function g(z) (solid) and its derivative g′(z) (dashed) over
 * z ∈ [−5, 5], one panel per function in a 2×2 grid (sigmoid, ReLU / tanh, leaky ReLU), as the
 * Python workshop's first notebook plots them.
 *
 * <p>Every plotted value comes from {@link Activation#apply} and {@link Activation#derivative}, the
 * same definitions the network uses: the figure cannot drift from the code it illustrates.
 */
public final class ActivationFigure {
    /** File name written by {@link #write(Path)}. */
    public static final String FILE_NAME = "activations.png";
    /** Size of the whole figure in pixels. */
    public static final int WIDTH = 1200, HEIGHT = 900;
    /** The plotted interval [−Z_MAX, Z_MAX]. */
    public static final double Z_MAX = 5.0;
    /** Samples per curve: odd, so z = 0 is one of them; step 0.01. */
    static final int SAMPLES = 1001;

    private static final int HEADER = 44;
    private static final List<Activation> PANELS =
            List.of(Activation.SIGMOID, Activation.RELU, Activation.TANH, Activation.LEAKY_RELU);

    private ActivationFigure() {}

    /** Writes {@code outDir/activations.png} (1200×900) and returns its path. */
    public static Path write(Path outDir) {
        return Charts.savePng(render(), outDir.resolve(FILE_NAME));
    }

    /** The whole 2×2 figure, with a header line, as an image (for a notebook or the report). */
    public static BufferedImage render() {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            Charts.antialias(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Charts.TEXT);
            g.setFont(Charts.TITLE_FONT.deriveFont(18f));
            String header = "Activation functions g(z) and their derivatives g′(z)";
            FontMetrics fm = g.getFontMetrics();
            g.drawString(header, (WIDTH - fm.stringWidth(header)) / 2, (HEADER + fm.getAscent() - fm.getDescent()) / 2 + 2);
            int pw = WIDTH / 2, ph = (HEIGHT - HEADER) / 2;
            for (int k = 0; k < PANELS.size(); k++) {
                BufferedImage panel = Charts.render(chart(PANELS.get(k)), pw, ph);
                g.drawImage(panel, (k % 2) * pw, HEADER + (k / 2) * ph, null);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * One panel: g(z) solid in blue, g′(z) dashed in orange, both over [−5, 5], with a legend, axis
     * labels and the lines z = 0 and y = 0.
     */
    public static JFreeChart chart(Activation a) {
        XYSeries g = new XYSeries("g(z)", false, true);
        XYSeries dg = new XYSeries("g′(z)", false, true);
        for (int i = 0; i < SAMPLES; i++) {
            // z from the integer index, so the grid is exactly symmetric and hits 0
            double z = -Z_MAX + 2 * Z_MAX * i / (SAMPLES - 1);
            g.add(z, a.apply(z));
            dg.add(z, a.derivative(z));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(g);
        data.addSeries(dg);

        NumberAxis x = new NumberAxis("z");
        x.setRange(-Z_MAX, Z_MAX);
        x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
        NumberAxis y = new NumberAxis("value");
        y.setAutoRangeIncludesZero(true);
        y.setAutoRangeStickyZero(false);
        y.setLowerMargin(0.06);
        y.setUpperMargin(0.06);

        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        // one path per series, so the dash pattern runs along the curve instead of restarting
        // at each of the 1000 short segments (which would look solid)
        r.setDrawSeriesLineAsPath(true);
        r.setSeriesPaint(0, Charts.series(0));
        r.setSeriesStroke(0, Charts.solid(2.5f));
        r.setSeriesPaint(1, Charts.series(1));
        r.setSeriesStroke(1, Charts.dashed(2.5f));

        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setDomainZeroBaselineVisible(true);
        plot.setRangeZeroBaselineVisible(true);
        plot.setDomainZeroBaselinePaint(Charts.AXIS);
        plot.setRangeZeroBaselinePaint(Charts.AXIS);
        plot.setDomainZeroBaselineStroke(Charts.solid(1.2f));
        plot.setRangeZeroBaselineStroke(Charts.solid(1.2f));

        JFreeChart chart = new JFreeChart(a.title(), Charts.TITLE_FONT, plot, false);
        LegendTitle legend = new LegendTitle(plot);
        legend.setPosition(RectangleEdge.BOTTOM);
        chart.addLegend(legend);
        return Charts.style(chart);
    }
}
