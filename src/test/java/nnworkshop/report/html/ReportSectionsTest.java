package nnworkshop.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.report.html.RunFiles.Doc;

/** The page's sections, one class per part: each on its own, and all five in the frame. */
class ReportSectionsTest {
    private static final Pattern IMG = Pattern.compile("<img\\b[^>]*\\bsrc=\"([^\"]*)\"");
    private static final Pattern FIGURE_NUMBER = Pattern.compile("<b>Figure (\\d+)\\.</b>");

    /** The figures of each section, in the order it shows them, by section id (the page's order). */
    private static final Map<String, List<String>> FIGURES = new LinkedHashMap<>();
    static {
        FIGURES.put("part1", List.of("part1/activations.png"));
        FIGURES.put("part2", List.of("part2/learning_curves.png", "part2/step_loss.png"));
        FIGURES.put("part3", List.of("part3/samples.png", "part3/class_distribution.png", "part3/class_means.png",
                "part3/pixel_histogram.png"));
        FIGURES.put("part4", List.of("part4/learning_curves.png"));
        FIGURES.put("part5", List.of("part5/parity.png", "part5/learning_curves.png", "part5/confusion_scratch.png",
                "part5/confusion_torch.png", "part5/misclassified.png", "part5/weights_scratch.png", "part5/weights_torch.png"));
    }

    @TempDir
    Path tmp;

    private Path out;
    private Doc train, explore, torch, compare;

    @BeforeEach
    void run() {
        out = new RunFixture().write(tmp.resolve("out"));
        RunFiles files = new RunFiles(out);
        train = files.json("part2/train.json");
        explore = files.json("part3/explore.json");
        torch = files.json("part4/torch.json");
        compare = files.json("part5/compare.json");
    }

    /** Every figure of the run, as HtmlReport prepares them (the size is not read here). */
    private static Map<String, Page.Figure> prepared() {
        Map<String, Page.Figure> figures = new LinkedHashMap<>();
        for (String rel : RunFixture.FIGURES) figures.put(rel, new Page.Figure("img/" + rel.replace('/', '-'), 10, 10));
        return figures;
    }

    private static List<String> images(String html) {
        List<String> srcs = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) srcs.add(m.group(1));
        return srcs;
    }

    private static List<Integer> figureNumbers(String html) {
        List<Integer> numbers = new ArrayList<>();
        Matcher m = FIGURE_NUMBER.matcher(html);
        while (m.find()) numbers.add(Integer.parseInt(m.group(1)));
        return numbers;
    }

    private static List<String> imgSrcs(List<String> rels) {
        return rels.stream().map(r -> "img/" + r.replace('/', '-')).toList();
    }

    @Test
    void eachSectionIsOneSectionElementWrittenFromTheFilesItIsGiven() {
        SourcePages noSources = SourcePages.write(tmp.resolve("no-such-dir"), out.resolve("report"), "../index.html#equations");
        Map<String, Consumer<Page>> sections = new LinkedHashMap<>();
        sections.put("part1", page -> new Part1Introduction(page, train).write());
        sections.put("part2", page -> new Part2FromScratch(page, train, noSources).write());
        sections.put("part3", page -> new Part3Dataset(page, explore, train).write());
        sections.put("part4", page -> new Part4PyTorch(page, torch).write());
        sections.put("part5", page -> new Part5Comparison(page, compare, explore).write());
        // a figure pair (scratch | torch) has one number for its two images
        Map<String, Integer> numbered = Map.of("part1", 1, "part2", 2, "part3", 4, "part4", 1, "part5", 5);

        for (var s : sections.entrySet()) {
            String id = s.getKey();
            Page page = new Page(prepared());
            s.getValue().accept(page);
            String html = page.html();

            assertTrue(html.startsWith("<section id=\"" + id + "\">\n"), id + " opens its section: " + html.substring(0, 40));
            assertTrue(html.endsWith("</section>\n"), id + " closes its section");
            assertEquals(1, html.split("<section\\b", -1).length - 1, id + " is one section");
            assertEquals(imgSrcs(FIGURES.get(id)), images(html), id + " shows its own figures, in order");
            assertEquals(IntStream.rangeClosed(1, numbered.get(id)).boxed().toList(), figureNumbers(html),
                    id + " numbers its figures from 1 on a page of its own");
        }
    }

    @Test
    void thePageShowsTheFivePartsInOrderAndNumbersFiguresAcrossThem() throws IOException {
        String html = Files.readString(HtmlReport.write(out), StandardCharsets.UTF_8);

        int from = 0;
        for (var part : FIGURES.entrySet()) {
            int start = html.indexOf("<section id=\"" + part.getKey() + "\">", from);
            assertTrue(start >= from, part.getKey() + " comes after the part before it");
            int end = html.indexOf("</section>", start);
            assertEquals(imgSrcs(part.getValue()), images(html.substring(start, end)), part.getKey() + "'s figures are inside it");
            from = end;
        }
        assertEquals(IntStream.rangeClosed(1, 13).boxed().toList(), figureNumbers(html),
                "figures are numbered 1 to 13 down the page, through every section");
    }

    @Test
    void aFigureThatWasNotPreparedIsAnErrorNotABrokenImage() {
        Map<String, Page.Figure> figures = prepared();
        figures.remove("part4/learning_curves.png");
        Page page = new Page(figures);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Part4PyTorch(page, torch).write());

        assertEquals("figure not prepared: part4/learning_curves.png", e.getMessage());
    }
}
