package nnworkshop.report.html;

import static nnworkshop.report.html.Html.esc;
import static nnworkshop.report.html.RunText.architecture;
import static nnworkshop.report.html.RunText.hyper;

import java.util.Locale;
import java.util.Map;

import nnworkshop.report.html.RunFiles.Doc;

/**
 * The report's page: its frame — the head with the inlined CSS, the header, the contents and the run
 * manifest, the footer — around the five sections, one class per part, in the page's order:
 * {@link Part1Introduction}, {@link Part2FromScratch}, {@link Part3Dataset}, {@link Part4PyTorch},
 * {@link Part5Comparison} (the workshop's numbering; {@code ./workshop run} computes Part 3 before
 * Part 2, the page explains Part 2 first). They all write into one {@link Page}, which numbers the
 * figures down the page. Values come from the run's JSON ({@link Doc}); every string from a file is escaped, every
 * number goes through {@link Fmt}.
 */
final class ReportPage {
    private final Doc train;
    private final Doc explore;
    private final Doc torch;
    private final Doc compare;
    private final SourcePages sources;
    private final Page page;

    ReportPage(Doc train, Doc explore, Doc torch, Doc compare, Map<String, Page.Figure> figures, SourcePages sources) {
        this.train = train;
        this.explore = explore;
        this.torch = torch;
        this.compare = compare;
        this.sources = sources;
        this.page = new Page(figures);
    }

    String render() {
        page.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>nn-workshop report — a neural network from scratch and on PyTorch</title>
                <style>
                """).append(HtmlReport.resource("report.css")).append("""
                </style>
                </head>
                <body>
                """);
        header();
        page.append("<main>\n");
        overview();
        new Part1Introduction(page, train).write();
        new Part2FromScratch(page, train, sources).write();
        new Part3Dataset(page, explore, train).write();
        new Part4PyTorch(page, torch).write();
        new Part5Comparison(page, compare, explore).write();
        page.append("</main>\n");
        footer();
        page.append("</body>\n</html>\n");
        return page.html();
    }

    // ---------------------------------------------------------------------------------------------

    private void header() {
        Doc model = train.obj("model");
        page.append("<header class=\"top\">\n<p class=\"kicker\">nn-workshop · report of one run</p>\n")
                .append("<h1>A neural network from scratch, and the same one on PyTorch</h1>\n")
                .append("<p class=\"lede\">Five parts, one page: the ideas, a ").append(architecture(model, false))
                .append(" network written in plain Java, the ").append(esc(train.str("dataset").toUpperCase(Locale.ROOT)))
                .append(" digits it learns from, the same network on libtorch through DJL, and a side-by-side comparison. ")
                .append("Every number and figure below comes from the files of this run.</p>\n</header>\n");
    }

    private void overview() {
        page.append("""
                <div class="overview">
                <nav class="toc" aria-label="Contents">
                <h2>Contents</h2>
                <ol>
                <li><a href="#part1">Introduction</a></li>
                <li><a href="#part2">The network from scratch</a>
                  <ol><li><a href="#equations">Equations and code</a></li><li><a href="#scratch-results">Results</a></li></ol></li>
                <li><a href="#part3">The dataset</a></li>
                <li><a href="#part4">The same model on PyTorch</a></li>
                <li><a href="#part5">The comparison</a>
                  <ol><li><a href="#parity">Do they compute the same thing?</a></li><li><a href="#speed">Speed and memory</a></li>
                  <li><a href="#errors">Accuracy and errors</a></li><li><a href="#weights">What the first layer learned</a></li></ol></li>
                </ol>
                </nav>
                """);
        manifest();
        page.append("</div>\n");
    }

    private void manifest() {
        Doc m = compare.obj("manifest");
        Doc cfg = m.obj("config");
        Doc threads = m.obj("threads");
        page.append("<section class=\"manifest\" id=\"manifest\" aria-label=\"Run manifest\">\n<h2>Run manifest</h2>\n<dl>\n");
        dt("seed", Fmt.plain(m.num("seed")));
        dt("model", architecture(m.obj("model"), true));
        dt("training", hyper(cfg));
        dt("loss", esc(cfg.str("loss").replace('_', '-')) + ", normalisation mean " + Fmt.plain(cfg.num("normalization_mean"))
                + ", std " + Fmt.plain(cfg.num("normalization_std")));
        dt("versions", "Java " + esc(m.str("java_version")) + " · DJL " + esc(m.str("djl_version"))
                + " · PyTorch " + esc(m.str("pytorch_version")));
        dt("threads", "from scratch " + Fmt.plain(threads.num("scratch")) + " · torch " + Fmt.plain(threads.num("torch")));
        dt("dataset", esc(m.str("dataset")) + "<br><span class=\"mono\" title=\"SHA-256 of the dataset files\">SHA-256 "
                + esc(m.str("dataset_sha256")) + "</span>");
        dt("git commit", "<span class=\"mono\">" + esc(m.str("git_commit")) + "</span>");
        dt("date", esc(m.str("date")));
        page.append("</dl>\n</section>\n");
    }

    private void dt(String term, String html) {
        page.append("<dt>").append(esc(term)).append("</dt><dd>").append(html).append("</dd>\n");
    }

    // ---------------------------------------------------------------------------------------------

    private void footer() {
        Doc m = compare.obj("manifest");
        page.append("<footer><p>Made by nn-workshop from the files of one run (")
                .append(esc(m.str("date"))).append(", commit <span class=\"mono\">")
                .append(esc(abbreviate(m.str("git_commit")))).append("</span>). ")
                .append("Rebuild it from <code>out/</code> at any time; the folder <code>report/</code> is self-contained.</p></footer>\n");
    }

    private static String abbreviate(String commit) {
        return commit.length() > 12 && commit.matches("[0-9a-fA-F]+") ? commit.substring(0, 12) : commit;
    }
}
