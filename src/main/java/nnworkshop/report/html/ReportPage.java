package nnworkshop.report.html;

import nnworkshop.util.Stats;

import static nnworkshop.report.html.Html.esc;
import static nnworkshop.report.html.Html.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

import com.google.gson.JsonElement;

import nnworkshop.report.html.RunFiles.Doc;
import nnworkshop.report.html.SourcePages.Method;

/**
 * The text of the report: one method per part, in the workshop's order. Values come from the run's
 * JSON ({@link Doc}); every string from a file is escaped, every number goes through {@link Fmt}.
 */
final class ReportPage {
    /** A figure copied into the report: its {@code src} relative to index.html and its size in pixels. */
    record Figure(String src, int width, int height) {}

    private final Doc train;
    private final Doc explore;
    private final Doc torch;
    private final Doc compare;
    private final Map<String, Figure> figures; // by the run's relative path, e.g. "part2/learning_curves.png"
    private final SourcePages sources;
    private final StringBuilder sb = new StringBuilder(64 * 1024);
    private int figureNumber;

    ReportPage(Doc train, Doc explore, Doc torch, Doc compare, Map<String, Figure> figures, SourcePages sources) {
        this.train = train;
        this.explore = explore;
        this.torch = torch;
        this.compare = compare;
        this.figures = figures;
        this.sources = sources;
    }

    String render() {
        sb.append("""
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
        sb.append("<main>\n");
        overview();
        part1();
        part2();
        part3();
        part4();
        part5();
        sb.append("</main>\n");
        footer();
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------

    private void header() {
        Doc model = train.obj("model");
        sb.append("<header class=\"top\">\n<p class=\"kicker\">nn-workshop · report of one run</p>\n")
                .append("<h1>A neural network from scratch, and the same one on PyTorch</h1>\n")
                .append("<p class=\"lede\">Five parts, one page: the ideas, a ").append(architecture(model, false))
                .append(" network written in plain Java, the ").append(esc(train.str("dataset").toUpperCase(Locale.ROOT)))
                .append(" digits it learns from, the same network on libtorch through DJL, and a side-by-side comparison. ")
                .append("Every number and figure below comes from the files of this run.</p>\n</header>\n");
    }

    private void overview() {
        sb.append("""
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
        sb.append("</div>\n");
    }

    private void manifest() {
        Doc m = compare.obj("manifest");
        Doc cfg = m.obj("config");
        Doc threads = m.obj("threads");
        sb.append("<section class=\"manifest\" id=\"manifest\" aria-label=\"Run manifest\">\n<h2>Run manifest</h2>\n<dl>\n");
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
        sb.append("</dl>\n</section>\n");
    }

    private void dt(String term, String html) {
        sb.append("<dt>").append(esc(term)).append("</dt><dd>").append(html).append("</dd>\n");
    }

    // ---------------------------------------------------------------------------------------------

    private void part1() {
        String act = train.obj("model").str("activation");
        sb.append("""
                <section id="part1">
                <h2><span class="num">Part 1</span>Introduction</h2>
                <p>A neural network is a function with many adjustable numbers inside it. It takes an input — here a
                28×28 picture of a handwritten digit, read as 784 numbers — and passes it through a few <em>layers</em>.
                Each layer forms weighted sums of its inputs and bends every sum with a simple non-linear function.
                <em>Training</em> is the search for weights that give the right answer on examples whose answer we
                already know: show the network a batch of images, measure how wrong it is, work out in which direction
                each weight should move to make it a little less wrong, and nudge them all. Repeat a few thousand times.</p>
                <p>The pieces you will meet on this page:</p>
                <ul>
                <li><strong>Neurons</strong> compute one weighted sum of their inputs plus a bias, then apply an activation function.</li>
                <li><strong>Layers</strong> are neurons side by side; the output of one layer is the input of the next.</li>
                <li><strong>Weights and biases</strong> are the numbers that training adjusts — the network's memory.</li>
                <li><strong>Activation functions</strong> make the network non-linear (more on them below).</li>
                <li>The <strong>loss function</strong> turns "how wrong is it?" into one number; here, cross-entropy.</li>
                <li>The <strong>optimizer</strong> uses the gradient of the loss to update the weights; here, stochastic gradient descent.</li>
                </ul>
                <p><strong>Forward propagation</strong> computes the output from the input, one layer after another.
                <strong>Backward propagation</strong> runs the other way: starting from the loss, the chain rule gives the
                gradient of the loss with respect to every weight, layer by layer, reusing what the forward pass computed.</p>
                <h3>Notation</h3>
                <p>We keep the workshop's notation, in which one example is a column vector. A superscript in square
                brackets names a layer, it is not a power: <span class="math">""")
                .append(math("W^[2]")).append("</span> is the weight matrix of layer 2.</p>\n<dl class=\"notation\">\n");
        notation("X", "the inputs, one example per column: (D, N) for N examples of D = 784 pixels");
        notation("W^[l], b^[l]", "the weights (H, D) and bias (H) of layer l, which has H neurons");
        notation("z^[l]", "the weighted input of layer l: what its neurons sum up before the activation");
        notation("a^[l] = g(z^[l])", "its activation, the output of layer l (and the input of layer l + 1)");
        notation("g, g′", "the activation function and its derivative, applied element by element");
        notation("y", "the target: the correct digit as a one-hot vector of K = 10 entries");
        notation("α", "the learning rate, the size of each step");
        notation("dW, db, dz", "the gradient of the loss with respect to W, b, z (short for ∂L/∂W, …)");
        sb.append("""
                </dl>
                <p>Shapes use one legend everywhere, in the text and in the Java code: N for the batch, D for the inputs,
                H for the hidden neurons and K for the classes.</p>
                <h3>Activation functions</h3>
                <p>Without a non-linear <var>g</var> between them, layers would collapse into one:
                <span class="math">""").append(math("W^[2](W^[1]x) = (W^[2]W^[1])x")).append("""
                </span> is still a single linear map, however many you stack. The activation is what lets a network draw
                curved boundaries between classes. The four classics:</p>
                <ul>
                """);
        activation("sigmoid", act, "<strong>Sigmoid</strong> <span class=\"math\">" + math("σ(z) = 1 / (1 + e^{−z})")
                + "</span> squashes any number into (0, 1). It is smooth, but flat at both ends: for large |<var>z</var>| its"
                + " slope is almost zero and the gradient that flows back through it fades away.");
        activation("tanh", act, "<strong>tanh</strong> has the same S shape, centred on zero with values in (−1, 1),"
                + " which often trains faster than the sigmoid; it saturates in the same way.");
        activation("relu", act, "<strong>ReLU</strong> <span class=\"math\">" + math("max(0, z)")
                + "</span> is zero for negative inputs and the identity for positive ones: cheap to compute, and its"
                + " gradient does not fade for positive inputs. It is today's default choice.");
        activation("leaky_relu", act, "<strong>Leaky ReLU</strong> keeps a small slope (0.01) for negative inputs, so a"
                + " neuron that is switched off still receives a little gradient and can recover.");
        sb.append("</ul>\n");
        figure("part1/activations.png", "The four activation functions",
                "The activation functions g(z) of the workshop, plotted by the Java code of Part 1 (Activations) — the same "
                        + "functions the network's layers apply.");
        sb.append("</section>\n");
    }

    private void notation(String symbol, String meaning) {
        sb.append("<dt class=\"math\">").append(math(symbol)).append("</dt><dd>").append(esc(meaning)).append("</dd>\n");
    }

    private void activation(String id, String used, String html) {
        sb.append("<li>").append(html).append(id.equals(used) ? " <em>This run uses it.</em>" : "").append("</li>\n");
    }

    // ---------------------------------------------------------------------------------------------

    private void part2() {
        String act = train.obj("model").str("activation");
        Method g = SourcePages.activation(act, false), gPrime = SourcePages.activation(act, true);
        sb.append("""
                <section id="part2">
                <h2><span class="num">Part 2</span>The network from scratch</h2>
                <p>Part 2 builds the network with nothing but Java arrays: a matrix type, dense layers, activation layers,
                the loss and the optimizer — each with its forward pass and, a few lines below, its backward pass. The
                network has one hidden layer: the input, a dense layer followed by the activation <var>g</var>, and a dense
                output layer whose ten values the softmax turns into probabilities, one per digit.</p>
                <h3 id="equations">The equations, and where they live in the code</h3>
                """);
        if (sources.any()) {
            sb.append("<p>Each equation links to the Java method that computes it: click one to read the code in a "
                    + "line-numbered copy kept beside this report.</p>\n");
        } else {
            sb.append("<p>Each equation names the Java method that computes it (the sources were not found when this "
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
        sb.append("<div class=\"note\">\n<p><strong>Rows, not columns.</strong> The workshop writes one example per column: "
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

        sb.append("<h3 id=\"scratch-results\">This run</h3>\n<p>Trained on the training split, watched on the validation "
                + "split after every epoch, and measured once at the end on the test split, which training never sees.</p>\n");
        resultsTable(train, "The from-scratch network");
        figure("part2/learning_curves.png", "Learning curves of the from-scratch network",
                "Loss (left) and accuracy (right) after each epoch, on the training split (solid) and the validation split "
                        + "(dashed). The validation images are never trained on: a growing gap between the curves would show "
                        + "the network memorising rather than learning.");
        int steps = train.arr("step_loss").size();
        figure("part2/step_loss.png", "Loss at every step",
                "The loss of each of the " + Fmt.count(steps) + " mini-batch steps (batches of "
                        + Fmt.plain(train.obj("config").num("batch")) + " images). It is noisy because every batch holds "
                        + "different images, and it falls fastest in the first few hundred steps.");
        sb.append("</section>\n");
    }

    private record Eq(String workshop, String rows, String code) {}

    private static Eq eq(String workshop, String rows, String codeHtml) {
        return new Eq(workshop, rows, codeHtml);
    }

    private void eqTable(String caption, List<Eq> eqs, int firstNumber) {
        sb.append("<table class=\"eq\">\n<caption>").append(esc(caption)).append("</caption>\n"
                + "<colgroup><col class=\"no\"><col class=\"ws\"><col class=\"jv\"><col></colgroup>\n<thead><tr><th></th>"
                + "<th>Workshop (one example per column)</th><th>Java (one example per row)</th><th>Implemented in</th>"
                + "</tr></thead>\n<tbody>\n");
        int n = firstNumber;
        for (Eq e : eqs) {
            sb.append("<tr><th>(").append(n++).append(")</th><td class=\"math\">").append(math(e.workshop()))
                    .append("</td><td class=\"math\">")
                    .append(e.rows().equals("the same") ? "<span class=\"fn\">the same</span>" : math(e.rows()))
                    .append("</td><td>").append(e.code()).append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    /** The table of one training run (train.json or torch.json). */
    private void resultsTable(Doc run, String caption) {
        Doc cfg = run.obj("config");
        double[] sec = run.nums("epoch_seconds");
        double[] trainAcc = run.nums("train_accuracy"), valAcc = run.nums("val_accuracy");
        sb.append("<table class=\"kv\">\n<caption>").append(esc(caption)).append("</caption>\n<tbody>\n");
        kv("implementation", esc(run.str("impl")) + " — " + esc(run.str("kernel")));
        kv("architecture", architecture(run.obj("model"), true));
        kv("hyper-parameters", hyper(cfg) + ", seed " + Fmt.plain(cfg.num("seed")));
        kv("epochs", Fmt.count(sec.length) + (sec.length == cfg.num("epochs") ? "" : " (of " + Fmt.plain(cfg.num("epochs")) + ")"));
        kv("seconds per epoch (median after the first)", Fmt.seconds(Stats.medianAfterFirst(sec)) + " <span class=\"muted\">(total "
                + Fmt.seconds(java.util.Arrays.stream(sec).sum()) + ")</span>");
        if (trainAcc.length > 0) {
            kv("final accuracy: training / validation", Fmt.pct(trainAcc[trainAcc.length - 1]) + " / " + Fmt.pct(valAcc[valAcc.length - 1]));
        }
        kv("test accuracy", "<strong>" + Fmt.pct(run.num("test_accuracy")) + "</strong>");
        kv("test loss", Fmt.loss(run.num("test_loss")));
        sb.append("</tbody>\n</table>\n");
    }

    private void kv(String key, String html) {
        sb.append("<tr><th>").append(esc(key)).append("</th><td>").append(html).append("</td></tr>\n");
    }

    // ---------------------------------------------------------------------------------------------

    private void part3() {
        Doc counts = explore.obj("counts");
        Doc classCounts = explore.obj("classCounts");
        List<String> names = new ArrayList<>();
        for (JsonElement e : explore.arr("classNames")) names.add(e.getAsString());
        String dataset = explore.str("dataset");
        int rows = (int) explore.num("imageRows"), cols = (int) explore.num("imageCols");
        double total = 0;
        for (String split : counts.keys()) total += counts.num(split);
        sb.append("<section id=\"part3\">\n<h2><span class=\"num\">Part 3</span>The dataset</h2>\n")
                .append("<p>The network learns from <strong>").append(esc(dataset.toUpperCase(Locale.ROOT)))
                .append("</strong>: ").append(Fmt.count(total)).append(" grey-scale images of handwritten digits, ")
                .append(rows).append("×").append(cols).append(" pixels each, in ").append(names.size()).append(" classes. ")
                .append("Each image is flattened into a row of ").append(Fmt.count((double) rows * cols))
                .append(" numbers — the network sees no shapes, only pixel values — and its label is the digit it shows. ")
                .append("The images are split three ways: the network trains on the first split, its progress is watched on ")
                .append("the second, and the third is kept for one final, honest measurement.</p>\n");
        sb.append("<table>\n<caption>Images per split</caption>\n<thead><tr><th>split</th><th class=\"n\">images</th>"
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
            sb.append("<tr><th>").append(esc(split)).append("</th><td class=\"n\">").append(Fmt.count(n))
                    .append("</td><td class=\"n\">").append(total > 0 ? String.format(Locale.ROOT, "%.1f%%", 100 * n / total) : "")
                    .append("</td><td class=\"n\">").append(small).append("</td><td class=\"n\">").append(large).append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        Doc cfg = train.obj("config");
        double nm = cfg.num("normalization_mean"), ns = cfg.num("normalization_std");
        sb.append("<div class=\"stats\"><div class=\"stat\"><div class=\"v\">").append(String.format(Locale.ROOT, "%.4f", explore.num("pixelMean")))
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
        figure("part3/" + figureName(explore, "samples"), "Sample images",
                "A few images of each class from the training split, with their labels: handwriting varies a lot within a class.");
        figure("part3/" + figureName(explore, "classDistribution"), "Images per class",
                "How many images of each digit each split holds. The classes are roughly balanced, so accuracy is a fair summary.");
        figure("part3/" + figureName(explore, "classMeans"), "Mean image per class",
                "The average of all training images of each digit: the blurred shape the network can lean on, and the"
                        + " variation it has to learn around.");
        figure("part3/" + figureName(explore, "pixelHistogram"), "Histogram of pixel values",
                "Pixel values over the training split: a tall spike at 0 (background), a smaller one near 1 (ink), few in between.");
        sb.append("</section>\n");
    }

    private static String label(List<String> names, int i) {
        return i < names.size() ? names.get(i) : Integer.toString(i);
    }

    static String figureName(Doc doc, String key) {
        return doc.obj("figures").str(key);
    }

    // ---------------------------------------------------------------------------------------------

    private void part4() {
        Doc model = torch.obj("model");
        double[] layers = model.nums("layers");
        sb.append("""
                <section id="part4">
                <h2><span class="num">Part 4</span>The same model on PyTorch</h2>
                <p>Part 4 trains the same network — same layers, same initial weights, same batches in the same order,
                same learning rate — on <strong>libtorch</strong>, the C++ engine inside PyTorch, through
                <strong>DJL</strong>, the Deep Java Library. DJL gives a Java program what PyTorch gives a Python one:
                tensors (<code>NDArray</code>) that live in native memory and run optimised kernels; blocks, the layers you
                stack into a model; <em>automatic differentiation</em>, where a <code>GradientCollector</code> records the
                forward pass and derives every gradient of Part 2's backward pass for you; optimizers; and a training loop.
                You write only the forward direction. The model is built the way a DJL user writes it:</p>
                """);
        sb.append("<pre class=\"snippet\"><code>").append(esc(djlSnippet(layers, model.str("activation")))).append("</code></pre>\n");
        sb.append("<p>DJL's <code>Linear</code> keeps its weight as (out, in), exactly like PyTorch and like the from-scratch "
                + "engine, so the two models can exchange weights without a transpose: Part 5 starts both from the same numbers.</p>\n");
        resultsTable(torch, "The PyTorch (DJL) network");
        figure("part4/learning_curves.png", "Learning curves of the PyTorch model",
                "Loss (left) and accuracy (right) after each epoch of the libtorch model, training (solid) and validation (dashed).");
        sb.append("</section>\n");
    }

    /** A short, static DJL snippet for the model's shape (not run: it illustrates the API). */
    static String djlSnippet(double[] layers, String activation) {
        String act = switch (activation) {
            case "sigmoid" -> "Activation::sigmoid";
            case "tanh" -> "Activation::tanh";
            case "leaky_relu" -> "x -> Activation.leakyRelu(x, 0.01f)";
            default -> "Activation::relu";
        };
        StringBuilder s = new StringBuilder("// ");
        for (int i = 0; i < layers.length; i++) s.append(i == 0 ? "" : " → ").append((long) layers[i]);
        s.append(": X (N, ").append(layers.length > 0 ? (long) layers[0] : 0).append(") in, logits (N, ")
                .append(layers.length > 0 ? (long) layers[layers.length - 1] : 0).append(") out\n");
        s.append("SequentialBlock net = new SequentialBlock()");
        for (int i = 1; i < layers.length; i++) {
            s.append("\n        .add(Linear.builder().setUnits(").append((long) layers[i]).append(").build())");
            if (i + 1 < layers.length) s.append("\n        .add(").append(act).append(")");
        }
        s.append(";\n\nModel model = Model.newInstance(\"mlp\", \"PyTorch\");\nmodel.setBlock(net);\n")
                .append("Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())\n")
                .append("        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build()));");
        return s.toString();
    }

    // ---------------------------------------------------------------------------------------------

    private void part5() {
        Doc parity = compare.obj("parity");
        Doc scratch = compare.obj("scratch"), tor = compare.obj("torch");
        Doc threads = compare.obj("manifest.threads");
        sb.append("""
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
        sb.append("""
                <p><strong>Free-running.</strong> Then each model trains on its own for the whole run. The two engines add
                numbers in different orders, so they round differently; over thousands of steps those tiny differences
                compound, and the two loss curves drift apart slowly. How far they got:</p>
                """);
        sb.append("<div class=\"stats\">");
        stat(Fmt.sci(parity.num("first_epoch_max_rel_dloss")), "largest relative Δloss, first epoch");
        stat(Fmt.sci(parity.num("median_rel_dloss")), "median relative Δloss, whole run");
        stat(Fmt.sci(parity.num("max_rel_dloss")), "largest relative Δloss, whole run");
        stat(Fmt.pp(parity.num("test_accuracy_diff_pp"), false), "difference in test accuracy");
        sb.append("</div>\n");
        figure("part5/" + figureName(compare, "parity"), "Parity of the two implementations",
                "How closely the two implementations agree, step by step: the relative difference of their losses.");

        sb.append("<h3 id=\"speed\">Speed and memory</h3>\n<p>Measured on this machine, the from-scratch engine with ")
                .append(threadText(threads.num("scratch"))).append(", libtorch with ").append(threadText(threads.num("torch")))
                .append(". The better value of each row is highlighted.</p>\n");
        comparisonTable(scratch, tor, threads);
        figure("part5/" + figureName(compare, "learning_curves"), "Learning curves of both models",
                "Loss and accuracy per epoch of both implementations, overlaid: training (solid) and validation (dashed).");

        sb.append("<h3 id=\"errors\">Accuracy and errors</h3>\n<p>A confusion matrix counts, for every true digit (row), "
                + "what the model predicted (column): the diagonal holds the correct answers, everything off it is a mistake. "
                + "The two models make nearly the same mistakes, on the same pairs of digits that people confuse too.</p>\n");
        figurePair("part5/" + figureName(compare, "confusion_scratch"), "Confusion matrix, from scratch",
                "part5/" + figureName(compare, "confusion_torch"), "Confusion matrix, PyTorch",
                "Confusion matrices on the test split: true digit in rows, prediction in columns.");
        perClassTable(scratch, tor);
        figure("part5/" + figureName(compare, "misclassified"), "Misclassified test images",
                "Test images the models got wrong, with the true label and the prediction. Many are hard for a person too.");

        sb.append("<h3 id=\"weights\">What the first layer learned</h3>\n<p>Each hidden neuron has one weight per pixel, "
                + "so its weights can be drawn as a 28×28 image: positive weights where ink makes the neuron fire, negative "
                + "where ink silences it. Starting from the same weights and taking nearly the same steps, the two models "
                + "end up with nearly the same pictures.</p>\n");
        figurePair("part5/" + figureName(compare, "weights_scratch"), "First-layer weights, from scratch",
                "part5/" + figureName(compare, "weights_torch"), "First-layer weights, PyTorch",
                "First-layer weights of some hidden neurons, each drawn as a 28×28 image, for the two models.");
        sb.append("</section>\n");
    }

    private static String threadText(double n) {
        return Fmt.plain(n) + (n == 1 ? " thread" : " threads");
    }

    private void stat(String valueHtml, String label) {
        sb.append("<div class=\"stat\"><div class=\"v\">").append(valueHtml).append("</div><div class=\"k\">")
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
        java.util.SortedSet<Integer> shown = shownCheckpoints(cps);
        sb.append("<table>\n<caption>Lock-step checkpoints: relative difference, from scratch vs PyTorch")
                .append(shown.size() < cps.size() ? " (" + shown.size() + " of " + cps.size()
                        + " checkpoints: evenly spaced, plus the largest differences; all are in compare.json)" : "")
                .append("</caption>\n<thead><tr><th class=\"n\">step</th><th class=\"n\">Δloss</th>");
        for (String p : params) sb.append("<th class=\"n\">Δ grad <code>").append(esc(p)).append("</code></th>");
        sb.append("</tr></thead>\n<tbody>\n");
        for (int i : shown) {
            Doc cp = new Doc(parity.rel(), parity.file(), cps.get(i).getAsJsonObject(),
                    parity.prefix() + "lockstep_checkpoints[" + i + "].");
            sb.append("<tr><td class=\"n\">").append(Fmt.count(cp.num("step"))).append("</td><td class=\"n\">")
                    .append(Fmt.sci(cp.num("rel_dloss"))).append("</td>");
            for (String p : params) {
                String key = "rel_dgrad";
                boolean has = cp.has(key) && cp.obj(key).root().has(p) && !cp.obj(key).root().get(p).isJsonNull();
                sb.append("<td class=\"n\">").append(has ? Fmt.sci(cp.obj(key).root().get(p).getAsDouble()) : "—").append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n<tfoot><tr><th class=\"n\">max</th><td class=\"n\"><strong>")
                .append(Fmt.sci(parity.num("lockstep_max_rel_dloss"))).append("</strong></td><td class=\"n\" colspan=\"")
                .append(Math.max(1, params.size())).append("\">largest Δ grad over all parameters: <strong>")
                .append(Fmt.sci(parity.num("lockstep_max_rel_dgrad"))).append("</strong></td></tr></tfoot>\n</table>\n");
    }

    /** At most about 16 rows: every k-th checkpoint, the last, and those with the largest Δloss and Δgrad. */
    private static java.util.SortedSet<Integer> shownCheckpoints(com.google.gson.JsonArray cps) {
        java.util.SortedSet<Integer> shown = new java.util.TreeSet<>();
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
        sb.append("<table class=\"compare\">\n<caption>From scratch vs PyTorch (DJL)</caption>\n<thead><tr><th></th>")
                .append("<th class=\"n\">from scratch<br><small>").append(threadText(threads.num("scratch")))
                .append("</small></th><th class=\"n\">PyTorch (DJL)<br><small>").append(threadText(threads.num("torch")))
                .append("</small></th><th>advantage</th></tr></thead>\n<tbody>\n");
        for (Row r : rows) {
            int cmp = Double.compare(r.scratch(), r.torch());
            int winner = cmp == 0 || Double.isNaN(r.scratch()) || Double.isNaN(r.torch()) ? 0
                    : (cmp > 0) == r.higherBetter() ? 1 : 2;
            sb.append("<tr><th>").append(esc(r.label())).append("</th>")
                    .append(cell(r.fmt().apply(r.scratch()), winner == 1))
                    .append(cell(r.fmt().apply(r.torch()), winner == 2))
                    .append("<td class=\"adv\">").append(advantage(r, winner)).append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
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
        sb.append("<table>\n<caption>Per class, on the test split</caption>\n<thead><tr><th>class</th>"
                + "<th class=\"n\">precision<br><small>from scratch</small></th><th class=\"n\">precision<br><small>PyTorch</small></th>"
                + "<th class=\"n\">recall<br><small>from scratch</small></th><th class=\"n\">recall<br><small>PyTorch</small></th>"
                + "</tr></thead>\n<tbody>\n");
        for (int i = 0; i < k; i++) {
            sb.append("<tr><th>").append(esc(label(names, i))).append("</th><td class=\"n\">").append(Fmt.pct(ps[i]))
                    .append("</td><td class=\"n\">").append(Fmt.pct(pt[i])).append("</td><td class=\"n\">").append(Fmt.pct(rs[i]))
                    .append("</td><td class=\"n\">").append(Fmt.pct(rt[i])).append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n<p>Precision: of the images the model called a given digit, the share that really "
                + "were that digit. Recall: of the images of that digit, the share the model found.</p>\n");
    }

    // ---------------------------------------------------------------------------------------------

    private void footer() {
        Doc m = compare.obj("manifest");
        sb.append("<footer><p>Made by nn-workshop from the files of one run (")
                .append(esc(m.str("date"))).append(", commit <span class=\"mono\">")
                .append(esc(abbreviate(m.str("git_commit")))).append("</span>). ")
                .append("Rebuild it from <code>out/</code> at any time; the folder <code>report/</code> is self-contained.</p></footer>\n");
    }

    private static String abbreviate(String commit) {
        return commit.length() > 12 && commit.matches("[0-9a-fA-F]+") ? commit.substring(0, 12) : commit;
    }

    // ---------------------------------------------------------------------------------------------

    private void figure(String key, String alt, String caption) {
        sb.append("<figure>\n").append(img(key, alt)).append("\n<figcaption><b>Figure ").append(++figureNumber)
                .append(".</b> ").append(esc(caption)).append("</figcaption>\n</figure>\n");
    }

    /** Two figures side by side (from scratch left, PyTorch right), each with a label, under one caption. */
    private void figurePair(String left, String leftAlt, String right, String rightAlt, String caption) {
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
