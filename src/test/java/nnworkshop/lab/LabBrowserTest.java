package nnworkshop.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Lab's page in a real browser (Debian's headless Chromium through its chromedriver): digits
 * drawn with mouse strokes, a finger (touch) or a pen are read by both networks, a live training draws its chart and ends,
 * Stop stops one, and the console stays clean. Screenshots go to target/lab-screenshots/.
 */
@Tag("slow")
class LabBrowserTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium"), DRIVER = new File("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "lab-screenshots");
    private static LabFixture f;
    private static ChromeDriver d;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(CHROMIUM.canExecute() && DRIVER.canExecute(), "needs chromium and chromium-driver (apt-get install chromium chromium-driver)");
        f = LabFixture.defaults();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        d = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).build(), o);
        d.manage().window().setSize(new Dimension(1400, 1000));
        d.get(f.lab.url());
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (d != null) d.quit();
        if (f != null) f.close();
    }

    private static void shot(String name) throws IOException {
        Files.copy(d.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Draws the digit's strokes with a mouse, a finger or a pen (W3C pointer actions of that kind): the page must not care which. */
    private static void drawWith(PointerInput.Kind kind, Strokes.Digit digit) {
        WebElement pad = d.findElement(By.id("pad"));
        PointerInput p = new PointerInput(kind, kind.name().toLowerCase(java.util.Locale.ROOT));
        for (int[][] s : digit.strokes()) {
            Sequence seq = new Sequence(p, 0);
            seq.addAction(p.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(pad), s[0][0] - 140, s[0][1] - 140));
            seq.addAction(p.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
            for (int i = 1; i < s.length; i++) {
                for (int k = 1; k <= 4; k++) {
                    int x = s[i - 1][0] + (s[i][0] - s[i - 1][0]) * k / 4, y = s[i - 1][1] + (s[i][1] - s[i - 1][1]) * k / 4;
                    seq.addAction(p.createPointerMove(Duration.ofMillis(5), PointerInput.Origin.fromElement(pad), x - 140, y - 140));
                }
            }
            seq.addAction(p.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
            d.perform(List.of(seq));
        }
    }

    /** Waits for the predictions of the drawing: the page sends the final one once the stroke's last request returns. */
    private static void settle(WebDriverWait wait) {
        wait.until(x -> !x.findElements(By.id("top-scratch")).isEmpty());
        try {
            Thread.sleep(700);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The browser console's warnings and errors since the last call. */
    private static List<String> consoleWarnings() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : d.manage().logs().get(LogType.BROWSER)) if (e.getLevel().intValue() >= Level.WARNING.intValue()) errors.add(e.getMessage());
        return errors;
    }

    private static String top(String engine) {
        return d.findElement(By.id("top-" + engine)).getText();
    }

    @Test
    void drawnDigitsAreReadByBothNetworksAndTheConsoleStaysClean() throws IOException {
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20));
        d.findElement(By.id("tab-draw")).click();
        List<String> wrong = new ArrayList<>();
        int right = 0, n = 0;
        for (Strokes.Digit digit : Strokes.all()) {
            d.findElement(By.id("clear")).click();
            drawWith(PointerInput.Kind.MOUSE, digit);
            settle(wait);
            String s = top("scratch"), t = top("torch");
            n += 2;
            if (s.equals(String.valueOf(digit.label()))) right++; else wrong.add(digit.label() + "→scratch " + s);
            if (t.equals(String.valueOf(digit.label()))) right++; else wrong.add(digit.label() + "→torch " + t);
            if (digit.label() == 3 || digit.label() == 8) shot("draw-" + digit.label());
        }
        assertTrue(right >= n - 2, right + " of " + n + " right; wrong: " + wrong);
        d.findElement(By.id("undo")).click();
        d.findElement(By.id("sample")).click();
        wait.until(x -> x.findElement(By.id("verdict")).getText().contains("label"));
        shot("test-digit");
        assertEquals(List.of(), consoleWarnings());
    }

    @Test
    void aFingerAndAPenDrawAsTheMouseDoes() throws IOException {
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20));
        d.findElement(By.id("tab-draw")).click();
        List<String> wrong = new ArrayList<>();
        int right = 0, n = 0;
        for (PointerInput.Kind kind : new PointerInput.Kind[] {PointerInput.Kind.TOUCH, PointerInput.Kind.PEN}) {
            for (Strokes.Digit digit : Strokes.all()) {
                if (digit.label() % 3 != kind.ordinal() % 3) continue; // a third of the digits each, different ones
                d.findElement(By.id("clear")).click();
                drawWith(kind, digit);
                assertEquals(kind.name().toLowerCase(java.util.Locale.ROOT), d.findElement(By.id("pad")).getAttribute("data-pointer"));
                settle(wait);
                n += 2;
                for (String engine : List.of("scratch", "torch")) {
                    if (top(engine).equals(String.valueOf(digit.label()))) right++; else wrong.add(kind + " " + digit.label() + "→" + engine + " " + top(engine));
                }
            }
            shot("draw-" + kind.name().toLowerCase(java.util.Locale.ROOT));
        }
        assertTrue(n >= 8 && right >= n - 2, right + " of " + n + " right; wrong: " + wrong);
        assertEquals(List.of(), consoleWarnings());
    }

    @Test
    void aLiveTrainingDrawsItsChartAndStopStopsOne() throws IOException {
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(180));
        d.findElement(By.id("tab-train")).click();
        WebElement subset = d.findElement(By.name("subset")), epochs = d.findElement(By.name("epochs"));
        subset.clear();
        subset.sendKeys("3000");
        epochs.clear();
        epochs.sendKeys("1");
        d.findElement(By.id("start")).click();
        wait.until(x -> "done".equals(x.findElement(By.id("train-status")).getAttribute("data-state")));
        Object points = d.executeScript("return document.querySelectorAll('#epochs tbody tr').length");
        assertEquals(1L, points);
        assertTrue(d.findElement(By.id("train-status")).getText().contains("test accuracy"));
        shot("train-done");

        epochs.clear();
        epochs.sendKeys("20");
        subset.clear();
        subset.sendKeys("20000");
        d.findElement(By.id("start")).click();
        wait.until(x -> x.findElement(By.id("train-status")).getText().contains("step"));
        d.findElement(By.id("stop")).click();
        wait.until(x -> "stopped".equals(x.findElement(By.id("train-status")).getAttribute("data-state")));
        shot("train-stopped");
        assertEquals(List.of(), consoleWarnings());
        d.findElement(By.id("tab-draw")).click();
    }
}
