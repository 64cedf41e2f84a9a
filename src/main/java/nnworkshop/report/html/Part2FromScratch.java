package nnworkshop.report.html;

import static nnworkshop.report.html.Html.esc;
import static nnworkshop.report.html.Html.math;
import static nnworkshop.report.html.RunText.resultsTable;

import java.util.List;

import nnworkshop.report.html.RunFiles.Doc;
import nnworkshop.report.html.SourcePages.Method;

/**
 * Part 2 of the page, {@code <section id="part2">}: the network from scratch. The forward, backward
 * and update equations, numbered (1)–(12), each beside its row-major Java form and a link to the
 * method that computes it ({@link SourcePages}); then this run's results from train.json and the
 * figures {@code part2/learning_curves.png} and {@code part2/step_loss.png}.
 */
final class Part2FromScratch {
    private final Page page;
    private final Doc train;
    private final SourcePages sources;

    Part2FromScratch(Page page, Doc train, SourcePages sources) {
        this.page = page;
        this.train = train;
        this.sources = sources;
    }

    /** Writes the section. */
    void write() {
        String act = train.obj("model").str("activation");
        Method g = SourcePages.activation(act, false), gPrime = SourcePages.activation(act, true);
        page.append("""
                <section id="part2">
                <h2><span class="num">Part 2</span>The network from scratch</h2>
                <p>Part 2 builds the network with nothing but Java arrays: a matrix type, dense layers, activation layers,
                the loss and the optimizer — each with its forward pass and, a few lines below, its backward pass. The
                network has one hidden layer: the input, a dense layer followed by the activation <var>g</var>, and a dense
                output layer whose ten values the softmax turns into probabilities, one per digit.</p>
                <h3 id="equations">The equations, and where they live in the code</h3>
                """);
        if (sources.any()) {
            page.append("<p>Each equation links to the Java method that computes it: click one to read the code in a "
                    + "line-numbered copy kept beside this report.</p>\n");
        } else {
            page.append("<p>Each equation names the Java method that computes it (the sources were not found when this "
                    + "report was made, so the names are not links).</p>\n");
        }
        eqTable("Forward pass", List.of(
                eq("z^[1] = W^[1]·X + b^[1]", "Z_1 = X·W_1^T + b_1", sources.link(SourcePages.DENSE_FORWARD)),
                eq("a^[1] = g(z^[1])", "A_1 = g(Z_1)", sources.link(SourcePages.ACTIVATION_FORWARD) + " with " + sources.link(g)),
                eq("z^[2] = W^[2]·a^[1] + b^[2]", "Z_2 = A_1·W_2^T + b_2", sources.link(SourcePages.DENSE_FORWARD)),
                eq("a^[2] = softmax(z^[2])", "A_2 = softmax(Z_2)", sources.link(SourcePages.LOSS_FORWARD)
                        + ", fused with the cross-entropy loss")), 1);
        eqTable("Backward pass", List.of(
                eq("dz^[2] = a^[2] − y", "dZ_2 = (A_2 − Y) / N", sources.link(SourcePages.LOSS_BACKWARD)),
                eq("dW^[2] = dz^[2]·a^[1]T", "dW_2 = dZ_2^T·A_1", sources.link(SourcePages.DENSE_BACKWARD)),
                eq("db^[2] = Σ dz^[2]", "db_2 = Σ_{rows} dZ_2", sources.link(SourcePages.DENSE_BACKWARD)),
                eq("dz^[1] = W^[2]T·dz^[2] ∗ g′(z^[1])", "dZ_1 = (dZ_2·W_2) ∗ g′(Z_1)",
                        sources.link(SourcePages.DENSE_BACKWARD) + " gives " + "<span class=\"math\">" + math("dZ_2·W_2")
                                + "</span>, " + sources.link(SourcePages.ACTIVATION_BACKWARD) + " multiplies by "
                                + sources.link(gPrime)),
                eq("dW^[1] = dz^[1]·X^T", "dW_1 = dZ_1^T·X", sources.link(SourcePages.DENSE_BACKWARD)),
                eq("db^[1] = Σ dz^[1]", "db_1 = Σ_{rows} dZ_1", sources.link(SourcePages.DENSE_BACKWARD))), 5);
        eqTable("Update, for every layer l", List.of(
                eq("W^[l] ← W^[l] − α·dW^[l]", "the same", sources.link(SourcePages.SGD_STEP)),
                eq("b^[l] ← b^[l] − α·db^[l]", "the same", sources.link(SourcePages.SGD_STEP))), 11);
        page.append("<div class=\"note\">\n<p><strong>Rows, not columns.</strong> The workshop writes one example per column: "
                + "<span class=\"math\">" + math("X") + "</span> is (D, N) and <span class=\"math\">" + math("z = W·X + b")
                + "</span>. The Java code stores a batch the way it sits in memory, one image per row, so "
                + "<span class=\"math\">" + math("X") + "</span> is (N, D); the weights keep PyTorch's (out, in) layout, "
                + "<span class=\"math\">" + math("W") + "</span> is (H, D). Every equation is then simply transposed:</p>\n"
                + "<pre>  forward   Z  = X·Wᵀ + b      (N, H) = (N, D)·(D, H) + (H)     workshop: z  = W·X + b\n"
                + "  backward  dW = dZᵀ·X         (H, D) = (H, N)·(N, D)           workshop: dW = dz·Xᵀ\n"
                + "            db = Σ_rows dZ     (H)                              workshop: db = Σ dz\n"
                + "            dX = dZ·W          (N, D) = (N, H)·(H, D)           workshop: Wᵀ·dz</pre>\n"
                + "<p>The numbers are the same; only the bookkeeping changes. The loss is the <em>mean</em> over the batch, "
                + "so its gradient carries a 1/N — which is why the sums over the batch in "
                + "<span class=\"math\">" + math("db") + "</span> need no extra division.</p>\n</div>\n");

        page.append("<h3 id=\"scratch-results\">This run</h3>\n<p>Trained on the training split, watched on the validation "
                + "split after every epoch, and measured once at the end on the test split, which training never sees.</p>\n");
        resultsTable(page, train, "The from-scratch network");
        page.figure("part2/learning_curves.png", "Learning curves of the from-scratch network",
                "Loss (left) and accuracy (right) after each epoch, on the training split (solid) and the validation split "
                        + "(dashed). The validation images are never trained on: a growing gap between the curves would show "
                        + "the network memorising rather than learning.");
        int steps = train.arr("step_loss").size();
        page.figure("part2/step_loss.png", "Loss at every step",
                "The loss of each of the " + Fmt.count(steps) + " mini-batch steps (batches of "
                        + Fmt.plain(train.obj("config").num("batch")) + " images). It is noisy because every batch holds "
                        + "different images, and it falls fastest in the first few hundred steps.");
        page.append("</section>\n");
    }

    private record Eq(String workshop, String rows, String code) {}

    private static Eq eq(String workshop, String rows, String codeHtml) {
        return new Eq(workshop, rows, codeHtml);
    }

    private void eqTable(String caption, List<Eq> eqs, int firstNumber) {
        page.append("<table class=\"eq\">\n<caption>").append(esc(caption)).append("</caption>\n"
                + "<colgroup><col class=\"no\"><col class=\"ws\"><col class=\"jv\"><col></colgroup>\n<thead><tr><th></th>"
                + "<th>Workshop (one example per column)</th><th>Java (one example per row)</th><th>Implemented in</th>"
                + "</tr></thead>\n<tbody>\n");
        int n = firstNumber;
        for (Eq e : eqs) {
            page.append("<tr><th>(").append(n++).append(")</th><td class=\"math\">").append(math(e.workshop()))
                    .append("</td><td class=\"math\">")
                    .append(e.rows().equals("the same") ? "<span class=\"fn\">the same</span>" : math(e.rows()))
                    .append("</td><td>").append(e.code()).append("</td></tr>\n");
        }
        page.append("</tbody>\n</table>\n");
    }
}
