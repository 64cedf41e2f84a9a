package nnworkshop.report.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.WorkshopException;
import nnworkshop.report.PngChecks;

/**
 * Loads small pages in the real headless Chromium. These tests need Debian's {@code chromium}
 * package and fail (never skip) without it: CI installs it.
 */
class PageCheckTest {
    @TempDir
    Path dir;

    @Test
    void pageWithFileAndDataImagesIsOkAndScreenshotIsAWideNonBlankPng() throws IOException {
        writePng(dir.resolve("a.png"), 40, 30, Color.RED);
        Files.createDirectories(dir.resolve("img"));
        writePng(dir.resolve("img/b.png"), 64, 48, Color.BLUE);
        String dataUri = "data:image/png;base64,"
                + Base64.getEncoder().encodeToString(pngBytes(16, 8, Color.GREEN));
        Path html = page("ok.html", "Report",
                "<h1>Figures</h1><p>Three images, two files and one inline.</p>"
                        + "<img src=\"a.png\" alt=\"a\"><img src=\"img/b.png\" alt=\"b\">"
                        + "<img src=\"" + dataUri + "\" alt=\"c\">"
                        + "<div style=\"height:1500px;background:linear-gradient(#fff,#345)\"></div>");
        Path shot = dir.resolve("out/screenshot.png");

        List<Path> profilesBefore = chromiumTempDirs();

        PageCheck.Result r = PageCheck.check(html, shot);

        assertTrue(r.ok(), r.describe());
        assertProfilesGone(profilesBefore, "the temporary profile is deleted");
        assertEquals("Report", r.title());
        assertEquals(3, r.images().size(), r.describe());
        assertEquals(List.of(40, 64, 16), r.images().stream().map(PageCheck.Image::naturalWidth).toList());
        assertEquals(List.of(30, 48, 8), r.images().stream().map(PageCheck.Image::naturalHeight).toList());
        assertTrue(r.images().get(0).src().startsWith("file:") && r.images().get(0).src().endsWith("/a.png"));
        assertTrue(r.images().get(2).src().startsWith("data:image/png"));

        BufferedImage img = PngChecks.read(shot);
        assertEquals(PageCheck.DEFAULT_WIDTH, img.getWidth());
        assertEquals(r.screenshotWidth(), img.getWidth());
        assertEquals(r.screenshotHeight(), img.getHeight());
        assertTrue(img.getHeight() > 1500, "full page, not just the 800 px viewport: " + img.getHeight());
        PngChecks.assertNotBlank(img, 10, shot.toString());
        assertTrue(PngChecks.hasColour(img, 0xFF0000), "the red image is in the screenshot");
        assertTrue(PngChecks.hasColour(img, 0x0000FF), "the blue image is in the screenshot");
        try (Stream<Path> files = Files.list(shot.getParent())) {
            assertEquals(List.of(shot), files.toList(), "no temporary file left beside the screenshot");
        }
        assertBrowserGone(r);
    }

    @Test
    void missingImageIsBrokenAndReported() {
        writePng(dir.resolve("here.png"), 10, 10, Color.RED);
        Path html = page("missing.html", "Missing", "<img src=\"here.png\"><img src=\"not-there.png\">");

        PageCheck.Result r = PageCheck.check(html, dir.resolve("shot.png"));

        assertFalse(r.ok(), r.describe());
        assertEquals(2, r.images().size(), r.describe());
        assertTrue(r.images().get(0).decoded(), r.describe());
        PageCheck.Image missing = r.images().get(1);
        assertEquals(0, missing.naturalWidth(), r.describe());
        assertEquals(List.of(missing), r.brokenImages());
        assertTrue(r.errors().stream().anyMatch(e -> e.url().endsWith("/not-there.png")
                && e.text().contains("ERR_FILE_NOT_FOUND")), r.describe());
        assertTrue(r.describe().contains("broken image: " + missing.src()), r.describe());
        assertTrue(Files.isRegularFile(dir.resolve("shot.png")), "a screenshot is written even for a bad page");
        assertBrowserGone(r);
    }

    @Test
    void lazyImageFarBelowTheFoldIsLoadedAndChecked() {
        writePng(dir.resolve("late.png"), 12, 34, Color.RED);
        Path html = page("lazy.html", "Lazy",
                "<div style=\"height:5000px\"></div><img loading=\"lazy\" src=\"late.png\">");

        PageCheck.Result r = PageCheck.check(html, dir.resolve("shot.png"));

        assertTrue(r.ok(), r.describe());
        assertEquals(List.of(new PageCheck.Image(r.images().get(0).src(), true, 12, 34)), r.images());
    }

    @Test
    void imageThatIsNotAnImageIsBroken() throws IOException {
        Files.writeString(dir.resolve("fake.png"), "not a png");
        Path html = page("fake.html", "Fake", "<img src=\"fake.png\">");

        PageCheck.Result r = PageCheck.check(html, dir.resolve("shot.png"));

        assertFalse(r.ok(), r.describe());
        assertEquals(1, r.brokenImages().size(), r.describe());
        assertEquals(0, r.images().get(0).naturalWidth());
    }

    @Test
    void consoleErrorIsReported() {
        Path html = page("console.html", "Console",
                "<p>hi</p><script>console.log('fine'); console.warn('meh'); console.error('boom', 42);</script>");

        PageCheck.Result r = PageCheck.check(html, dir.resolve("shot.png"));

        assertFalse(r.ok(), r.describe());
        assertEquals(1, r.errors().size(), r.describe());
        PageCheck.ConsoleError e = r.errors().get(0);
        assertEquals("console", e.kind());
        assertEquals("boom 42", e.text());
        assertTrue(e.url().endsWith("/console.html"), r.describe());
        assertTrue(r.describe().contains("boom"), r.describe());
    }

    @Test
    void failedConsoleAssertIsReported() {
        Path html = page("assert.html", "Assert", "<script>console.assert(1 === 1, 'fine'); console.assert(1 === 2, 'maths');</script>");

        PageCheck.Result r = PageCheck.check(html, dir.resolve("shot.png"));

        assertEquals(1, r.errors().size(), r.describe());
        assertTrue(r.errors().get(0).text().contains("maths"), r.describe());
    }

    @Test
    void uncaughtExceptionIsReported() {
        Path html = page("throw.html", "Throw",
                "<p>before</p><script>function draw() { throw new TypeError('no canvas'); } draw();</script>"
                        + "<script>Promise.reject(new Error('async fail'));</script>");

        PageCheck.Result r = PageCheck.check(html, dir.resolve("shot.png"));

        assertFalse(r.ok(), r.describe());
        assertTrue(r.errors().stream().anyMatch(e -> e.kind().equals("exception")
                && e.text().contains("TypeError: no canvas")), r.describe());
        assertTrue(r.errors().stream().anyMatch(e -> e.kind().equals("exception")
                && e.text().contains("async fail")), r.describe());
    }

    @Test
    void remoteResourceFailsOfflineAndIsReported() {
        Path html = page("remote.html", "Remote",
                "<img src=\"https://example.com/logo.png\">"
                        + "<script src=\"https://cdn.example.org/lib.js\"></script>");

        PageCheck.Result r = PageCheck.check(html, dir.resolve("shot.png"));

        assertFalse(r.ok(), r.describe());
        assertEquals(1, r.brokenImages().size(), r.describe());
        for (String url : List.of("https://example.com/logo.png", "https://cdn.example.org/lib.js")) {
            assertTrue(r.errors().stream().anyMatch(e -> e.kind().equals("network") && e.url().equals(url)),
                    url + " is reported as a network request:\n" + r.describe());
            assertTrue(r.errors().stream().anyMatch(e -> e.kind().equals("log") && e.url().equals(url)
                    && e.text().contains("ERR_NAME_NOT_RESOLVED")), url + " fails offline:\n" + r.describe());
        }
        assertTrue(r.elapsed().compareTo(Duration.ofSeconds(10)) < 0, "no waiting for DNS: " + r.elapsed());
    }

    @Test
    void missingChromiumIsAClearError() {
        Path html = page("p.html", "P", "<p>x</p>");
        PageCheck check = PageCheck.builder().chromium(dir.resolve("no-such-chromium")).build();

        WorkshopException e = assertThrows(WorkshopException.class, () -> check.run(html, dir.resolve("shot.png")));

        assertTrue(e.getMessage().contains("no-such-chromium"), e.getMessage());
        assertTrue(e.getMessage().contains("sudo apt-get install chromium"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("shot.png")));
    }

    @Test
    void chromiumThatExitsAtOnceIsAClearError() throws IOException {
        Path fake = dir.resolve("fake-chromium");
        Files.writeString(fake, "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n");
        assertTrue(fake.toFile().setExecutable(true));
        Path html = page("p.html", "P", "<p>x</p>");
        PageCheck check = PageCheck.builder().chromium(fake).build();

        WorkshopException e = assertThrows(WorkshopException.class, () -> check.run(html, dir.resolve("shot.png")));

        assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot open display"), e.getMessage());
    }

    @Test
    void browserThatHangsIsStoppedAtTheTimeout() throws IOException {
        Path fake = dir.resolve("hung-chromium");
        Files.writeString(fake, "#!/bin/sh\nexec sleep 60\n");
        assertTrue(fake.toFile().setExecutable(true));
        Path html = page("p.html", "P", "<p>x</p>");
        PageCheck check = PageCheck.builder().chromium(fake).timeout(Duration.ofMillis(500)).build();

        long t0 = System.nanoTime();
        WorkshopException e = assertThrows(WorkshopException.class, () -> check.run(html, dir.resolve("shot.png")));

        assertTrue(e.getMessage().contains("in time"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "gave up promptly");
    }

    @Test
    void pageThatNeverFinishesLoadingTimesOut() throws IOException {
        // A script that never yields: the load event never comes.
        Path html = page("busy.html", "Busy", "<script>while (true) {}</script>");
        PageCheck check = PageCheck.builder().timeout(Duration.ofSeconds(4)).build();
        List<Path> profilesBefore = chromiumTempDirs();

        WorkshopException e = assertThrows(WorkshopException.class, () -> check.run(html, dir.resolve("shot.png")));

        assertTrue(e.getMessage().contains("load event"), e.getMessage());
        assertTrue(e.getMessage().contains("limit for the whole check: 4.0 s"), e.getMessage());
        assertProfilesGone(profilesBefore, "the browser is stopped and its profile deleted");
    }

    @Test
    void missingPageIsAClearError() {
        WorkshopException e = assertThrows(WorkshopException.class,
                () -> PageCheck.check(dir.resolve("nope.html"), dir.resolve("shot.png")));
        assertTrue(e.getMessage().contains("nope.html"), e.getMessage());
    }

    /** Every Chromium process of the check has ended, and its temporary profile is gone. */
    private static void assertBrowserGone(PageCheck.Result r) {
        assertFalse(r.chromiumPids().isEmpty());
        assertTrue(r.chromiumPids().size() > 1, "the browser's child processes were seen too: " + r.chromiumPids());
        for (long pid : r.chromiumPids()) {
            assertFalse(ProcessHandle.of(pid).map(Chromium::isRunning).orElse(false),
                    "Chromium process " + pid + " still running");
        }
    }

    /** The browsers this JVM launched so far (other processes' checks, run beside this one, are not ours to count). */
    private static List<Path> chromiumTempDirs() {
        return List.copyOf(Chromium.LAUNCHED);
    }

    /** Every browser launched since {@code before} was taken has had its temporary folder deleted. */
    private static void assertProfilesGone(List<Path> before, String what) {
        List<Path> launched = new java.util.ArrayList<>(Chromium.LAUNCHED);
        launched.removeAll(before);
        assertFalse(launched.isEmpty(), "a browser was launched");
        for (Path p : launched) assertFalse(Files.exists(p), what + ": " + p);
    }

    private Path page(String name, String title, String body) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>" + title + "</title></head>\n<body>" + body + "</body></html>\n";
        try {
            return Files.writeString(dir.resolve(name), html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] pngBytes(int w, int h, Color colour) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writePng(Path file, int w, int h, Color colour) {
        try {
            Files.write(file, pngBytes(w, h, colour));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
