package nnworkshop.report.html;

import static nnworkshop.report.html.Html.esc;
import static nnworkshop.report.html.RunText.figureName;
import static nnworkshop.report.html.RunText.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonElement;

import nnworkshop.report.html.RunFiles.Doc;

/**
 * Part 3 of the page, {@code <section id="part3">}: the dataset, from explore.json — the images per
 * split and class, the pixel statistics and how this run normalises them (train.json's config), and
 * the four figures explore.json names.
 */
final class Part3Dataset {
    private final Page page;
    private final Doc explore;
    private final Doc train;

    Part3Dataset(Page page, Doc explore, Doc train) {
        this.page = page;
        this.explore = explore;
        this.train = train;
    }

    /** Writes the section. */
    void write() {
        Doc counts = explore.obj("counts");
        Doc classCounts = explore.obj("classCounts");
        List<String> names = new ArrayList<>();
        for (JsonElement e : explore.arr("classNames")) names.add(e.getAsString());
        String dataset = explore.str("dataset");
        int rows = (int) explore.num("imageRows"), cols = (int) explore.num("imageCols");
        double total = 0;
        for (String split : counts.keys()) total += counts.num(split);
        page.append("<section id=\"part3\">\n<h2><span class=\"num\">Part 3</span>The dataset</h2>\n")
                .append("<p>The network learns from <strong>").append(esc(dataset.toUpperCase(Locale.ROOT)))
                .append("</strong>: ").append(Fmt.count(total)).append(" grey-scale images of handwritten digits, ")
                .append(rows).append("×").append(cols).append(" pixels each, in ").append(names.size()).append(" classes. ")
                .append("Each image is flattened into a row of ").append(Fmt.count((double) rows * cols))
                .append(" numbers — the network sees no shapes, only pixel values — and its label is the digit it shows. ")
                .append("The images are split three ways: the network trains on the first split, its progress is watched on ")
                .append("the second, and the third is kept for one final, honest measurement.</p>\n");
        page.append("<table>\n<caption>Images per split</caption>\n<thead><tr><th>split</th><th class=\"n\">images</th>"
                + "<th class=\"n\">share</th><th class=\"n\">smallest class</th><th class=\"n\">largest class</th></tr></thead>\n<tbody>\n");
        for (String split : counts.keys()) {
            double n = counts.num(split);
            String small = "", large = "";
            if (classCounts.has(split)) {
                double[] c = classCounts.nums(split);
                int lo = 0, hi = 0;
                for (int i = 1; i < c.length; i++) {
                    if (c[i] < c[lo]) lo = i;
                    if (c[i] > c[hi]) hi = i;
                }
                if (c.length > 0) {
                    small = esc(label(names, lo)) + ": " + Fmt.count(c[lo]);
                    large = esc(label(names, hi)) + ": " + Fmt.count(c[hi]);
                }
            }
            page.append("<tr><th>").append(esc(split)).append("</th><td class=\"n\">").append(Fmt.count(n))
                    .append("</td><td class=\"n\">").append(total > 0 ? String.format(Locale.ROOT, "%.1f%%", 100 * n / total) : "")
                    .append("</td><td class=\"n\">").append(small).append("</td><td class=\"n\">").append(large).append("</td></tr>\n");
        }
        page.append("</tbody>\n</table>\n");
        Doc cfg = train.obj("config");
        double nm = cfg.num("normalization_mean"), ns = cfg.num("normalization_std");
        page.append("<div class=\"stats\"><div class=\"stat\"><div class=\"v\">").append(String.format(Locale.ROOT, "%.4f", explore.num("pixelMean")))
                .append("</div><div class=\"k\">pixel mean</div></div><div class=\"stat\"><div class=\"v\">")
                .append(String.format(Locale.ROOT, "%.4f", explore.num("pixelStd")))
                .append("</div><div class=\"k\">pixel standard deviation</div></div></div>\n")
                .append("<p>Measured on the ").append(esc(explore.has("pixelStatsOf") ? explore.str("pixelStatsOf") : "training split"))
                .append(". Most pixels are background (0), which is why the mean is small and the spread large. ")
                .append(nm == 0 && ns == 1
                        ? "This run feeds the pixels to the network as they are, in [0, 1]."
                        : "This run standardises every pixel as (x − " + Fmt.plain(nm) + ") / " + Fmt.plain(ns)
                                + " before the network sees it.")
                .append("</p>\n");
        page.figure("part3/" + figureName(explore, "samples"), "Sample images",
                "A few images of each class from the training split, with their labels: handwriting varies a lot within a class.");
        page.figure("part3/" + figureName(explore, "classDistribution"), "Images per class",
                "How many images of each digit each split holds. The classes are roughly balanced, so accuracy is a fair summary.");
        page.figure("part3/" + figureName(explore, "classMeans"), "Mean image per class",
                "The average of all training images of each digit: the blurred shape the network can lean on, and the"
                        + " variation it has to learn around.");
        page.figure("part3/" + figureName(explore, "pixelHistogram"), "Histogram of pixel values",
                "Pixel values over the training split: a tall spike at 0 (background), a smaller one near 1 (ink), few in between.");
        page.append("</section>\n");
    }
}
