package nnworkshop.explore;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import nnworkshop.data.Dataset;
import nnworkshop.explore.DatasetStats.Split;
import nnworkshop.report.Charts;
import nnworkshop.report.DigitImages;
import nnworkshop.report.DigitImages.Tile;

/**
 * The figures of Part 3, each as an image or a chart (so a notebook can show it);
 * {@link Explorer} writes them to files. Inputs are not modified.
 */
public final class ExploreFigures {
    /** Pixels per image pixel in the sample and class-mean grids (28 → 112). */
    public static final int SCALE = 4;
    /** Sample grid: rows × columns of training images. */
    public static final int SAMPLE_ROWS = 4, SAMPLE_COLS = 8;
    /** Size of the bar and histogram charts. */
    public static final int CHART_WIDTH = 1000, CHART_HEIGHT = 520;

    private ExploreFigures() {}

    /**
     * The first {@code rows × cols} images of {@code train} (all, if fewer), ink on paper, each
     * captioned with its class name.
     */
    public static BufferedImage samples(String datasetName, List<String> classNames, Dataset train,
                                        int rows, int cols, int scale) {
        int n = Math.min(rows * cols, train.count());
        List<Tile> tiles = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tiles.add(new Tile(DigitImages.digit(train, i, scale), classNames.get(train.label(i))));
        }
        String title = datasetName + ": the first " + n + " training images and their labels";
        return DigitImages.grid(title, tiles, cols).image();
    }

    /**
     * The mean training image of each class on the fixed range [0, 1] (so shades compare across
     * classes), captioned with the class name and its number of training images.
     */
    public static BufferedImage classMeans(String datasetName, List<String> classNames, DatasetStats stats, int scale) {
        int[] n = stats.classCounts(Split.TRAIN);
        List<Tile> tiles = new ArrayList<>(stats.numClasses());
        for (int k = 0; k < stats.numClasses(); k++) {
            BufferedImage img = DigitImages.tile(stats.classMean(k), stats.rows(), stats.cols(), 0, 1,
                    DigitImages.Palette.INK, scale);
            tiles.add(new Tile(img, classNames.get(k) + String.format(Locale.ROOT, "  (%,d)", n[k])));
        }
        int cols = stats.numClasses() <= 5 ? stats.numClasses() : (stats.numClasses() + 1) / 2;
        String title = datasetName + ": mean training image of each class (number of images)";
        return DigitImages.grid(title, tiles, cols).image();
    }

    /** Grouped bars: images per class in the training and the test split, side by side. */
    public static JFreeChart classDistribution(String datasetName, List<String> classNames, DatasetStats stats) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Split s : new Split[] {Split.TRAIN, Split.TEST}) {
            int[] c = stats.classCounts(s);
            String series = String.format(Locale.ROOT, "%s (%,d images)", s.id(), stats.count(s));
            for (int k = 0; k < stats.numClasses(); k++) data.addValue(c[k], series, classNames.get(k));
        }
        CategoryAxis x = new CategoryAxis("class");
        x.setCategoryMargin(0.25);
        x.setMaximumCategoryLabelLines(2);
        x.setMaximumCategoryLabelWidthRatio(1.3f); // "T-shirt/top" on one line: labels may use the gap
        NumberAxis y = new NumberAxis("images");
        y.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
        y.setUpperMargin(0.08);
        BarRenderer r = new BarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setItemMargin(0.04);
        r.setSeriesPaint(0, Charts.series(0));
        r.setSeriesPaint(1, Charts.series(1));
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        JFreeChart chart = new JFreeChart(datasetName + ": images per class", Charts.TITLE_FONT, plot, false);
        LegendTitle legend = new LegendTitle(plot);
        legend.setPosition(RectangleEdge.TOP);
        chart.addLegend(legend);
        return Charts.style(chart);
    }

    /**
     * Histogram of the raw training pixel values 0..255, one bar per value, on a logarithmic count
     * axis (background pixels, value 0, outnumber every other value by far). Empty bins are left out,
     * as a log axis cannot show 0.
     */
    public static JFreeChart pixelHistogram(String datasetName, DatasetStats stats) {
        long[] h = stats.histogram();
        XYSeries series = new XYSeries("training pixels", true, false);
        long total = 0;
        for (int v = 0; v < h.length; v++) {
            total += h[v];
            if (h[v] > 0) series.add(v, h[v]);
        }
        XYSeriesCollection data = new XYSeriesCollection(series);
        data.setIntervalWidth(1.0); // each bar spans [v − 0.5, v + 0.5]
        NumberAxis x = new NumberAxis("pixel value (0 = background, 255 = full intensity)");
        x.setRange(-1, 256);
        x.setTickUnit(new NumberTickUnit(32));
        LogAxis y = new LogAxis("number of pixels (log scale)");
        y.setBase(10);
        y.setSmallestValue(0.5);
        y.setTickUnit(new NumberTickUnit(1)); // one tick per decade (LogAxis ticks are in log units)
        y.setLowerMargin(0.02);
        XYBarRenderer r = new XYBarRenderer();
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setBase(0.5); // bars rise from below 1 on the log axis, so a count of 1 is still visible
        r.setSeriesPaint(0, Charts.series(0));
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = new JFreeChart(datasetName + ": pixel values of the training images", Charts.TITLE_FONT, plot, false);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT,
                "%,d pixels; on the [0, 1] scale mean %.4f, std %.4f (the values used to normalise the inputs)",
                total, stats.pixelMean(), stats.pixelStd())));
        return Charts.style(chart);
    }
}
