package nnworkshop.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nnworkshop.WorkshopException;
import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Parameter;
import nnworkshop.tensor.Tensor;

/**
 * Layers applied one after the other, PyTorch's {@code nn.Sequential}: forward walks the list,
 * backward walks it back, each layer handing the gradient of its input to the one before
 * (Nielsen's loop over {@code delta}).
 *
 * <p>For an MLP built by {@link ModelSpec} the layers are {@code Linear, act, Linear, act, …,
 * Linear}, so the parameters get PyTorch's state-dict names: {@code 0.weight} (H, D),
 * {@code 0.bias} (H), {@code 2.weight}, {@code 2.bias}, … — a model saved from here loads into
 * the same {@code nn.Sequential} in PyTorch and back.
 *
 * <p>The first {@link Dense} layer is told not to compute the gradient of its input (the pixels),
 * which nobody reads, so {@link #backward} returns null for such a network.
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;
    private final List<Parameter> parameters;

    /**
     * @throws IllegalArgumentException if a parameter's name does not start with its layer's
     *     index (as "2.weight" for layer 2), which would break the PyTorch naming
     */
    public Sequential(List<Layer> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException("a network needs at least one layer");
        this.layers = List.copyOf(layers);
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < this.layers.size(); i++) {
            for (Parameter p : this.layers.get(i).parameters()) {
                if (!p.name().startsWith(i + ".")) {
                    throw new IllegalArgumentException("parameter " + p.name() + " is in layer " + i
                            + ": its name should start with \"" + i + ".\"");
                }
                ps.add(p);
            }
        }
        this.parameters = Collections.unmodifiableList(ps);
        if (this.layers.get(0) instanceof Dense first) first.setInputGradient(false);
    }

    public static Sequential of(Layer... layers) {
        return new Sequential(Arrays.asList(layers));
    }

    /** Runs the layers in order: X (N, D) → output (N, K), owned by the last layer. */
    @Override
    public Matrix forward(Matrix x) {
        Matrix h = x;
        for (Layer layer : layers) h = layer.forward(h);
        return h;
    }

    /**
     * A model computing the same function from the same parameter objects (not copies), with
     * buffers of its own and {@link Backend#reference()} until {@link #use} is called: to evaluate
     * parts of a batch on several threads at once (see {@code Evaluator}). Only for the forward
     * pass, while nobody changes the parameters; a transposed working copy of a weight must be up
     * to date before threads read it (ask the original for it first).
     */
    public Sequential replica() {
        List<Layer> copy = new ArrayList<>(layers.size());
        for (Layer l : layers) {
            if (l instanceof Dense d) {
                copy.add(d.sharingParameters());
            } else if (l instanceof ActivationLayer a) {
                copy.add(ActivationLayer.of(a.kind()));
            } else if (l instanceof Softmax) {
                copy.add(new Softmax());
            } else {
                throw new IllegalStateException("no replica of a " + l.getClass().getSimpleName() + " layer");
            }
        }
        return new Sequential(copy);
    }

    /** The backend given to {@link #use} ({@link Backend#reference()} before). */
    public Backend backend() {
        return backend;
    }

    /**
     * Runs the layers backwards from dOut = ∂L/∂output (N, K), writing every parameter's
     * gradient. Returns ∂L/∂X, or null when the first layer skips it.
     */
    @Override
    public Matrix backward(Matrix dOut) {
        Matrix d = dOut;
        for (int i = layers.size() - 1; i >= 0 && d != null; i--) d = layers.get(i).backward(d);
        return d;
    }

    @Override
    public List<Parameter> parameters() { return parameters; }

    /** The layers, in order (unmodifiable). */
    public List<Layer> layers() { return layers; }

    /** The dense layers, in order. */
    public List<Dense> denseLayers() {
        List<Dense> out = new ArrayList<>();
        for (Layer l : layers) if (l instanceof Dense d) out.add(d);
        return out;
    }

    /** Sizes every buffer for batches of up to {@code rows} samples, so later batches allocate nothing. */
    @Override
    public void reserve(int rows) {
        int width = -1;
        for (Layer l : layers) {
            if (l instanceof Dense d) {
                d.reserve(rows);
                width = d.outputs();
            } else if (l instanceof ActivationLayer a && width > 0) {
                a.reserve(rows, width);
            } else if (l instanceof Softmax s && width > 0) {
                s.reserve(rows, width);
            } else {
                l.reserve(rows);
            }
        }
    }

    /** Runs every layer's products on {@code backend} (the caller keeps it and closes it). */
    @Override
    public void use(Backend backend) {
        this.backend = java.util.Objects.requireNonNull(backend);
        for (Layer l : layers) l.use(backend);
    }

    private Backend backend = Backend.reference();

    /** D: inputs of the first dense layer. */
    public int inputs() { return denseLayers().get(0).inputs(); }

    /** K: outputs of the last dense layer. */
    public int outputs() {
        List<Dense> d = denseLayers();
        return d.get(d.size() - 1).outputs();
    }

    /** Total number of trainable scalars (101,770 for 784-128-10). */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters) n += p.size();
        return n;
    }

    /**
     * A copy of the parameters by PyTorch state-dict name, in order ("0.weight", "0.bias", …),
     * each with its PyTorch shape; what a safetensors writer saves.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Parameter p : parameters) out.put(p.name(), new Tensor(p.shape(), p.value().toArray()));
        return out;
    }

    /**
     * Copies values into the parameters. The names must be exactly this model's and every shape
     * must match.
     *
     * @throws WorkshopException naming the first missing, unexpected or mis-shaped tensor
     */
    public void loadStateDict(Map<String, Tensor> state) {
        for (Parameter p : parameters) {
            Tensor t = state.get(p.name());
            if (t == null) {
                throw new WorkshopException("the model file has no tensor '" + p.name() + "' (it holds "
                        + state.keySet() + "); was it saved from a different architecture?");
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new WorkshopException("tensor '" + p.name() + "' has shape " + t.shapeText()
                        + " but this model expects " + p.shapeText() + " (check --hidden/--layers)");
            }
        }
        for (String name : state.keySet()) {
            if (parameters.stream().noneMatch(p -> p.name().equals(name))) {
                throw new WorkshopException("the model file has an unexpected tensor '" + name
                        + "'; this model has " + names());
            }
        }
        for (Parameter p : parameters) {
            float[] src = state.get(p.name()).data();
            System.arraycopy(src, 0, p.value().data(), 0, src.length);
        }
    }

    private List<String> names() {
        List<String> n = new ArrayList<>();
        for (Parameter p : parameters) n.add(p.name());
        return n;
    }

    /** PyTorch-style description, one layer per line. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(\n");
        for (int i = 0; i < layers.size(); i++) sb.append("  (").append(i).append("): ").append(layers.get(i)).append('\n');
        return sb.append(')').toString();
    }
}
