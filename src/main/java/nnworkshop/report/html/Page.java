package nnworkshop.report.html;

import static nnworkshop.report.html.Html.esc;

import java.util.Map;

/**
 * The report page as it is being written, shared by the frame ({@link ReportPage}) and the five
 * sections: the HTML text so far, the figures copied for it, and the running figure number, so that
 * figures are numbered 1, 2, 3, … down the whole page whichever section shows them.
 */
final class Page {
    /** A figure copied into the report: its {@code src} relative to index.html and its size in pixels. */
    record Figure(String src, int width, int height) {}

    private final Map<String, Figure> figures; // by the run's relative path, e.g. "part2/learning_curves.png"
    private final StringBuilder sb = new StringBuilder(64 * 1024);
    private int figureNumber;

    /** @param figures every figure a section may show, by its path under out/ (not modified) */
    Page(Map<String, Figure> figures) {
        this.figures = figures;
    }

    /** Appends HTML as it is: the caller has escaped every value from a file. */
    Page append(String html) {
        sb.append(html);
        return this;
    }

    Page append(int n) {
        sb.append(n);
        return this;
    }

    /** One numbered figure: {@code key} is the figure's path under out/, e.g. "part1/activations.png". */
    void figure(String key, String alt, String caption) {
        sb.append("<figure>\n").append(img(key, alt)).append("\n<figcaption><b>Figure ").append(++figureNumber)
                .append(".</b> ").append(esc(caption)).append("</figcaption>\n</figure>\n");
    }

    /** Two figures side by side (from scratch left, PyTorch right), each with a label, under one caption. */
    void figurePair(String left, String leftAlt, String right, String rightAlt, String caption) {
        sb.append("<figure class=\"figrow\">\n<div class=\"pair\">\n")
                .append("<figure>").append(img(left, leftAlt)).append("<figcaption class=\"sub\">from scratch</figcaption></figure>\n")
                .append("<figure>").append(img(right, rightAlt)).append("<figcaption class=\"sub\">PyTorch (DJL)</figcaption></figure>\n")
                .append("</div>\n<figcaption><b>Figure ").append(++figureNumber)
                .append(".</b> ").append(esc(caption)).append("</figcaption>\n</figure>\n");
    }

    private String img(String key, String alt) {
        Figure f = figures.get(key);
        if (f == null) throw new IllegalStateException("figure not prepared: " + key); // HtmlReport copies every figure first
        return "<img src=\"" + esc(f.src()) + "\" alt=\"" + esc(alt) + "\" width=\"" + f.width() + "\" height=\""
                + f.height() + "\" loading=\"lazy\">";
    }

    /** The page written so far. */
    String html() {
        return sb.toString();
    }
}
