package nnworkshop.torch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Tensor;

/**
 * The workshop's MLP on PyTorch, written as a DJL user writes it: a {@link SequentialBlock} of
 * {@link Linear} blocks with the hidden activation g between them, exactly the layers of
 * {@link ModelSpec#build}:
 * <pre>
 *   784,128,10 relu  →  Linear(784 → 128), ReLU, Linear(128 → 10)
 *   forward   Z1 = X·W1ᵀ + b1   (N, H)     A1 = g(Z1)     Z2 = A1·W2ᵀ + b2   (N, K) logits
 * </pre>
 * X is (N, D); DJL's {@code Linear} keeps W as (out, in), like PyTorch, so block i's
 * {@code weight} (H, D) and {@code bias} (H) are the state dict's {@code i.weight} and
 * {@code i.bias} with no transposition, and {@link #fromStateDict} / {@link #stateDict()} move
 * weights to and from the from-scratch engine and the safetensors files unchanged.
 *
 * <p>The parameters live in native memory owned by this object's DJL {@link Model}: close it
 * (try-with-resources) when done. Using it after {@link #close()} fails.
 */
public final class TorchMlp implements AutoCloseable {
    private final ModelSpec spec;
    private final Model model;
    private final SequentialBlock block;
    private final ParameterStore store;
    private final List<Parameter> parameters;   // in state-dict order: 0.weight, 0.bias, 2.weight, …
    private final List<String> names;           // their state-dict names

    /** Builds the block with every parameter initialised from {@code state} (already checked). */
    private TorchMlp(ModelSpec spec, Map<String, Tensor> state) {
        TorchRuntime.engine();
        this.spec = spec;
        this.block = block(spec);
        this.parameters = new ArrayList<>();
        this.names = new ArrayList<>();
        List<Block> children = block.getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) instanceof Linear linear) {
                for (String kind : List.of("weight", "bias")) {
                    String name = i + "." + kind;
                    // DJL's way to give a parameter its starting values: an Initializer.
                    linear.setInitializer(fromTensor(state.get(name)), kind);
                    parameters.add(linear.getParameters().get(kind));
                    names.add(name);
                }
            }
        }
        this.model = Model.newInstance("mlp-" + spec.describe().replace(' ', '-'), TorchRuntime.ENGINE);
        try {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, spec.inputs()));
            this.store = new ParameterStore(model.getNDManager(), false);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * A network of this shape starting from the given weights (e.g. a from-scratch model's
     * {@code stateDict()}, or a model file's tensors). Names and shapes are checked as the
     * from-scratch engine checks them, with the same messages.
     *
     * @throws nnworkshop.WorkshopException naming the first missing, unexpected or mis-shaped tensor
     */
    public static TorchMlp fromStateDict(ModelSpec spec, Map<String, Tensor> state) {
        // The from-scratch model of the same spec validates names and shapes: one set of rules.
        spec.build(Init.PYTORCH, new SplittableRandom(0)).loadStateDict(state);
        return new TorchMlp(spec, state);
    }

    /** An initializer that gives a parameter a copy of {@code t}'s values. */
    private static Initializer fromTensor(Tensor t) {
        return (manager, shape, dataType) -> {
            if (!java.util.Arrays.equals(shape.getShape(), java.util.Arrays.stream(t.shape()).asLongStream().toArray())) {
                throw new IllegalStateException("DJL asks for " + shape + " but the tensor is " + t.shapeText());
            }
            return manager.create(t.data(), shape); // float32, as the block asks
        };
    }

    /**
     * A network with exactly the initial weights the from-scratch engine draws from {@code rng}
     * ({@code spec.build(init, rng)}, copied in): given {@code Seeds.init(seed)}, both
     * implementations start from identical weights.
     *
     * @param rng the generator of the initial weights (modified)
     */
    public static TorchMlp initialized(ModelSpec spec, Init init, SplittableRandom rng) {
        return fromStateDict(spec, spec.build(init, rng).stateDict());
    }

    /** The DJL block: Linear, g, Linear, g, …, Linear (no activation after the last). */
    static SequentialBlock block(ModelSpec spec) {
        int[] sizes = spec.sizes();
        SequentialBlock b = new SequentialBlock();
        for (int i = 1; i < sizes.length; i++) {
            b.add(Linear.builder().setUnits(sizes[i]).optBias(true).build());
            if (i + 1 < sizes.length) b.add(activation(spec.activation()));
        }
        return b;
    }

    static Block activation(Activation a) {
        return switch (a) {
            case RELU -> ai.djl.nn.Activation.reluBlock();
            case SIGMOID -> ai.djl.nn.Activation.sigmoidBlock();
            case TANH -> ai.djl.nn.Activation.tanhBlock();
            case LEAKY_RELU -> ai.djl.nn.Activation.leakyReluBlock(0.01f); // PyTorch's default negative_slope
        };
    }

    /**
     * Logits for a batch: X (N, D) → (N, K). The result (and every intermediate) is attached to
     * X's manager, so closing that manager frees them. With {@code training} true and a gradient
     * collector open, the graph for backward is recorded.
     */
    NDArray forward(NDArray x, boolean training) {
        TorchRuntime.onThisThread();
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /**
     * A copy of the parameters by PyTorch state-dict name ("0.weight" (H, D), "0.bias" (H), …), in
     * order: the same names and shapes as {@link Sequential#stateDict()}.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            NDArray a = parameters.get(i).getArray();
            out.put(names.get(i), new Tensor(toInts(a.getShape()), a.toFloatArray()));
        }
        return out;
    }

    /**
     * Copies {@code state} into the parameters, after checking its names and shapes as the
     * from-scratch engine does (one set of rules, the same messages).
     *
     * @throws nnworkshop.WorkshopException naming the first missing, unexpected or mis-shaped tensor
     */
    public void loadStateDict(Map<String, Tensor> state) {
        spec.build(Init.PYTORCH, new SplittableRandom(0)).loadStateDict(state);
        for (int i = 0; i < parameters.size(); i++) parameters.get(i).getArray().set(state.get(names.get(i)).data());
    }

    /** A copy of the gradients libtorch holds for the parameters (after a backward pass), by state-dict name. */
    public Map<String, Tensor> gradients() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (NDManager scope = manager().newSubManager()) {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray g = parameters.get(i).getArray().getGradient();
                g.attach(scope); // the wrapper DJL made for the gradient, freed with the scope
                out.put(names.get(i), new Tensor(toInts(g.getShape()), g.toFloatArray()));
            }
        }
        return out;
    }

    /** The trainable parameters in state-dict order (0.weight, 0.bias, 2.weight, …). */
    List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    /** Their state-dict names, in the same order. */
    public List<String> parameterNames() {
        return List.copyOf(names);
    }

    /** The architecture. */
    public ModelSpec spec() {
        return spec;
    }

    /** The manager that owns the parameters; open a sub-manager of it for each step's arrays. */
    NDManager manager() {
        return model.getNDManager();
    }

    /** The DJL block, for inspection (printing it, in a notebook that imports DJL). */
    public SequentialBlock block() {
        return block;
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "TorchMlp[" + spec.describe() + "]\n" + block;
    }

    private static int[] toInts(Shape s) {
        int[] out = new int[s.dimension()];
        for (int i = 0; i < out.length; i++) out[i] = Math.toIntExact(s.get(i));
        return out;
    }
}
