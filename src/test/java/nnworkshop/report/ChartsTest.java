package nnworkshop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.WorkshopException;

class ChartsTest {
    @TempDir Path dir;

    private static JFreeChart lineChart() {
        XYSeries s = new XYSeries("y = x²");
        for (int i = -10; i <= 10; i++) s.add(i, i * i);
        return Charts.style(ChartFactory.createXYLineChart("squares", "x", "y", new XYSeriesCollection(s)));
    }

    @Test
    void savesAChartAsPngOfTheGivenSize() {
        Path p = Charts.savePng(lineChart(), 640, 400, dir.resolve("sub/dir/chart.png"));
        assertEquals(dir.resolve("sub/dir/chart.png"), p);
        PngChecks.assertPng(p, 640, 400, 8);
    }

    @Test
    void overwritesAndLeavesNoTemporaryFiles() throws IOException {
        Path p = dir.resolve("img.png");
        BufferedImage a = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        Charts.savePng(a, p);
        BufferedImage b = new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB);
        b.setRGB(1, 1, 0x123456);
        Charts.savePng(b, p);
        BufferedImage back = PngChecks.read(p);
        assertEquals(5, back.getWidth());
        assertEquals(0x123456, back.getRGB(1, 1) & 0xFFFFFF);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "only img.png, no temporary file left");
        }
    }

    @Test
    void unwritableTargetIsAOneLineUserError() throws IOException {
        Path notADir = Files.writeString(dir.resolve("file.txt"), "keep me");
        WorkshopException e = assertThrows(WorkshopException.class,
                () -> Charts.savePng(lineChart(), 100, 100, notADir.resolve("chart.png")));
        assertTrue(e.getMessage().contains("chart.png"), e.getMessage());
        assertEquals("keep me", Files.readString(notADir));
    }

    @Test
    void styleGivesAWhiteBackground() {
        BufferedImage img = Charts.render(lineChart(), 300, 200);
        assertEquals(0xFFFFFF, img.getRGB(1, 1) & 0xFFFFFF);
        assertTrue(PngChecks.hasColour(img, Charts.series(0).getRGB() & 0xFFFFFF), "the series is drawn in colour 0");
    }
}
