package nnworkshop.report.html;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonArray;

import nnworkshop.WorkshopException;

/** The report written from a fixture run directory: links, figures, numbers, escaping, errors. */
class HtmlReportTest {
    private static final Pattern LINK = Pattern.compile("\\b(src|href)=\"([^\"]*)\"");
    private static final Pattern IMG = Pattern.compile("<img\\b[^>]*\\bsrc=\"([^\"]*)\"");

    @TempDir
    Path tmp;

    private Path out() {
        return new RunFixture().write(tmp.resolve("out"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void writesIndexInsideReportFolderAndEveryRelativeLinkResolves() throws IOException {
        Path out = out();
        Path index = HtmlReport.write(out);

        assertEquals(out.resolve("report/index.html"), index);
        Path report = index.getParent();
        List<Path> pages = new ArrayList<>(List.of(index));
        try (Stream<Path> src = Files.list(report.resolve("src"))) {
            pages.addAll(src.sorted().toList());
        }
        assertEquals(6, pages.size(), "index and five source pages: " + pages);
        int checked = 0;
        for (Path page : pages) {
            String html = read(page);
            Matcher m = LINK.matcher(html);
            while (m.find()) {
                String url = m.group(2).replace("&amp;", "&");
                assertFalse(url.isEmpty(), page + ": empty " + m.group(1));
                assertFalse(url.matches("(?i)^[a-z][a-z0-9+.-]*:.*"), page + ": not a relative link: " + url);
                assertFalse(url.startsWith("/"), page + ": absolute path: " + url);
                int hash = url.indexOf('#');
                String file = hash < 0 ? url : url.substring(0, hash);
                Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                assertTrue(Files.isRegularFile(target), page + " links to a missing file: " + url);
                assertTrue(target.startsWith(report), page + " links outside the report folder: " + url);
                if (hash >= 0) {
                    String id = url.substring(hash + 1);
                    assertTrue(read(target).contains("id=\"" + id + "\""), page + ": no anchor #" + id + " in " + target);
                }
                checked++;
            }
        }
        assertTrue(checked > 40, "links checked: " + checked);
    }

    @Test
    void everyFigureIsCopiedAndShownExactlyOnce() throws IOException {
        Path out = out();
        String html = read(HtmlReport.write(out));

        List<String> srcs = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) srcs.add(m.group(1));
        assertEquals(RunFixture.FIGURES.size(), srcs.size(), "one <img> per figure: " + srcs);
        for (String fig : RunFixture.FIGURES) {
            String src = "img/" + fig.replace('/', '-');
            assertEquals(1, srcs.stream().filter(src::equals).count(), fig + " shown exactly once");
            assertArrayEquals(Files.readAllBytes(out.resolve(fig)), Files.readAllBytes(out.resolve("report").resolve(src)),
                    fig + " copied unchanged");
        }
        String[] afterImg = html.split("<img\\b");
        for (int i = 1; i < afterImg.length; i++) {
            assertTrue(afterImg[i].contains("<figcaption"), "image " + i + " has a caption after it");
            assertTrue(afterImg[i - 1].lastIndexOf("<figure") > afterImg[i - 1].lastIndexOf("</figure>"), "image " + i + " is in a figure");
        }
        assertTrue(html.contains("<b>Figure 13.</b>"), "figures are numbered");
        assertTrue(html.contains("width=\"60\" height=\"40\""), "sizes from the PNG header");
    }

    @Test
    void numbersFromTheJsonAppearFormatted() {
        String html = read(HtmlReport.write(out()));

        for (String expected : List.of(
                "97.65%", "97.60%",                                  // test accuracy, 2 decimals
                "0.0761", "0.0772",                                  // test loss
                "0.760 s", "1.20 s",                                 // median seconds per epoch after the first
                "250,000", "140,000", "1,000,000", "1,400,000", "50,000", "21,000", // throughput
                "120 MB", "610 MB", "0.400 s", "1.90 s",             // memory, start-up
                "2.0×10<sup>−7</sup>", "7.0×10<sup>−7</sup>", "3.0×10<sup>−6</sup>", "4.0×10<sup>−7</sup>",
                "1.0×10<sup>−6</sup>", "5.0×10<sup>−8</sup>",         // parity, scientific
                "0.05 pp", "+0.05 pp",
                "55,000", "5,000", "10,000", "70,000", "0.1306", "0.3080", "1: 6,192", "5: 4,948",
                "784 → 128 → 10, ReLU (101,770 parameters)", "SGD, learning rate 0.1, batch 64, 3 epochs",
                "Java 17.0.15", "DJL 0.36.0", "PyTorch 2.7.1", "d0a3c6f1e2b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f8",
                "abc123def4567890abc123def4567890abc12345", "2026-11-26T13:40:00Z",
                "libtorch 2.7.1, 1 thread", "vector-512, 2 threads",
                "from scratch, 1.79× faster", "PyTorch, 1.40× faster", "from scratch, 2.03× smaller")) {
            assertTrue(html.contains(expected), "the report shows " + expected);
        }
        // the better value of each row is highlighted: 7 of 9 rows to scratch, 2 to torch in the fixture
        assertEquals(9, countMatches(html, "class=\"n best\""));
        assertTrue(html.contains("<td class=\"n best\" title=\"the better of the two\">250,000</td>"));
        assertTrue(html.contains("<td class=\"n best\" title=\"the better of the two\">95 MB</td>"));
    }

    @Test
    void specialCharactersInValuesAreEscaped() {
        RunFixture f = new RunFixture();
        f.train.addProperty("kernel", "<b>\"fast\" & 'loud'</b>");
        f.compare.getAsJsonObject("manifest").addProperty("git_commit", "<script>alert(1)</script>");
        f.compare.getAsJsonObject("manifest").addProperty("java_version", "17 & <up>");
        f.explore.addProperty("pixelStatsOf", "split <train>");
        JsonArray names = f.explore.getAsJsonArray("classNames");
        names.set(1, new com.google.gson.JsonPrimitive("one<1>"));
        f.compare.getAsJsonObject("parity").getAsJsonArray("lockstep_checkpoints").get(0).getAsJsonObject()
                .getAsJsonObject("rel_dgrad").addProperty("w<&>", 1e-7);
        String html = read(HtmlReport.write(f.write(tmp.resolve("out"))));

        assertTrue(html.contains("&lt;b&gt;&quot;fast&quot; &amp; &#39;loud&#39;&lt;/b&gt;"), "kernel escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "commit escaped");
        assertTrue(html.contains("Java 17 &amp; &lt;up&gt;"));
        assertTrue(html.contains("split &lt;train&gt;"));
        assertTrue(html.contains("one&lt;1&gt;: 6,192"));
        assertTrue(html.contains("<code>w&lt;&amp;&gt;</code>"));
        assertFalse(html.contains("<script"), "no script element at all");
        assertFalse(html.contains("<b>\"fast\""));
        assertFalse(html.contains("<up>") || html.contains("<train>") || html.contains("one<1>"));
    }

    @Test
    void nothingIsLoadedFromTheNetwork() throws IOException {
        Path index = HtmlReport.write(out());
        List<Path> pages = new ArrayList<>(List.of(index));
        try (Stream<Path> src = Files.list(index.resolveSibling("src"))) {
            pages.addAll(src.toList());
        }
        for (Path p : pages) {
            String html = read(p);
            Matcher m = LINK.matcher(html);
            while (m.find()) {
                assertFalse(m.group(2).toLowerCase().matches("^(https?:)?//.*"), p + ": " + m.group());
            }
            for (String forbidden : List.of("<script", "<link", "@import", "url(", "<iframe", "http://", "https://")) {
                assertFalse(html.contains(forbidden), p + " contains " + forbidden);
            }
        }
    }

    @Test
    void equationsLinkToTheLineWhereTheirMethodStarts() {
        Path index = HtmlReport.write(out(), HtmlReport.DEFAULT_SOURCE_ROOT);
        String html = read(index);
        SourcePages.Method[] methods = {SourcePages.DENSE_FORWARD, SourcePages.DENSE_BACKWARD,
                SourcePages.ACTIVATION_FORWARD, SourcePages.ACTIVATION_BACKWARD, SourcePages.LOSS_FORWARD,
                SourcePages.LOSS_BACKWARD, SourcePages.SGD_STEP, SourcePages.activation("relu", false),
                SourcePages.activation("relu", true)};
        for (SourcePages.Method m : methods) {
            Matcher link = Pattern.compile("href=\"(src/" + Pattern.quote(m.fileName()) + "\\.html#L(\\d+))\"><code>"
                    + Pattern.quote(m.name()) + "</code>").matcher(html);
            assertTrue(link.find(), "a link to " + m.name());
            int line = Integer.parseInt(link.group(2));
            List<String> source = readLines(HtmlReport.DEFAULT_SOURCE_ROOT.resolve(m.file()));
            assertTrue(m.signature().matcher(source.get(line - 1)).find(), m.name() + " starts at line " + line
                    + ": " + source.get(line - 1));
            String page = read(index.resolveSibling(link.group(1).substring(0, link.group(1).indexOf('#'))));
            assertTrue(page.contains("<span class=\"line\" id=\"L" + line + "\"><a class=\"ln\" href=\"#L" + line + "\">"
                    + line + "</a>"), "line anchor in the source page");
        }
        assertTrue(readLines(HtmlReport.DEFAULT_SOURCE_ROOT.resolve(SourcePages.DENSE_FORWARD.file())).get(0).startsWith("package"));
        String dense = read(index.resolveSibling("src/Dense.java.html"));
        assertTrue(dense.contains("backend.linear(x, weight, bias, z);"), "the code itself");
        assertTrue(dense.contains("&lt;"), "the code is escaped (Javadoc has &lt;)");
    }

    @Test
    void withoutSourcesTheEquationsNameTheirMethods() {
        Path out = out();
        String html = read(HtmlReport.write(out, tmp.resolve("no-such-dir/src/main/java")));

        assertFalse(Files.exists(out.resolve("report/src")));
        assertFalse(html.contains("href=\"src/"));
        for (String name : List.of("Dense.forward", "Dense.backward", "ActivationLayer.forward", "ActivationLayer.backward",
                "SoftmaxCrossEntropy.forward", "SoftmaxCrossEntropy.backward", "Sgd.step", "Activations.relu",
                "Activations.reluDerivative")) {
            assertTrue(html.contains("<code>" + name + "</code>"), name);
        }
        assertTrue(html.contains("the sources were not found"));
    }

    @Test
    void aRenamedMethodIsNamedWithoutALink() throws IOException {
        Path root = tmp.resolve("java");
        Path dense = root.resolve(SourcePages.DENSE_FORWARD.file());
        Files.createDirectories(dense.getParent());
        Files.writeString(dense, "class Dense {\n    public Matrix backward(Matrix dZ) {}\n    public Matrix fwd(Matrix x) {}\n}\n");
        String html = read(HtmlReport.write(out(), root));

        assertTrue(html.contains("<code>Dense.forward</code>") && !html.contains("<code>Dense.forward</code></a>"));
        assertTrue(html.contains("href=\"src/Dense.java.html#L2\"><code>Dense.backward</code></a>"));
        assertTrue(html.contains("<code>Sgd.step</code>") && !html.contains("Sgd.java.html"));
    }

    static List<String> missingInputs() {
        List<String> all = new ArrayList<>(RunFixture.JSON);
        all.addAll(RunFixture.FIGURES);
        return all;
    }

    @ParameterizedTest
    @MethodSource("missingInputs")
    void aMissingInputIsAOneLineErrorNamingTheFileAndTheCommand(String rel) throws IOException {
        Path out = out();
        Files.delete(out.resolve(rel));

        WorkshopException e = assertThrows(WorkshopException.class, () -> HtmlReport.write(out));

        String command = rel.startsWith("part1") ? "`./workshop activations` or `./workshop run`"
                : rel.startsWith("part2") || rel.startsWith("part3") ? "`./workshop run`"
                : "`./workshop compare` or `./workshop run`";
        assertEquals(out.resolve(rel) + " not found: run " + command, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(out.resolve("report")), "nothing written");
    }

    @Test
    void aFailedRebuildLeavesThePreviousReportUntouched() throws IOException {
        Path out = out();
        Path index = HtmlReport.write(out);
        byte[] before = Files.readAllBytes(index);
        Files.delete(out.resolve("part4/torch.json"));

        assertThrows(WorkshopException.class, () -> HtmlReport.write(out));

        assertArrayEquals(before, Files.readAllBytes(index));
    }

    @Test
    void brokenJsonIsAOneLineError() throws IOException {
        Path out = out();
        Files.writeString(out.resolve("part2/train.json"), "{ \"impl\": \"scratch\",\n  oops");

        WorkshopException e = assertThrows(WorkshopException.class, () -> HtmlReport.write(out));

        assertTrue(e.getMessage().startsWith(out.resolve("part2/train.json") + " cannot be read ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("run `./workshop run` again"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aMissingKeyNamesItsPath() {
        RunFixture f = new RunFixture();
        f.compare.getAsJsonObject("torch").remove("peak_rss_mb");
        Path out = f.write(tmp.resolve("out"));

        WorkshopException e = assertThrows(WorkshopException.class, () -> HtmlReport.write(out));

        assertEquals(out.resolve("part5/compare.json") + " has no \"torch.peak_rss_mb\" (written by another version?): run "
                + "`./workshop compare` or `./workshop run` again", e.getMessage());
    }

    @Test
    void aFigureNameThatIsAPathIsRejected() {
        RunFixture f = new RunFixture();
        f.compare.getAsJsonObject("figures").addProperty("parity", "../part1/activations.png");
        Path out = f.write(tmp.resolve("out"));

        WorkshopException e = assertThrows(WorkshopException.class, () -> HtmlReport.write(out));

        assertTrue(e.getMessage().contains("figure \"parity\" should be a PNG file name"), e.getMessage());
    }

    @Test
    void aFigureThatIsNotAPngIsRejected() throws IOException {
        Path out = out();
        Files.writeString(out.resolve("part3/samples.png"), "<html>not an image</html>");

        WorkshopException e = assertThrows(WorkshopException.class, () -> HtmlReport.write(out));

        assertEquals(out.resolve("part3/samples.png") + " is not a PNG image: run `./workshop run` again", e.getMessage());
    }

    @Test
    void theReportIsAFunctionOfTheRunFiles() throws IOException {
        Path out = out();
        String first = read(HtmlReport.write(out));
        String second = read(HtmlReport.write(out));
        assertEquals(first, second);
        try (Stream<Path> files = Files.walk(out.resolve("report"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void otherSettingsOfTheRunAreDescribed() {
        RunFixture f = new RunFixture();
        for (var cfg : List.of(f.train.getAsJsonObject("config"), f.compare.getAsJsonObject("manifest").getAsJsonObject("config"))) {
            cfg.addProperty("optimizer", "sgd");
            cfg.addProperty("momentum", 0.9);
            cfg.addProperty("weight_decay", 1e-4);
            cfg.addProperty("lr_step", 3);
            cfg.addProperty("normalization_mean", 0.1307);
            cfg.addProperty("normalization_std", 0.3081);
        }
        f.torch.getAsJsonObject("model").addProperty("activation", "tanh");
        String html = read(HtmlReport.write(f.write(tmp.resolve("out"))));

        assertTrue(html.contains("SGD, learning rate 0.1, momentum 0.9, weight decay 0.0001, ×0.1 every 3 epochs, batch 64"));
        assertTrue(html.contains("standardises every pixel as (x − 0.1307) / 0.3081"));
        assertTrue(html.contains(".add(Activation::tanh)"), "the DJL snippet follows torch.json's model");
    }

    private static int countMatches(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
