package nnworkshop.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleInsets;

import nnworkshop.util.AtomicFiles;
import nnworkshop.util.ImageFiles;

/**
 * The look shared by every figure of the workshop, and the one way figures reach the disk.
 *
 * <p>{@link #style(JFreeChart)} gives a chart a white background, light grid lines, anti-aliased
 * lines and text, and the fonts below; {@link #series(int)} is the colour cycle (matplotlib's
 * "tab10", so the figures look like the Python workshop's). {@link #savePng} writes through
 * {@link ImageFiles} (encoded in memory, then written by {@link AtomicFiles}): a reader never sees a
 * half-written image, and a full disk is one line.
 */
public final class Charts {
    /** Chart titles. */
    public static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    /** Subtitles and figure headers' second line. */
    public static final Font SUBTITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** Axis labels. */
    public static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    /** Tick labels, legends and image captions. */
    public static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    /** Grid lines: light grey, thin. */
    public static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    /** Zero lines and frames: mid grey. */
    public static final Color AXIS = new Color(0x88, 0x88, 0x88);
    /** Text colour: near black. */
    public static final Color TEXT = new Color(0x22, 0x22, 0x22);

    private static final Color[] SERIES = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf),
    };

    private Charts() {}

    /** Colour {@code i} of the series cycle (blue, orange, green, red, ...), wrapping after 10. */
    public static Color series(int i) {
        return SERIES[Math.floorMod(i, SERIES.length)];
    }

    /** A solid line stroke of the given width. */
    public static Stroke solid(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** A dashed line stroke of the given width (dashes about 4× the width). */
    public static Stroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {4 * width, 2.5f * width}, 0f);
    }

    /**
     * Applies the workshop look to {@code chart} (modified) and returns it: white background,
     * anti-aliasing, fonts, light grid lines, no plot outline, and {@link #series(int)} as the colour
     * cycle of series that were not given a paint. Works for XY and category plots.
     */
    public static JFreeChart style(JFreeChart chart) {
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 12));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE_FONT);
            chart.getTitle().setPaint(TEXT);
        }
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            Title t = chart.getSubtitle(i);
            if (t instanceof LegendTitle legend) {
                legend.setItemFont(TICK_FONT);
                legend.setItemPaint(TEXT);
                legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
                legend.setBackgroundPaint(Color.WHITE);
            } else if (t instanceof TextTitle text) {
                text.setFont(SUBTITLE_FONT);
                text.setPaint(TEXT);
            }
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        // the colour cycle for series without an explicit paint (explicit setSeriesPaint still wins)
        plot.setDrawingSupplier(new DefaultDrawingSupplier(SERIES.clone(), SERIES.clone(),
                DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE,
                new Stroke[] {solid(2f)}, DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            xy.setDomainGridlineStroke(solid(1f));
            xy.setRangeGridlineStroke(solid(1f));
            xy.setAxisOffset(RectangleInsets.ZERO_INSETS);
            for (int i = 0; i < xy.getDomainAxisCount(); i++) styleAxis(xy.getDomainAxis(i));
            for (int i = 0; i < xy.getRangeAxisCount(); i++) styleAxis(xy.getRangeAxis(i));
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(GRID);
            cat.setRangeGridlineStroke(solid(1f));
            cat.setAxisOffset(RectangleInsets.ZERO_INSETS);
            styleAxis(cat.getDomainAxis());
            styleAxis(cat.getRangeAxis());
        }
        return chart;
    }

    private static void styleAxis(Axis axis) {
        if (axis == null) return;
        axis.setLabelFont(LABEL_FONT);
        axis.setLabelPaint(TEXT);
        axis.setTickLabelFont(TICK_FONT);
        axis.setTickLabelPaint(TEXT);
        axis.setAxisLinePaint(AXIS);
        axis.setTickMarkPaint(AXIS);
    }

    /** Draws {@code chart} into a new {@code width × height} RGB image. */
    public static BufferedImage render(JFreeChart chart, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            antialias(g);
            chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Renders {@code chart} at {@code width × height} pixels and writes it as a PNG (atomically). */
    public static Path savePng(JFreeChart chart, int width, int height, Path target) {
        return savePng(render(chart, width, height), target);
    }

    /**
     * Writes {@code image} (not modified) as a PNG at {@code target}, atomically, creating parent
     * directories.
     *
     * @throws nnworkshop.WorkshopException if the file cannot be written
     */
    public static Path savePng(BufferedImage image, Path target) {
        return ImageFiles.writePng(image, target); // encoded in memory: a full disk is one line, not an ImageIO NPE
    }

    /** Turns on anti-aliasing of shapes and text, and fractional font metrics, on {@code g}. */
    public static void antialias(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }
}
