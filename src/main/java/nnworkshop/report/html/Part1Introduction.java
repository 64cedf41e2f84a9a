package nnworkshop.report.html;

import static nnworkshop.report.html.Html.esc;
import static nnworkshop.report.html.Html.math;

import nnworkshop.report.html.RunFiles.Doc;

/**
 * Part 1 of the page, {@code <section id="part1">}: what a network is, the notation, and the four
 * activation functions with the figure {@code part1/activations.png}; the one this run uses (from
 * train.json's model) is marked.
 */
final class Part1Introduction {
    private final Page page;
    private final Doc train;

    Part1Introduction(Page page, Doc train) {
        this.page = page;
        this.train = train;
    }

    /** Writes the section. */
    void write() {
        String act = train.obj("model").str("activation");
        page.append("""
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
        page.append("""
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
        page.append("</ul>\n");
        page.figure("part1/activations.png", "The four activation functions",
                "The activation functions g(z) of the workshop, plotted by the Java code of Part 1 (Activations) — the same "
                        + "functions the network's layers apply.");
        page.append("</section>\n");
    }

    private void notation(String symbol, String meaning) {
        page.append("<dt class=\"math\">").append(math(symbol)).append("</dt><dd>").append(esc(meaning)).append("</dd>\n");
    }

    private void activation(String id, String used, String html) {
        page.append("<li>").append(html).append(id.equals(used) ? " <em>This run uses it.</em>" : "").append("</li>\n");
    }
}
