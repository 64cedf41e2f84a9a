package nnworkshop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.data.Dataset;
import nnworkshop.report.DigitImages.Palette;
import nnworkshop.report.DigitImages.Tile;

class DigitImagesTest {
    @TempDir Path dir;

    private static float[] randomValues(int n, long seed, float lo, float hi) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * rnd.nextFloat();
        return v;
    }

    @Test
    void palettesEndpoints() {
        assertEquals(0xFFFFFF, Palette.INK.rgb(0));
        assertEquals(0x000000, Palette.INK.rgb(1));
        assertEquals(0x808080, Palette.INK.rgb(0.5 - 0.5 / 255)); // 127.5 → 128
        assertEquals(0x2166ac, Palette.DIVERGING.rgb(0));
        assertEquals(0xFFFFFF, Palette.DIVERGING.rgb(0.5));
        assertEquals(0xb2182b, Palette.DIVERGING.rgb(1));
        // clamped, and NaN drawn as the low end
        assertEquals(Palette.INK.rgb(0), Palette.INK.rgb(-3));
        assertEquals(Palette.INK.rgb(1), Palette.INK.rgb(7));
        assertEquals(Palette.DIVERGING.rgb(0), Palette.DIVERGING.rgb(Double.NaN));
    }

    /** Every 4×4 block of a tile at scale 4 is one colour, the colour of its value: no blur. */
    @Test
    void tileAtScale4IsExactlyBlocky() {
        int rows = 28, cols = 28, s = 4;
        float[] v = randomValues(rows * cols, 7, 0f, 1f);
        BufferedImage img = DigitImages.tile(v, rows, cols, 0, 1, Palette.INK, s);
        assertEquals(cols * s, img.getWidth());
        assertEquals(rows * s, img.getHeight());
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int expected = Palette.INK.rgb(v[r * cols + c]);
                for (int dy = 0; dy < s; dy++) {
                    for (int dx = 0; dx < s; dx++) {
                        assertEquals(expected, img.getRGB(c * s + dx, r * s + dy) & 0xFFFFFF,
                                "pixel (" + (c * s + dx) + "," + (r * s + dy) + ") of block (" + r + "," + c + ")");
                    }
                }
            }
        }
    }

    @Test
    void valueRangeMapsToPaletteEnds() {
        float[] w = {-0.3f, 0f, 0.3f, 0.9f}; // weights, drawn on the symmetric range [−0.3, 0.3]
        BufferedImage img = DigitImages.tile(w, 1, 4, -0.3, 0.3, Palette.DIVERGING, 1);
        assertEquals(0x2166ac, img.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFFFFFF, img.getRGB(1, 0) & 0xFFFFFF);
        assertEquals(0xb2182b, img.getRGB(2, 0) & 0xFFFFFF);
        assertEquals(0xb2182b, img.getRGB(3, 0) & 0xFFFFFF, "values beyond hi are clamped");
    }

    @Test
    void digitFromDatasetIsInkOnPaper() {
        byte[] px = {0, (byte) 255, (byte) 128, 0};
        Dataset d = new Dataset("t", 1, 2, 2, px, new byte[] {3});
        BufferedImage img = DigitImages.digit(d, 0, 3);
        assertEquals(6, img.getWidth());
        assertEquals(0xFFFFFF, img.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x000000, img.getRGB(5, 2) & 0xFFFFFF);
        assertEquals(0x7F7F7F, img.getRGB(2, 5) & 0xFFFFFF); // 255·(1 − 128/255) = 127
        assertEquals(0.0f, DigitImages.unitPixels(d, 0)[0]);
        assertEquals(1.0f, DigitImages.unitPixels(d, 0)[1]);
    }

    @Test
    void badArgumentsAreRejected() {
        float[] v = new float[6];
        assertThrows(IllegalArgumentException.class, () -> DigitImages.tile(v, 2, 2, 0, 1, Palette.INK, 1));
        assertThrows(IllegalArgumentException.class, () -> DigitImages.tile(v, 2, 3, 1, 1, Palette.INK, 1));
        assertThrows(IllegalArgumentException.class, () -> DigitImages.tile(v, 2, 3, 0, Double.NaN, Palette.INK, 1));
        assertThrows(IllegalArgumentException.class, () -> DigitImages.tile(v, 2, 3, 0, 1, Palette.INK, 0));
        assertThrows(IllegalArgumentException.class, () -> DigitImages.grid("t", List.of(), 3));
        Tile t = new Tile(DigitImages.tile(v, 2, 3, 0, 1, Palette.INK, 1), "x");
        assertThrows(IllegalArgumentException.class, () -> DigitImages.grid("t", List.of(t), 0));
    }

    /** The grid copies each tile's pixels exactly (also after a PNG round trip), without overlap. */
    @Test
    void gridKeepsTilesExactAndApart() {
        List<Tile> tiles = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            BufferedImage img = DigitImages.tile(randomValues(28 * 28, k, -1f, 1f), 28, 28, -1, 1, Palette.DIVERGING, 4);
            images.add(img);
            // one caption much wider than a tile: its cell must widen instead of overlapping
            tiles.add(new Tile(img, k == 3 ? "a caption much wider than one tile of 112 pixels" : "class " + k));
        }
        DigitImages.Grid grid = DigitImages.grid("seven tiles", tiles, 3);
        Path png = Charts.savePng(grid.image(), dir.resolve("grid.png"));
        BufferedImage back = PngChecks.read(png);
        assertEquals(grid.image().getWidth(), back.getWidth());
        assertEquals(7, grid.tileBounds().size());
        for (int k = 0; k < 7; k++) {
            Rectangle r = grid.tileBounds().get(k);
            assertEquals(new Rectangle(r.x, r.y, 112, 112), r);
            assertTrue(r.x >= 0 && r.y >= 0 && r.x + r.width <= back.getWidth() && r.y + r.height <= back.getHeight());
            for (int y = 0; y < r.height; y++) {
                for (int x = 0; x < r.width; x++) {
                    assertEquals(images.get(k).getRGB(x, y), back.getRGB(r.x + x, r.y + y), "tile " + k + " at " + x + "," + y);
                }
            }
            for (int j = 0; j < k; j++) {
                Rectangle o = grid.tileBounds().get(j);
                // frames (1 px outside) must not touch either: compare grown rectangles
                Rectangle a = new Rectangle(r.x - 2, r.y - 2, r.width + 4, r.height + 4);
                assertFalse(a.intersects(o), "tiles " + j + " and " + k + " overlap");
            }
        }
        // the wide caption widened every cell: horizontal spacing exceeds the tile width by far
        int dx = grid.tileBounds().get(1).x - grid.tileBounds().get(0).x;
        assertTrue(dx > 250, "cell pitch " + dx);
        // 3 columns, 3 rows
        assertEquals(grid.tileBounds().get(0).x, grid.tileBounds().get(3).x);
        assertTrue(grid.tileBounds().get(6).y > grid.tileBounds().get(3).y);
    }
}
