package nnworkshop.report.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import nnworkshop.WorkshopException;
import nnworkshop.util.AtomicFiles;

/**
 * Loads an HTML file in headless Chromium and reports what a reader would see: whether every image
 * decoded, what the console complained about, and a full-page screenshot.
 *
 * <pre>{@code
 * PageCheck.Result r = PageCheck.check(Path.of("out/report/index.html"), Path.of("out/report/screenshot.png"));
 * assertTrue(r.ok(), r.describe());
 * }</pre>
 *
 * <p>The steps, over the DevTools protocol: start Chromium ({@link Chromium}), open a new tab, enable
 * {@code Runtime}, {@code Log}, {@code Network} and {@code Page}, navigate to the file's
 * {@code file://} URL and wait for {@code Page.loadEventFired}; then wait for images still loading
 * (lazy ones are made eager), list every {@code <img>}, set the viewport to {@link Builder#width} CSS
 * pixels, and capture the whole page. Errors are collected from {@code console.error} and
 * {@code console.assert}, uncaught exceptions, error log entries (a missing image appears there as
 * "Failed to load resource"), and any request that leaves the machine: the page must be
 * self-contained, and the browser is started offline, so such a request fails on every machine.
 *
 * <p>Everything runs under one deadline ({@link Builder#timeout}, 30 s by default). Chromium and its
 * child processes are killed and its temporary profile deleted before {@code check} returns, whether
 * it succeeded, failed or timed out. A check takes about a second.
 */
public final class PageCheck {
    /** Default overall time limit for one check. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Default viewport width of the screenshot, in CSS pixels. */
    public static final int DEFAULT_WIDTH = 1280;
    /** Screenshots are cut at this height (CSS pixels), well inside what Chromium can render in one go. */
    static final int MAX_SCREENSHOT_HEIGHT = 16_384;

    private final Path chromium;
    private final Duration timeout;
    private final int width;

    private PageCheck(Builder b) {
        this.chromium = b.chromium;
        this.timeout = b.timeout;
        this.width = b.width;
    }

    /** A checker with the defaults: {@code $CHROMIUM} or {@code /usr/bin/chromium}, 30 s, 1280 px wide. */
    public static Builder builder() {
        return new Builder();
    }

    /** Checks {@code html} with the default settings; see {@link #run}. */
    public static Result check(Path html, Path screenshotPng) {
        return builder().build().run(html, screenshotPng);
    }

    /** One {@code <img>} of the page: its {@code src} as the browser resolved it, and its decoded size. */
    public record Image(String src, boolean complete, int naturalWidth, int naturalHeight) {
        /** True if the image loaded and decoded to a non-empty bitmap. */
        public boolean decoded() {
            return complete && naturalWidth > 0 && naturalHeight > 0;
        }
    }

    /**
     * One error seen while loading the page.
     *
     * @param kind where it came from: {@code console} ({@code console.error}/{@code assert}),
     *     {@code exception} (uncaught), {@code log} (the browser's own log, e.g. a failed load),
     *     {@code network} (a request to a remote host)
     * @param text the message
     * @param url the script, resource or request it concerns, or "" if unknown
     */
    public record ConsoleError(String kind, String text, String url) {
        @Override
        public String toString() {
            return "[" + kind + "] " + text + (url.isEmpty() || text.contains(url) ? "" : " (" + url + ")");
        }
    }

    /**
     * What the browser saw.
     *
     * @param url the {@code file://} URL that was loaded
     * @param title the page's {@code document.title}
     * @param images every {@code <img>} in document order
     * @param errors every error, in the order they happened
     * @param screenshot where the screenshot was written
     * @param screenshotWidth its width in pixels
     * @param screenshotHeight its height in pixels
     * @param elapsed how long the whole check took, browser start and stop included
     * @param chromiumPids the browser's process and all its children, all ended when the result is returned
     */
    public record Result(String url, String title, List<Image> images, List<ConsoleError> errors,
                         Path screenshot, int screenshotWidth, int screenshotHeight, Duration elapsed,
                         List<Long> chromiumPids) {
        public Result {
            images = List.copyOf(images);
            errors = List.copyOf(errors);
            chromiumPids = List.copyOf(chromiumPids);
        }

        /** The images that did not decode. */
        public List<Image> brokenImages() {
            return images.stream().filter(i -> !i.decoded()).toList();
        }

        /** True if every image decoded and there was no error. */
        public boolean ok() {
            return errors.isEmpty() && brokenImages().isEmpty();
        }

        /** A multi-line summary for assertion messages: the verdict, then each broken image and error. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(ok() ? "page OK: " : "page NOT OK: ").append(url)
                    .append(" (title \"").append(title).append("\", ")
                    .append(images.size()).append(" images, ")
                    .append(brokenImages().size()).append(" broken, ")
                    .append(errors.size()).append(" errors; screenshot ")
                    .append(screenshotWidth).append('×').append(screenshotHeight).append(" at ").append(screenshot)
                    .append(String.format(Locale.ROOT, "; %.1f s)", elapsed.toMillis() / 1000.0));
            for (Image i : brokenImages()) {
                sb.append("\n  broken image: ").append(i.src())
                        .append(i.complete() ? " (did not decode)" : " (never finished loading)");
            }
            for (ConsoleError e : errors) sb.append("\n  error: ").append(e.toString().replace("\n", "\n    "));
            return sb.toString();
        }
    }

    /** Settings of a {@link PageCheck}. */
    public static final class Builder {
        private Path chromium = Chromium.defaultExecutable();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int width = DEFAULT_WIDTH;

        private Builder() {}

        /** The Chromium executable (default: {@code $CHROMIUM}, else {@code /usr/bin/chromium}). */
        public Builder chromium(Path executable) {
            this.chromium = Objects.requireNonNull(executable, "executable");
            return this;
        }

        /** The time limit for the whole check, browser start included (default 30 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The viewport width in CSS pixels, i.e. the width of the screenshot (default 1280). */
        public Builder width(int width) {
            if (width < 100 || width > 10_000) throw new IllegalArgumentException("width must be in [100, 10000], got " + width);
            this.width = width;
            return this;
        }

        public PageCheck build() {
            return new PageCheck(this);
        }
    }

    /**
     * Loads {@code html} in a fresh headless Chromium and writes a full-page PNG screenshot to
     * {@code screenshotPng} atomically (parent directories are created).
     *
     * @param html the page to check (not modified)
     * @param screenshotPng where the screenshot goes (replaced)
     * @return what the browser saw; {@link Result#ok()} says whether the page is fine
     * @throws WorkshopException if the page does not exist, Chromium is missing or fails to start,
     *     or the check does not finish within the timeout
     */
    public Result run(Path html, Path screenshotPng) {
        Objects.requireNonNull(screenshotPng, "screenshotPng");
        if (!Files.isRegularFile(html)) throw new WorkshopException("no page to check at " + html);
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        String url = html.toAbsolutePath().normalize().toUri().toString();
        List<ConsoleError> errors = Collections.synchronizedList(new ArrayList<>());
        List<Long> pids = new ArrayList<>();
        Chromium browser = Chromium.launch(chromium, deadline);
        try {
            String title;
            List<Image> images;
            int[] size;
            try (Cdp cdp = Cdp.connect(browser.browserWebSocket(), deadline)) {
                String session = openTab(cdp, deadline);
                CompletableFuture<Void> loaded = new CompletableFuture<>();
                cdp.onEvent(e -> {
                    if (!session.equals(e.sessionId())) return;
                    if (e.method().equals("Page.loadEventFired")) loaded.complete(null);
                    else collectError(e, errors);
                });
                for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
                    cdp.call(domain + ".enable", null, session, deadline);
                }
                JsonObject nav = cdp.call("Page.navigate", obj("url", url), session, deadline);
                if (nav.has("errorText")) {
                    throw new WorkshopException("Chromium could not open " + url + ": " + nav.get("errorText").getAsString());
                }
                Cdp.await(loaded, deadline, "load event of " + url);
                images = listImages(cdp, session, deadline);
                title = evaluate(cdp, session, "document.title", false, deadline).getAsString();
                size = screenshot(cdp, session, screenshotPng, deadline);
                pids.addAll(browser.processes().stream().map(ProcessHandle::pid).toList());
                // Ask politely first, so Chromium can shut its children down; close() then kills what is left.
                cdp.send("Browser.close", null, null);
            }
            browser.awaitExit(Duration.ofSeconds(2));
            return new Result(url, title, images, List.copyOf(errors), screenshotPng, size[0], size[1],
                    Duration.between(start, Instant.now()), pids);
        } catch (WorkshopException e) {
            String limit = e.getCause() instanceof TimeoutException
                    ? " (limit for the whole check: " + timeout.toMillis() / 1000.0 + " s)" : "";
            throw new WorkshopException(e.getMessage() + limit + browser.stderrTail(), e);
        } finally {
            browser.close();
        }
    }

    /** Opens a blank tab and attaches to it; returns the session id page commands go to. */
    private static String openTab(Cdp cdp, Instant deadline) {
        String targetId = cdp.call("Target.createTarget", obj("url", "about:blank"), null, deadline)
                .get("targetId").getAsString();
        JsonObject attach = obj("targetId", targetId);
        attach.addProperty("flatten", true);
        return cdp.call("Target.attachToTarget", attach, null, deadline).get("sessionId").getAsString();
    }

    /** Turns an event into an error, if it is one. Runs on the WebSocket thread. */
    private static void collectError(Cdp.Event e, List<ConsoleError> errors) {
        JsonObject p = e.params();
        switch (e.method()) {
            case "Runtime.consoleAPICalled" -> {
                String type = str(p, "type");
                if (!type.equals("error") && !type.equals("assert")) return;
                List<String> parts = new ArrayList<>();
                for (JsonElement a : p.getAsJsonArray("args")) parts.add(remoteObjectText(a.getAsJsonObject()));
                String text = String.join(" ", parts);
                if (type.equals("assert")) text = "Assertion failed" + (text.isEmpty() ? "" : ": " + text);
                errors.add(new ConsoleError("console", text, firstFrameUrl(p.getAsJsonObject("stackTrace"))));
            }
            case "Runtime.exceptionThrown" -> {
                JsonObject d = p.getAsJsonObject("exceptionDetails");
                String text = d.has("exception") && d.getAsJsonObject("exception").has("description")
                        ? d.getAsJsonObject("exception").get("description").getAsString()
                        : str(d, "text");
                String where = str(d, "url");
                if (where.isEmpty()) where = firstFrameUrl(d.getAsJsonObject("stackTrace"));
                errors.add(new ConsoleError("exception", text, where));
            }
            case "Log.entryAdded" -> {
                JsonObject entry = p.getAsJsonObject("entry");
                if (str(entry, "level").equals("error")) {
                    errors.add(new ConsoleError("log", str(entry, "text"), str(entry, "url")));
                }
            }
            case "Network.requestWillBeSent" -> {
                String requested = str(p.getAsJsonObject("request"), "url");
                if (!isLocal(requested)) {
                    errors.add(new ConsoleError("network",
                            "request to the network (the page must be self-contained): " + requested, requested));
                }
            }
            default -> {
                // other events are not errors
            }
        }
    }

    /** True for URLs that never leave the machine. */
    static boolean isLocal(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith("file:") || u.startsWith("data:") || u.startsWith("blob:") || u.startsWith("about:");
    }

    /** Waits for images that are still loading (at most 5 s), then lists all {@code <img>}. */
    private static List<Image> listImages(Cdp cdp, String session, Instant deadline) {
        String js = """
                (async () => {
                  const imgs = Array.from(document.images);
                  for (const i of imgs) if (i.loading === 'lazy') i.loading = 'eager';
                  const settled = imgs.map(i => i.complete ? null : new Promise(r => {
                    i.addEventListener('load', r, {once: true});
                    i.addEventListener('error', r, {once: true});
                  }));
                  await Promise.race([Promise.all(settled), new Promise(r => setTimeout(r, 5000))]);
                  return imgs.map(i => ({src: i.currentSrc || i.src, complete: i.complete,
                                         naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight}));
                })()""";
        JsonArray arr = evaluate(cdp, session, js, true, deadline).getAsJsonArray();
        List<Image> images = new ArrayList<>();
        for (JsonElement el : arr) {
            JsonObject o = el.getAsJsonObject();
            images.add(new Image(shorten(str(o, "src")), o.get("complete").getAsBoolean(),
                    o.get("naturalWidth").getAsInt(), o.get("naturalHeight").getAsInt()));
        }
        return images;
    }

    /**
     * Sets the viewport width, measures the page and captures all of it as PNG into {@code png}.
     * Returns the screenshot's {width, height} in pixels.
     */
    private int[] screenshot(Cdp cdp, String session, Path png, Instant deadline) {
        JsonObject metrics = new JsonObject();
        metrics.addProperty("width", width);
        metrics.addProperty("height", 800);
        metrics.addProperty("deviceScaleFactor", 1);
        metrics.addProperty("mobile", false);
        cdp.call("Emulation.setDeviceMetricsOverride", metrics, session, deadline);
        JsonObject layout = cdp.call("Page.getLayoutMetrics", null, session, deadline);
        JsonObject content = layout.getAsJsonObject(layout.has("cssContentSize") ? "cssContentSize" : "contentSize");
        int w = Math.max(width, (int) Math.ceil(content.get("width").getAsDouble()));
        int h = Math.min(MAX_SCREENSHOT_HEIGHT, Math.max(1, (int) Math.ceil(content.get("height").getAsDouble())));
        JsonObject clip = new JsonObject();
        clip.addProperty("x", 0);
        clip.addProperty("y", 0);
        clip.addProperty("width", w);
        clip.addProperty("height", h);
        clip.addProperty("scale", 1);
        JsonObject params = obj("format", "png");
        params.add("clip", clip);
        params.addProperty("captureBeyondViewport", true);
        String data = cdp.call("Page.captureScreenshot", params, session, deadline).get("data").getAsString();
        byte[] bytes = Base64.getDecoder().decode(data);
        AtomicFiles.write(png, out -> out.write(bytes));
        return new int[] {w, h};
    }

    /** Evaluates {@code expression} in the page and returns its value (awaiting it if it is a promise). */
    private static JsonElement evaluate(Cdp cdp, String session, String expression, boolean await, Instant deadline) {
        JsonObject params = obj("expression", expression);
        params.addProperty("returnByValue", true);
        params.addProperty("awaitPromise", await);
        JsonObject r = cdp.call("Runtime.evaluate", params, session, deadline);
        if (r.has("exceptionDetails")) {
            throw new WorkshopException("evaluating in the page failed: " + r.get("exceptionDetails"));
        }
        JsonObject value = r.getAsJsonObject("result");
        return value.has("value") ? value.get("value") : JsonParser.parseString("null");
    }

    private static String remoteObjectText(JsonObject o) {
        if (o.has("value")) {
            JsonElement v = o.get("value");
            return v.isJsonPrimitive() ? v.getAsString() : v.toString();
        }
        if (o.has("description")) return o.get("description").getAsString();
        if (o.has("unserializableValue")) return o.get("unserializableValue").getAsString();
        return str(o, "type");
    }

    private static String firstFrameUrl(JsonObject stackTrace) {
        if (stackTrace == null) return "";
        JsonArray frames = stackTrace.getAsJsonArray("callFrames");
        return frames == null || frames.isEmpty() ? "" : str(frames.get(0).getAsJsonObject(), "url");
    }

    /** Data URIs can be megabytes long: keep the start, enough to recognise them. */
    private static String shorten(String src) {
        return src.length() <= 200 ? src : src.substring(0, 80) + "…(" + src.length() + " chars)";
    }

    private static String str(JsonObject o, String key) {
        return o != null && o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : "";
    }

    private static JsonObject obj(String key, String value) {
        JsonObject o = new JsonObject();
        o.addProperty(key, value);
        return o;
    }
}
