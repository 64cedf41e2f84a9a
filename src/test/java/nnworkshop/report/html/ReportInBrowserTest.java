package nnworkshop.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.WorkshopException;
import nnworkshop.report.browser.PageCheck;

/**
 * The report in the real headless Chromium ({@link PageCheck}): every image decodes, no console
 * error, nothing requested from the network, a screenshot beside the report. Needs Debian's
 * {@code chromium} package, like the PageCheck tests (they fail, never skip, without it).
 */
class ReportInBrowserTest {
    @TempDir
    Path tmp;

    @Test
    void reportDisplaysCleanlyAndTheScreenshotIsWrittenBesideIt() throws IOException {
        Path index = HtmlReport.write(new RunFixture().write(tmp.resolve("out")));

        Path shot = HtmlReport.screenshot(index);

        assertEquals(index.resolveSibling("screenshot.png"), shot);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(PageCheck.DEFAULT_WIDTH, img.getWidth());
        assertTrue(img.getHeight() > 5000, "the whole page, not one screen: " + img.getHeight());

        PageCheck.Result r = PageCheck.check(index, tmp.resolve("again.png"));
        assertTrue(r.ok(), r.describe());
        assertEquals(RunFixture.FIGURES.size(), r.images().size(), r.describe());
        assertTrue(r.images().stream().allMatch(PageCheck.Image::decoded), r.describe());
        assertTrue(r.title().startsWith("nn-workshop report"), r.title());
    }

    @Test
    void aSourcePageDisplaysCleanly() {
        Path index = HtmlReport.write(new RunFixture().write(tmp.resolve("out")));

        PageCheck.Result r = PageCheck.check(index.resolveSibling("src/Dense.java.html"), tmp.resolve("dense.png"));

        assertTrue(r.ok(), r.describe());
        assertEquals("Dense.java — nn-workshop", r.title());
    }

    @Test
    void aBrokenReportIsAOneLineErrorNamingTheProblem() throws IOException {
        Path index = HtmlReport.write(new RunFixture().write(tmp.resolve("out")));
        Files.delete(index.resolveSibling("img/part5-parity.png"));

        WorkshopException e = assertThrows(WorkshopException.class, () -> HtmlReport.screenshot(index));

        assertTrue(e.getMessage().startsWith(index + " does not display cleanly in Chromium (1 broken images"), e.getMessage());
        assertTrue(e.getMessage().contains("part5-parity.png"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        assertTrue(Files.isRegularFile(index.resolveSibling("screenshot.png")), "the screenshot is still there to look at");
    }
}
