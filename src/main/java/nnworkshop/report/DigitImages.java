package nnworkshop.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import nnworkshop.data.Dataset;

/**
 * Small images drawn from arrays of values — digits, class means, first-layer weights — and grids
 * of them with captions.
 *
 * <p>A tile is drawn pixel by pixel: value v of cell (r, c) becomes a {@code scale × scale} block of
 * one colour, {@code palette.rgb((v − lo) / (hi − lo))}. There is no interpolation anywhere: tiles
 * are built with {@code setRGB} and copied into grids with {@code setRGB}, never resampled by
 * {@code drawImage}, so a 28×28 digit at scale 4 is 112×112 pixels of exact 4×4 blocks.
 *
 * <p>Values are row-major, {@code values[r * cols + c]} (the layout of {@link Dataset} and of one
 * row of a (N, D) batch).
 */
public final class DigitImages {
    /** How a value, scaled to t ∈ [0, 1], becomes a colour. */
    public enum Palette {
        /** Ink on paper: t = 0 is white, t = 1 black (digits as written, on a white page). */
        INK,
        /**
         * Diverging blue–white–red (ColorBrewer RdBu): t = 0 blue, 0.5 white, 1 red. For weights,
         * with a range symmetric around zero ({@code lo = −m, hi = m}) so white means 0.
         */
        DIVERGING;

        private static final Color BLUE = new Color(0x2166ac), RED = new Color(0xb2182b);

        /** The 0xRRGGBB colour of t (clamped to [0, 1]; NaN is drawn as t = 0). */
        public int rgb(double t) {
            if (!(t > 0)) t = 0; // also catches NaN
            if (t > 1) t = 1;
            switch (this) {
                case INK: {
                    int v = (int) Math.round(255 * (1 - t));
                    return (v << 16) | (v << 8) | v;
                }
                case DIVERGING:
                default:
                    return t < 0.5 ? blend(BLUE, Color.WHITE, t / 0.5) : blend(Color.WHITE, RED, (t - 0.5) / 0.5);
            }
        }

        private static int blend(Color a, Color b, double u) {
            int r = (int) Math.round(a.getRed() + u * (b.getRed() - a.getRed()));
            int g = (int) Math.round(a.getGreen() + u * (b.getGreen() - a.getGreen()));
            int bl = (int) Math.round(a.getBlue() + u * (b.getBlue() - a.getBlue()));
            return (r << 16) | (g << 8) | bl;
        }
    }

    /** One image of a grid and the caption under it ("" for none). */
    public record Tile(BufferedImage image, String caption) {
        public Tile {
            Objects.requireNonNull(image, "image");
            caption = caption == null ? "" : caption;
        }
    }

    /**
     * A composed grid: the image, and where each tile's pixels are in it (same order as the tiles),
     * for tests and for HTML image maps.
     */
    public record Grid(BufferedImage image, List<Rectangle> tileBounds) {}

    /** Outer margin and gap between cells, pixels. */
    static final int MARGIN = 12, GAP = 14;
    /** Space between a tile and its caption. */
    static final int CAPTION_GAP = 5;
    private static final Color FRAME = new Color(0xBBBBBB);
    private static final Font CAPTION_FONT = Charts.TICK_FONT.deriveFont(13f);
    private static final Font HEADER_FONT = Charts.TITLE_FONT;

    private DigitImages() {}

    /**
     * Draws one image of {@code rows × cols} values (not modified), each as a {@code scale × scale}
     * block.
     *
     * @param values row-major (rows * cols) values
     * @param lo     the value drawn as the palette's t = 0
     * @param hi     the value drawn as t = 1 (must be &gt; lo)
     * @param scale  pixels per value along each side, ≥ 1
     * @return a new {@code (cols*scale) × (rows*scale)} RGB image
     */
    public static BufferedImage tile(float[] values, int rows, int cols, double lo, double hi, Palette palette, int scale) {
        if (rows <= 0 || cols <= 0 || values.length != rows * cols) {
            throw new IllegalArgumentException("tile needs rows*cols values: " + values.length + " values for " + rows + "x" + cols);
        }
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("tile value range must be finite with hi > lo, got [" + lo + ", " + hi + "]");
        }
        if (scale < 1) throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        int w = cols * scale, h = rows * scale;
        int[] out = new int[w * h];
        double inv = 1.0 / (hi - lo);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int rgb = palette.rgb((values[r * cols + c] - lo) * inv);
                int base = r * scale * w + c * scale;
                for (int dy = 0; dy < scale; dy++) {
                    java.util.Arrays.fill(out, base + dy * w, base + dy * w + scale, rgb);
                }
            }
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, out, 0, w);
        return img;
    }

    /** Image {@code i} of {@code data} as ink on paper: pixel p/255 drawn on the range [0, 1]. */
    public static BufferedImage digit(Dataset data, int i, int scale) {
        return tile(unitPixels(data, i), data.rows(), data.cols(), 0, 1, Palette.INK, scale);
    }

    /** The pixels of image {@code i} of {@code data} on the [0, 1] scale (a new array). */
    public static float[] unitPixels(Dataset data, int i) {
        float[] v = new float[data.features()];
        for (int p = 0; p < v.length; p++) v[p] = data.pixel(i, p) / 255f;
        return v;
    }

    /**
     * Composes tiles into a grid, row by row, {@code columns} per row, each caption centred under its
     * tile, each tile in a thin grey frame, on white; with {@code title} (may be null) above.
     * Cells are as wide as the widest tile or caption, so captions never overlap. Tile pixels are
     * copied exactly.
     */
    public static Grid grid(String title, List<Tile> tiles, int columns) {
        if (columns < 1) throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        if (tiles.isEmpty()) throw new IllegalArgumentException("a grid needs at least one tile");
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        Charts.antialias(pg); // same hints as the drawing below, so text is measured as drawn
        FontMetrics capFm = pg.getFontMetrics(CAPTION_FONT);
        FontMetrics headFm = pg.getFontMetrics(HEADER_FONT);
        pg.dispose();

        int tileW = 0, tileH = 0, capW = 0;
        boolean anyCaption = false;
        for (Tile t : tiles) {
            tileW = Math.max(tileW, t.image().getWidth());
            tileH = Math.max(tileH, t.image().getHeight());
            capW = Math.max(capW, capFm.stringWidth(t.caption()));
            anyCaption |= !t.caption().isEmpty();
        }
        int cols = Math.min(columns, tiles.size());
        int rowsN = (tiles.size() + cols - 1) / cols;
        int cellW = Math.max(tileW + 2, capW);
        int capH = anyCaption ? CAPTION_GAP + capFm.getHeight() : 0;
        int cellH = tileH + 2 + capH;
        boolean hasTitle = title != null && !title.isEmpty();
        int top = MARGIN + (hasTitle ? headFm.getHeight() + 8 : 0);
        int width = Math.max(2 * MARGIN + cols * cellW + (cols - 1) * GAP,
                hasTitle ? 2 * MARGIN + headFm.stringWidth(title) : 0);
        int height = top + rowsN * cellH + (rowsN - 1) * GAP + MARGIN;
        // centre the block of cells if the title made the image wider
        int left = (width - (cols * cellW + (cols - 1) * GAP)) / 2;

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        List<Rectangle> bounds = new ArrayList<>(tiles.size());
        try {
            Charts.antialias(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            if (hasTitle) {
                g.setFont(HEADER_FONT);
                g.setColor(Charts.TEXT);
                g.drawString(title, (width - headFm.stringWidth(title)) / 2, MARGIN + headFm.getAscent());
            }
            g.setFont(CAPTION_FONT);
            for (int k = 0; k < tiles.size(); k++) {
                Tile t = tiles.get(k);
                int cx = left + (k % cols) * (cellW + GAP);
                int cy = top + (k / cols) * (cellH + GAP);
                int w = t.image().getWidth(), h = t.image().getHeight();
                int x = cx + (cellW - w) / 2, y = cy + 1;
                // frame just outside the tile's pixels (drawn without anti-aliasing: crisp 1 px)
                g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_OFF);
                g.setColor(FRAME);
                g.drawRect(x - 1, y - 1, w + 1, h + 1);
                g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
                if (!t.caption().isEmpty()) {
                    g.setColor(Charts.TEXT);
                    int sw = capFm.stringWidth(t.caption());
                    g.drawString(t.caption(), cx + (cellW - sw) / 2, y + tileH + 1 + CAPTION_GAP + capFm.getAscent());
                }
                bounds.add(new Rectangle(x, y, w, h));
            }
        } finally {
            g.dispose();
        }
        // tile pixels last, copied exactly (no drawImage, so no resampling can creep in)
        for (int k = 0; k < tiles.size(); k++) {
            BufferedImage src = tiles.get(k).image();
            Rectangle r = bounds.get(k);
            img.setRGB(r.x, r.y, r.width, r.height, src.getRGB(0, 0, r.width, r.height, null, 0, r.width), 0, r.width);
        }
        return new Grid(img, List.copyOf(bounds));
    }
}
