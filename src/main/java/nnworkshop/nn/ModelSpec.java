package nnworkshop.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import nnworkshop.WorkshopException;
import nnworkshop.tensor.Tensor;

/**
 * The shape of an MLP: its layer sizes (D, H1, …, K) and the hidden activation g.
 *
 * <p>{@code 784,128,10} with ReLU builds {@code Linear(784,128), ReLU, Linear(128,10)}: the
 * workshop's one-hidden-layer network. The last layer outputs logits (no activation): the
 * cross-entropy loss applies the softmax itself.
 *
 * @param sizes      D, then each hidden width, then K; at least two entries, all positive
 * @param activation g, applied after every dense layer but the last
 */
public record ModelSpec(int[] sizes, Activation activation) {
    /** The workshop's default hidden width. */
    public static final int DEFAULT_HIDDEN = 128;

    public ModelSpec {
        sizes = sizes.clone();
        if (sizes.length < 2) throw new WorkshopException("a network needs at least an input and an output size, got "
                + Arrays.toString(sizes));
        for (int s : sizes) {
            if (s <= 0) throw new WorkshopException("layer sizes must be positive, got " + text(sizes));
        }
        if (activation == null) throw new WorkshopException("no activation given");
    }

    /** D, H…, K from hidden widths: {@code withHidden(784, 10, RELU, 128)} is 784,128,10. */
    public static ModelSpec withHidden(int inputs, int classes, Activation activation, int... hidden) {
        int[] s = new int[hidden.length + 2];
        s[0] = inputs;
        System.arraycopy(hidden, 0, s, 1, hidden.length);
        s[s.length - 1] = classes;
        return new ModelSpec(s, activation);
    }

    /**
     * The model the command line asks for: {@code --hidden 128} (or {@code 256,128}) or
     * {@code --layers 784,256,128,10}, at most one of them (neither: one hidden layer of 128),
     * and {@code --activation relu}.
     *
     * @param hidden     the --hidden value or null
     * @param layers     the --layers value or null
     * @param activation the --activation value
     * @param inputs     D of the data (784 for MNIST)
     * @param classes    K of the data (10)
     * @throws WorkshopException with a one-line explanation for any bad value
     */
    public static ModelSpec parse(String hidden, String layers, String activation, int inputs, int classes) {
        Activation act;
        try {
            act = Activation.parse(activation);
        } catch (IllegalArgumentException e) {
            throw new WorkshopException(e.getMessage());
        }
        if (hidden != null && layers != null) {
            throw new WorkshopException("give either --hidden or --layers, not both");
        }
        if (layers != null) {
            int[] s = parseList("--layers", layers);
            if (s.length < 2) throw new WorkshopException("--layers needs at least two sizes, e.g. " + inputs + ",128," + classes);
            if (s[0] != inputs || s[s.length - 1] != classes) {
                throw new WorkshopException("--layers " + nnworkshop.util.PathText.show(layers.trim()) + " must start with " + inputs
                        + " (pixels per image) and end with " + classes + " (classes), e.g. " + inputs + ",256,128," + classes);
            }
            return new ModelSpec(s, act);
        }
        int[] h = hidden == null ? new int[] {DEFAULT_HIDDEN}
                : hidden.isBlank() ? new int[0] : parseList("--hidden", hidden);
        return withHidden(inputs, classes, act, h);
    }

    private static int[] parseList(String option, String value) {
        String[] parts = value.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new WorkshopException(option + " expects comma-separated whole numbers, got '" + nnworkshop.util.PathText.show(value.trim()) + "'");
            }
            if (out[i] <= 0) throw new WorkshopException(option + " sizes must be positive, got '" + nnworkshop.util.PathText.show(value.trim()) + "'");
        }
        return out;
    }

    /**
     * The spec of a saved model, read off its state dict: {@code i.weight} of shape (out, in) for
     * i = 0, 2, 4, …
     *
     * @throws WorkshopException if the names or shapes are not those of such an MLP
     */
    public static ModelSpec fromStateDict(Map<String, Tensor> state, Activation activation) {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; ; i += 2) {
            Tensor w = state.get(i + ".weight");
            if (w == null) break;
            if (w.shape().length != 2) throw new WorkshopException(i + ".weight has shape " + w.shapeText() + ", expected (out, in)");
            if (sizes.isEmpty()) sizes.add(w.shape()[1]);
            else if (sizes.get(sizes.size() - 1) != w.shape()[1]) {
                throw new WorkshopException(i + ".weight has shape " + w.shapeText() + " but the layer before outputs "
                        + sizes.get(sizes.size() - 1));
            }
            sizes.add(w.shape()[0]);
        }
        if (sizes.isEmpty()) throw new WorkshopException("the model file has no tensor '0.weight': " + state.keySet());
        return new ModelSpec(sizes.stream().mapToInt(Integer::intValue).toArray(), activation);
    }

    /** Builds the network, Linear at even indices and g between, initialised by {@code init} from {@code rng} (modified). */
    public Sequential build(Init init, SplittableRandom rng) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            layers.add(new Dense(String.valueOf(layers.size()), sizes[i], sizes[i + 1]));
            if (i + 2 < sizes.length) layers.add(ActivationLayer.of(activation));
        }
        Sequential model = new Sequential(layers);
        init.apply(model, rng);
        return model;
    }

    /** D. */
    public int inputs() { return sizes[0]; }

    /** K. */
    public int classes() { return sizes[sizes.length - 1]; }

    /** The layer sizes (a copy). */
    @Override
    public int[] sizes() { return sizes.clone(); }

    /** Number of trainable scalars: Σ (in·out + out). */
    public long parameterCount() {
        long n = 0;
        for (int i = 0; i + 1 < sizes.length; i++) n += (long) sizes[i] * sizes[i + 1] + sizes[i + 1];
        return n;
    }

    /** e.g. "784-128-10 relu". */
    public String describe() {
        return text(sizes).replace(',', '-') + " " + activation.id();
    }

    private static String text(int[] s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(s[i]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && Arrays.equals(sizes, m.sizes) && activation == m.activation;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(sizes) + activation.hashCode();
    }

    @Override
    public String toString() {
        return "ModelSpec[" + describe() + "]";
    }
}
