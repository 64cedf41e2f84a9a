package nnworkshop.report.html;

import static nnworkshop.report.html.Html.esc;
import static nnworkshop.report.html.RunText.figureName;
import static nnworkshop.report.html.RunText.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.DoubleFunction;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

import nnworkshop.report.html.RunFiles.Doc;
import nnworkshop.util.Stats;

/**
 * Part 5 of the page, {@code <section id="part5">}: the two implementations side by side, from
 * compare.json — the lock-step and free-running parity, speed and memory, accuracy per class (named
 * by explore.json), confusion matrices and first-layer weights, with the seven figures compare.json
 * names.
 */
final class Part5Comparison {
    private final Page page;
    private final Doc compare;
    private final Doc explore;

    Part5Comparison(Page page, Doc compare, Doc explore) {
        this.page = page;
        this.compare = compare;
        this.explore = explore;
    }

    /** Writes the section. */
    void write() {
        Doc parity = compare.obj("parity");
        Doc scratch = compare.obj("scratch"), tor = compare.obj("torch");
        Doc threads = compare.obj("manifest.threads");
        page.append("""
                <section id="part5">
                <h2><span class="num">Part 5</span>The comparison</h2>
                <p>Two implementations of one network: which is faster, which uses less memory — and, first, do they really
                compute the same thing?</p>
                <h3 id="parity">Do they compute the same thing?</h3>
                <p><strong>Lock-step.</strong> Both models start from identical weights. At each checkpoint below, both
                take the same training step — same weights, same batch — and we compare the loss and the gradient of every
                parameter. The numbers are relative differences (the difference divided by the size of the value): float32
                arithmetic keeps about seven significant digits, so values near 10<sup>−7</sup> mean the two agree to the last digit either can represent.</p>
                """);
        lockstepTable(parity);
        page.append("""
                <p><strong>Free-running.</strong> Then each model trains on its own for the whole run. The two engines add
                numbers in different orders, so they round differently; over thousands of steps those tiny differences
                compound, and the two loss curves drift apart slowly. How far they got:</p>
                """);
        page.append("<div class=\"stats\">");
        stat(Fmt.sci(parity.num("first_epoch_max_rel_dloss")), "largest relative Δloss, first epoch");
        stat(Fmt.sci(parity.num("median_rel_dloss")), "median relative Δloss, whole run");
        stat(Fmt.sci(parity.num("max_rel_dloss")), "largest relative Δloss, whole run");
        stat(Fmt.pp(parity.num("test_accuracy_diff_pp"), false), "difference in test accuracy");
        page.append("</div>\n");
        page.figure("part5/" + figureName(compare, "parity"), "Parity of the two implementations",
                "How closely the two implementations agree, step by step: the relative difference of their losses.");

        page.append("<h3 id=\"speed\">Speed and memory</h3>\n<p>Measured on this machine, the from-scratch engine with ")
                .append(threadText(threads.num("scratch"))).append(", libtorch with ").append(threadText(threads.num("torch")))
                .append(". The better value of each row is highlighted.</p>\n");
        comparisonTable(scratch, tor, threads);
        page.figure("part5/" + figureName(compare, "learning_curves"), "Learning curves of both models",
                "Loss and accuracy per epoch of both implementations, overlaid: training (solid) and validation (dashed).");

        page.append("<h3 id=\"errors\">Accuracy and errors</h3>\n<p>A confusion matrix counts, for every true digit (row), "
                + "what the model predicted (column): the diagonal holds the correct answers, everything off it is a mistake. "
                + "The two models make nearly the same mistakes, on the same pairs of digits that people confuse too.</p>\n");
        page.figurePair("part5/" + figureName(compare, "confusion_scratch"), "Confusion matrix, from scratch",
                "part5/" + figureName(compare, "confusion_torch"), "Confusion matrix, PyTorch",
                "Confusion matrices on the test split: true digit in rows, prediction in columns.");
        perClassTable(scratch, tor);
        page.figure("part5/" + figureName(compare, "misclassified"), "Misclassified test images",
                "Test images the models got wrong, with the true label and the prediction. Many are hard for a person too.");

        page.append("<h3 id=\"weights\">What the first layer learned</h3>\n<p>Each hidden neuron has one weight per pixel, "
                + "so its weights can be drawn as a 28×28 image: positive weights where ink makes the neuron fire, negative "
                + "where ink silences it. Starting from the same weights and taking nearly the same steps, the two models "
                + "end up with nearly the same pictures.</p>\n");
        page.figurePair("part5/" + figureName(compare, "weights_scratch"), "First-layer weights, from scratch",
                "part5/" + figureName(compare, "weights_torch"), "First-layer weights, PyTorch",
                "First-layer weights of some hidden neurons, each drawn as a 28×28 image, for the two models.");
        page.append("</section>\n");
    }

    private static String threadText(double n) {
        return Fmt.plain(n) + (n == 1 ? " thread" : " threads");
    }

    private void stat(String valueHtml, String label) {
        page.append("<div class=\"stat\"><div class=\"v\">").append(valueHtml).append("</div><div class=\"k\">")
                .append(esc(label)).append("</div></div>");
    }

    private void lockstepTable(Doc parity) {
        var cps = parity.arr("lockstep_checkpoints");
        List<String> params = new ArrayList<>();
        for (JsonElement cp : cps) {
            if (cp.isJsonObject() && cp.getAsJsonObject().has("rel_dgrad") && cp.getAsJsonObject().get("rel_dgrad").isJsonObject()) {
                for (String k : cp.getAsJsonObject().getAsJsonObject("rel_dgrad").keySet()) if (!params.contains(k)) params.add(k);
            }
        }
        SortedSet<Integer> shown = shownCheckpoints(cps);
        page.append("<table>\n<caption>Lock-step checkpoints: relative difference, from scratch vs PyTorch")
                .append(shown.size() < cps.size() ? " (" + shown.size() + " of " + cps.size()
                        + " checkpoints: evenly spaced, plus the largest differences; all are in compare.json)" : "")
                .append("</caption>\n<thead><tr><th class=\"n\">step</th><th class=\"n\">Δloss</th>");
        for (String p : params) page.append("<th class=\"n\">Δ grad <code>").append(esc(p)).append("</code></th>");
        page.append("</tr></thead>\n<tbody>\n");
        for (int i : shown) {
            Doc cp = new Doc(parity.rel(), parity.file(), cps.get(i).getAsJsonObject(),
                    parity.prefix() + "lockstep_checkpoints[" + i + "].");
            page.append("<tr><td class=\"n\">").append(Fmt.count(cp.num("step"))).append("</td><td class=\"n\">")
                    .append(Fmt.sci(cp.num("rel_dloss"))).append("</td>");
            for (String p : params) {
                String key = "rel_dgrad";
                boolean has = cp.has(key) && cp.obj(key).root().has(p) && !cp.obj(key).root().get(p).isJsonNull();
                page.append("<td class=\"n\">").append(has ? Fmt.sci(cp.obj(key).root().get(p).getAsDouble()) : "—").append("</td>");
            }
            page.append("</tr>\n");
        }
        page.append("</tbody>\n<tfoot><tr><th class=\"n\">max</th><td class=\"n\"><strong>")
                .append(Fmt.sci(parity.num("lockstep_max_rel_dloss"))).append("</strong></td><td class=\"n\" colspan=\"")
                .append(Math.max(1, params.size())).append("\">largest Δ grad over all parameters: <strong>")
                .append(Fmt.sci(parity.num("lockstep_max_rel_dgrad"))).append("</strong></td></tr></tfoot>\n</table>\n");
    }

    /** At most about 16 rows: every k-th checkpoint, the last, and those with the largest Δloss and Δgrad. */
    private static SortedSet<Integer> shownCheckpoints(JsonArray cps) {
        SortedSet<Integer> shown = new TreeSet<>();
        int n = cps.size();
        if (n == 0) return shown;
        int every = Math.max(1, (n + 13) / 14);
        for (int i = 0; i < n; i += every) shown.add(i);
        shown.add(n - 1);
        int worstLoss = 0, worstGrad = 0;
        double maxLoss = -1, maxGrad = -1;
        for (int i = 0; i < n; i++) {
            if (!cps.get(i).isJsonObject()) continue;
            var o = cps.get(i).getAsJsonObject();
            if (o.has("rel_dloss") && o.get("rel_dloss").isJsonPrimitive() && o.get("rel_dloss").getAsDouble() > maxLoss) {
                maxLoss = o.get("rel_dloss").getAsDouble();
                worstLoss = i;
            }
            if (o.has("rel_dgrad") && o.get("rel_dgrad").isJsonObject()) {
                for (var e : o.getAsJsonObject("rel_dgrad").entrySet()) {
                    if (e.getValue().isJsonPrimitive() && e.getValue().getAsDouble() > maxGrad) {
                        maxGrad = e.getValue().getAsDouble();
                        worstGrad = i;
                    }
                }
            }
        }
        shown.add(worstLoss);
        shown.add(worstGrad);
        return shown;
    }

    private record Row(String label, double scratch, double torch, DoubleFunction<String> fmt, boolean higherBetter, String gain) {}

    private void comparisonTable(Doc s, Doc t, Doc threads) {
        List<Row> rows = List.of(
                new Row("seconds per epoch (median after the first)", Stats.medianAfterFirst(s.nums("epoch_seconds")), Stats.medianAfterFirst(t.nums("epoch_seconds")),
                        Fmt::seconds, false, "faster"),
                new Row("training samples / s", s.num("train_samples_per_s"), t.num("train_samples_per_s"), Fmt::count, true, "faster"),
                new Row("inference images / s, batch 1", s.num("infer_images_per_s_b1"), t.num("infer_images_per_s_b1"),
                        Fmt::count, true, "faster"),
                new Row("inference images / s, batch 1000", s.num("infer_images_per_s_b1000"), t.num("infer_images_per_s_b1000"),
                        Fmt::count, true, "faster"),
                new Row("peak Java heap", s.num("peak_heap_mb"), t.num("peak_heap_mb"), Fmt::mb, false, "smaller"),
                new Row("peak resident memory (RSS)", s.num("peak_rss_mb"), t.num("peak_rss_mb"), Fmt::mb, false, "smaller"),
                new Row("start-up", s.num("startup_seconds"), t.num("startup_seconds"), Fmt::seconds, false, "faster"),
                new Row("test accuracy", s.num("test_accuracy"), t.num("test_accuracy"), Fmt::pct, true, "pp"),
                new Row("test loss", s.num("test_loss"), t.num("test_loss"), Fmt::loss, false, "lower"));
        page.append("<table class=\"compare\">\n<caption>From scratch vs PyTorch (DJL)</caption>\n<thead><tr><th></th>")
                .append("<th class=\"n\">from scratch<br><small>").append(threadText(threads.num("scratch")))
                .append("</small></th><th class=\"n\">PyTorch (DJL)<br><small>").append(threadText(threads.num("torch")))
                .append("</small></th><th>advantage</th></tr></thead>\n<tbody>\n");
        for (Row r : rows) {
            int cmp = Double.compare(r.scratch(), r.torch());
            int winner = cmp == 0 || Double.isNaN(r.scratch()) || Double.isNaN(r.torch()) ? 0
                    : (cmp > 0) == r.higherBetter() ? 1 : 2;
            page.append("<tr><th>").append(esc(r.label())).append("</th>")
                    .append(cell(r.fmt().apply(r.scratch()), winner == 1))
                    .append(cell(r.fmt().apply(r.torch()), winner == 2))
                    .append("<td class=\"adv\">").append(advantage(r, winner)).append("</td></tr>\n");
        }
        page.append("</tbody>\n</table>\n");
    }

    private static String cell(String html, boolean best) {
        return "<td class=\"n" + (best ? " best" : "") + "\"" + (best ? " title=\"the better of the two\"" : "") + ">" + html + "</td>";
    }

    private static String advantage(Row r, int winner) {
        if (winner == 0) return "tie";
        String who = winner == 1 ? "from scratch" : "PyTorch";
        if (r.gain().equals("pp")) return who + ", " + Fmt.pp(100 * Math.abs(r.scratch() - r.torch()), true);
        if (r.gain().equals("lower")) return who;
        double hi = Math.max(r.scratch(), r.torch()), lo = Math.min(r.scratch(), r.torch());
        if (lo <= 0) return who;
        return who + ", " + String.format(Locale.ROOT, "%.2f× ", hi / lo) + r.gain();
    }

    private void perClassTable(Doc s, Doc t) {
        double[] ps = s.nums("precision"), rs = s.nums("recall"), pt = t.nums("precision"), rt = t.nums("recall");
        List<String> names = new ArrayList<>();
        if (explore.has("classNames")) for (JsonElement e : explore.arr("classNames")) names.add(e.getAsString());
        int k = Math.min(Math.min(ps.length, rs.length), Math.min(pt.length, rt.length));
        page.append("<table>\n<caption>Per class, on the test split</caption>\n<thead><tr><th>class</th>"
                + "<th class=\"n\">precision<br><small>from scratch</small></th><th class=\"n\">precision<br><small>PyTorch</small></th>"
                + "<th class=\"n\">recall<br><small>from scratch</small></th><th class=\"n\">recall<br><small>PyTorch</small></th>"
                + "</tr></thead>\n<tbody>\n");
        for (int i = 0; i < k; i++) {
            page.append("<tr><th>").append(esc(label(names, i))).append("</th><td class=\"n\">").append(Fmt.pct(ps[i]))
                    .append("</td><td class=\"n\">").append(Fmt.pct(pt[i])).append("</td><td class=\"n\">").append(Fmt.pct(rs[i]))
                    .append("</td><td class=\"n\">").append(Fmt.pct(rt[i])).append("</td></tr>\n");
        }
        page.append("</tbody>\n</table>\n<p>Precision: of the images the model called a given digit, the share that really "
                + "were that digit. Recall: of the images of that digit, the share the model found.</p>\n");
    }
}
