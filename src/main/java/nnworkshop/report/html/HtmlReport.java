package nnworkshop.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import nnworkshop.WorkshopException;
import nnworkshop.report.browser.PageCheck;
import nnworkshop.report.html.RunFiles.Doc;
import nnworkshop.util.AtomicFiles;

/**
 * The HTML report of a whole run: {@code out/report/index.html}, one page through the five parts.
 *
 * <pre>{@code
 * Path index = HtmlReport.write(Path.of("out"));   // out/report/index.html, img/, src/
 * HtmlReport.screenshot(index);                    // out/report/screenshot.png, if Chromium is installed
 * }</pre>
 *
 * <p>The report is a function of the run's files, read from {@code out/}:
 * <ul>
 *   <li>{@code part1/activations.png}</li>
 *   <li>{@code part2/train.json}, {@code part2/learning_curves.png}, {@code part2/step_loss.png}</li>
 *   <li>{@code part3/explore.json} and the four figures it names</li>
 *   <li>{@code part4/torch.json}, {@code part4/learning_curves.png}</li>
 *   <li>{@code part5/compare.json} and the seven figures it names</li>
 * </ul>
 * Everything is read and checked before anything is written, so a missing or broken input leaves
 * the previous report as it was and gives a one-line {@link WorkshopException} naming the file and
 * the command that writes it. The figures are copied into {@code report/img/} and the sources the
 * equations link to into {@code report/src/}; {@code index.html} is written last, atomically. The
 * folder is self-contained: relative links only, inline CSS, no script, nothing from the network.
 */
public final class HtmlReport {
    /** Where the Java sources are looked for by default: {@code src/main/java} under the current directory. */
    public static final Path DEFAULT_SOURCE_ROOT = Path.of("src", "main", "java");

    /** A figure name in a JSON file: a plain file name, never a path. */
    private static final Pattern FIGURE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.png");

    private static final Map<String, String> RESOURCES = new ConcurrentHashMap<>();

    private HtmlReport() {}

    /** {@link #write(Path, Path)} with the sources under {@link #DEFAULT_SOURCE_ROOT}. */
    public static Path write(Path outDir) {
        return write(outDir, DEFAULT_SOURCE_ROOT);
    }

    /**
     * Writes {@code outDir/report/index.html} with its {@code img/} and {@code src/} folders.
     *
     * @param outDir the run's output directory (read; {@code report/} inside it is written)
     * @param sourceRoot the {@code src/main/java} directory whose files the equations link to; if it
     *     (or a file in it) does not exist, the equations name their methods without links
     * @return the path of {@code index.html}
     * @throws WorkshopException if an input is missing or unreadable (naming the file and the command
     *     that writes it), or the report cannot be written
     */
    public static Path write(Path outDir, Path sourceRoot) {
        RunFiles files = new RunFiles(outDir);
        Doc train = files.json("part2/train.json");
        Doc explore = files.json("part3/explore.json");
        Doc torch = files.json("part4/torch.json");
        Doc compare = files.json("part5/compare.json");

        List<String> figureFiles = new ArrayList<>(List.of("part1/activations.png", "part2/learning_curves.png",
                "part2/step_loss.png"));
        for (String key : List.of("samples", "classDistribution", "classMeans", "pixelHistogram")) {
            figureFiles.add("part3/" + figureName(explore, key));
        }
        figureFiles.add("part4/learning_curves.png");
        for (String key : List.of("learning_curves", "parity", "confusion_scratch", "confusion_torch", "misclassified",
                "weights_scratch", "weights_torch")) {
            figureFiles.add("part5/" + figureName(compare, key));
        }
        Map<String, int[]> sizes = new LinkedHashMap<>();
        for (String rel : figureFiles) sizes.put(rel, files.png(rel));

        Path reportDir = outDir.resolve("report");
        Map<String, Page.Figure> figures = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : sizes.entrySet()) {
            String rel = e.getKey();
            String name = rel.replace('/', '-');
            Path source = outDir.resolve(rel);
            AtomicFiles.write(reportDir.resolve("img").resolve(name), out -> Files.copy(source, out));
            figures.put(rel, new Page.Figure("img/" + name, e.getValue()[0], e.getValue()[1]));
        }
        SourcePages sources = SourcePages.write(sourceRoot, reportDir, "../index.html#equations");
        String html = new ReportPage(train, explore, torch, compare, figures, sources).render();
        return AtomicFiles.writeString(reportDir.resolve("index.html"), html);
    }

    /**
     * Loads the report in headless Chromium ({@link PageCheck}) and writes {@code screenshot.png}
     * beside it.
     *
     * @param reportIndex the report's {@code index.html} (not modified)
     * @return the screenshot's path
     * @throws WorkshopException if Chromium is missing or fails, or the page does not display cleanly
     *     (an image that does not decode, a console error, a request to the network)
     */
    public static Path screenshot(Path reportIndex) {
        Path png = reportIndex.resolveSibling("screenshot.png");
        PageCheck.Result r = PageCheck.check(reportIndex, png);
        if (!r.ok()) {
            List<String> problems = new ArrayList<>();
            r.brokenImages().forEach(i -> problems.add("broken image " + i.src()));
            r.errors().forEach(e -> problems.add(e.toString()));
            String first = problems.stream().limit(3).collect(Collectors.joining("; ")).replaceAll("\\s+", " ");
            throw new WorkshopException(reportIndex + " does not display cleanly in Chromium (" + r.brokenImages().size()
                    + " broken images, " + r.errors().size() + " errors: " + first + (problems.size() > 3 ? "; …" : "")
                    + "): rebuild it with `./workshop run`");
        }
        return png;
    }

    /** The figure file named under {@code figures.key} of a JSON file, checked to be a plain PNG file name. */
    private static String figureName(Doc doc, String key) {
        String name = RunText.figureName(doc, key);
        if (!FIGURE_NAME.matcher(name).matches()) {
            throw new WorkshopException(doc.file() + ": figure \"" + key + "\" should be a PNG file name beside it, got \""
                    + name.replaceAll("\\s+", " ") + "\": run " + RunFiles.producer(doc.rel()) + " again");
        }
        return name;
    }

    /** A text resource of this package (the CSS), cached. */
    static String resource(String name) {
        return RESOURCES.computeIfAbsent(name, n -> {
            try (InputStream in = HtmlReport.class.getResourceAsStream(n)) {
                if (in == null) throw new IllegalStateException("resource missing from the build: " + n);
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
