package nnworkshop.report.html;

import static nnworkshop.report.html.Html.esc;
import static nnworkshop.report.html.RunText.resultsTable;

import nnworkshop.report.html.RunFiles.Doc;

/**
 * Part 4 of the page, {@code <section id="part4">}: the same model on libtorch through DJL, from
 * torch.json — a DJL snippet of the model's shape, the results table and the figure
 * {@code part4/learning_curves.png}.
 */
final class Part4PyTorch {
    private final Page page;
    private final Doc torch;

    Part4PyTorch(Page page, Doc torch) {
        this.page = page;
        this.torch = torch;
    }

    /** Writes the section. */
    void write() {
        Doc model = torch.obj("model");
        double[] layers = model.nums("layers");
        page.append("""
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
        page.append("<pre class=\"snippet\"><code>").append(esc(djlSnippet(layers, model.str("activation")))).append("</code></pre>\n");
        page.append("<p>DJL's <code>Linear</code> keeps its weight as (out, in), exactly like PyTorch and like the from-scratch "
                + "engine, so the two models can exchange weights without a transpose: Part 5 starts both from the same numbers.</p>\n");
        resultsTable(page, torch, "The PyTorch (DJL) network");
        page.figure("part4/learning_curves.png", "Learning curves of the PyTorch model",
                "Loss (left) and accuracy (right) after each epoch of the libtorch model, training (solid) and validation (dashed).");
        page.append("</section>\n");
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
}
