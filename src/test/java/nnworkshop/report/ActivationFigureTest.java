package nnworkshop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.nn.Activation;

class ActivationFigureTest {
    @TempDir Path dir;

    @Test
    void writesA1200x900PngWithBothCurvesInEveryPanel() {
        Path p = ActivationFigure.write(dir);
        assertEquals(dir.resolve("activations.png"), p);
        BufferedImage img = PngChecks.assertPng(p, 1200, 900, 20);
        int g = Charts.series(0).getRGB() & 0xFFFFFF, dg = Charts.series(1).getRGB() & 0xFFFFFF;
        // each quadrant (below the header) holds the solid g colour and the dashed g' colour
        int top = 44, pw = 600, ph = (900 - top) / 2;
        for (int k = 0; k < 4; k++) {
            BufferedImage panel = img.getSubimage((k % 2) * pw, top + (k / 2) * ph, pw, ph);
            assertTrue(PngChecks.hasColour(panel, g), "panel " + k + " has g(z)");
            assertTrue(PngChecks.hasColour(panel, dg), "panel " + k + " has g'(z)");
        }
    }

    /** The plotted numbers are exactly Activation.apply / derivative over [−5, 5], 0 included. */
    @Test
    void panelDataComesFromTheActivation() {
        for (Activation a : Activation.values()) {
            JFreeChart chart = ActivationFigure.chart(a);
            assertEquals(a.title(), chart.getTitle().getText());
            XYDataset d = ((XYPlot) chart.getPlot()).getDataset();
            assertEquals(2, d.getSeriesCount());
            assertEquals(ActivationFigure.SAMPLES, d.getItemCount(0));
            assertEquals(-5.0, d.getXValue(0, 0));
            assertEquals(5.0, d.getXValue(0, ActivationFigure.SAMPLES - 1));
            assertEquals(0.0, d.getXValue(0, ActivationFigure.SAMPLES / 2));
            for (int i = 0; i < d.getItemCount(0); i++) {
                double z = d.getXValue(0, i);
                assertEquals(a.apply(z), d.getYValue(0, i), a + "(" + z + ")");
                assertEquals(a.derivative(z), d.getYValue(1, i), a + "'(" + z + ")");
            }
        }
    }
}
