package nnworkshop.report.html;

import static nnworkshop.report.html.Html.esc;

import java.util.Arrays;
import java.util.List;

import nnworkshop.report.html.RunFiles.Doc;
import nnworkshop.util.Stats;

/**
 * The run's settings and results as text, where more than one part of the page shows them: the
 * architecture and hyper-parameters (header, manifest, Parts 2 and 4), the table of one training run
 * (Parts 2 and 4), class names (Parts 3 and 5) and figure names (Parts 3 and 5, and
 * {@link HtmlReport}, which copies the figures). Every method returns or appends escaped HTML.
 */
final class RunText {
    private RunText() {}

    /** The table of one training run (train.json or torch.json). */
    static void resultsTable(Page page, Doc run, String caption) {
        Doc cfg = run.obj("config");
        double[] sec = run.nums("epoch_seconds");
        double[] trainAcc = run.nums("train_accuracy"), valAcc = run.nums("val_accuracy");
        page.append("<table class=\"kv\">\n<caption>").append(esc(caption)).append("</caption>\n<tbody>\n");
        kv(page, "implementation", esc(run.str("impl")) + " — " + esc(run.str("kernel")));
        kv(page, "architecture", architecture(run.obj("model"), true));
        kv(page, "hyper-parameters", hyper(cfg) + ", seed " + Fmt.plain(cfg.num("seed")));
        kv(page, "epochs", Fmt.count(sec.length) + (sec.length == cfg.num("epochs") ? "" : " (of " + Fmt.plain(cfg.num("epochs")) + ")"));
        kv(page, "seconds per epoch (median after the first)", Fmt.seconds(Stats.medianAfterFirst(sec)) + " <span class=\"muted\">(total "
                + Fmt.seconds(Arrays.stream(sec).sum()) + ")</span>");
        if (trainAcc.length > 0) {
            kv(page, "final accuracy: training / validation", Fmt.pct(trainAcc[trainAcc.length - 1]) + " / " + Fmt.pct(valAcc[valAcc.length - 1]));
        }
        kv(page, "test accuracy", "<strong>" + Fmt.pct(run.num("test_accuracy")) + "</strong>");
        kv(page, "test loss", Fmt.loss(run.num("test_loss")));
        page.append("</tbody>\n</table>\n");
    }

    private static void kv(Page page, String key, String html) {
        page.append("<tr><th>").append(esc(key)).append("</th><td>").append(html).append("</td></tr>\n");
    }

    /** The name of class {@code i} ("7", "Sneaker"), or its number if the run names fewer classes. */
    static String label(List<String> names, int i) {
        return i < names.size() ? names.get(i) : Integer.toString(i);
    }

    /** The figure file a JSON file names under {@code figures.key}, e.g. "samples.png" (not checked here). */
    static String figureName(Doc doc, String key) {
        return doc.obj("figures").str(key);
    }

    /** "784 → 128 → 10, ReLU" (with the parameter count if asked). */
    static String architecture(Doc model, boolean withParameters) {
        double[] layers = model.nums("layers");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < layers.length; i++) s.append(i == 0 ? "" : " → ").append(Fmt.count(layers[i]));
        s.append(", ").append(esc(activationName(model.str("activation"))));
        if (withParameters && model.has("parameters")) s.append(" (").append(Fmt.count(model.num("parameters"))).append(" parameters)");
        return s.toString();
    }

    static String activationName(String id) {
        return switch (id) {
            case "relu" -> "ReLU";
            case "leaky_relu" -> "leaky ReLU";
            default -> id;
        };
    }

    /** "SGD, learning rate 0.1, batch 64, 10 epochs" and momentum, weight decay, step decay if used. */
    static String hyper(Doc cfg) {
        StringBuilder s = new StringBuilder();
        String opt = cfg.str("optimizer");
        s.append(esc(opt.equalsIgnoreCase("sgd") ? "SGD" : opt.equalsIgnoreCase("adam") ? "Adam" : opt))
                .append(", learning rate ").append(Fmt.plain(cfg.num("lr")));
        if (cfg.has("momentum") && cfg.num("momentum") != 0) s.append(", momentum ").append(Fmt.plain(cfg.num("momentum")));
        if (cfg.has("weight_decay") && cfg.num("weight_decay") != 0) s.append(", weight decay ").append(Fmt.plain(cfg.num("weight_decay")));
        if (cfg.has("lr_step") && cfg.num("lr_step") > 0) {
            s.append(", ×").append(Fmt.plain(cfg.num("lr_gamma"))).append(" every ").append(Fmt.plain(cfg.num("lr_step"))).append(" epochs");
        }
        s.append(", batch ").append(Fmt.plain(cfg.num("batch"))).append(", ").append(Fmt.plain(cfg.num("epochs"))).append(" epochs");
        return s.toString();
    }
}
