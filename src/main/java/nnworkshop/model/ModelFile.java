package nnworkshop.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nnworkshop.WorkshopException;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Tensor;
import nnworkshop.util.PathText;

/**
 * A trained model on disk: the weights under PyTorch's {@code nn.Sequential} state-dict names
 * ({@code 0.weight} (H, D), {@code 0.bias} (H), {@code 2.weight} (K, H), …) and, in
 * {@code __metadata__}, what is needed to use it: the layer sizes, the activation, and the input
 * normalisation. In Python:
 * <pre>{@code
 * from safetensors.torch import load_file
 * model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
 * model.load_state_dict(load_file("model.safetensors"))
 * }</pre>
 */
public final class ModelFile {
    /** Metadata keys. */
    public static final String FORMAT = "format";
    public static final String FORMAT_VALUE = "nn-workshop-mlp";
    public static final String LAYERS = "layers";
    public static final String ACTIVATION = "activation";
    public static final String NORM_MEAN = "normalization_mean";
    public static final String NORM_STD = "normalization_std";

    private ModelFile() {}

    /** What a model file holds. */
    public record Loaded(ModelSpec spec, Normalization normalization, Sequential model, Map<String, String> metadata) {}

    /**
     * Writes the weights of a model built from {@code spec} (its state dict) atomically to
     * {@code file}, with the architecture, the normalisation and any {@code extra} metadata (e.g.
     * dataset, implementation).
     */
    public static Path save(Path file, ModelSpec spec, Map<String, Tensor> weights, Normalization normalization,
                            Map<String, String> extra) {
        Map<String, String> meta = new LinkedHashMap<>(extra);
        meta.put(FORMAT, FORMAT_VALUE);
        meta.put(LAYERS, layersText(spec.sizes()));
        meta.put(ACTIVATION, spec.activation().id());
        meta.put(NORM_MEAN, Float.toString(normalization.mean()));
        meta.put(NORM_STD, Float.toString(normalization.std()));
        return SafeTensors.write(file, new LinkedHashMap<>(weights), meta);
    }

    /**
     * Reads a model file, checking that its tensors fit the architecture its metadata names and
     * that its numbers can be used. A file written elsewhere without our metadata is accepted if
     * its tensors form an MLP ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}, …); it is then
     * taken to use ReLU and inputs scaled to [0, 1].
     *
     * <p>Refused, in one line naming the tensor or field: a weight or bias that is NaN or
     * infinite (the model was saved after training diverged, or the file was damaged: every
     * prediction would be NaN), and a normalisation whose mean is not finite or whose std is not a
     * finite number of at least {@link Float#MIN_NORMAL} (zero, negative, subnormal: the inputs
     * would become infinite). Tiny, subnormal weights are fine and kept.
     *
     * @throws WorkshopException naming the file if it is missing, not a regular file, malformed,
     *                           not such a model, or holds such numbers
     */
    public static Loaded load(Path file) {
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, String> meta = f.metadata();
        try {
            requireFinite(f.tensors());
            Activation activation = Activation.parse(meta.getOrDefault(ACTIVATION, "relu"));
            ModelSpec spec = ModelSpec.fromStateDict(f.tensors(), activation);
            String layers = meta.get(LAYERS);
            if (layers != null && !layers.equals(layersText(spec.sizes()))) {
                throw new WorkshopException("its metadata says layers " + PathText.show(layers) + " but its tensors form "
                        + layersText(spec.sizes()));
            }
            float mean = parse(meta, NORM_MEAN, 0f);
            float std = parse(meta, NORM_STD, 1f);
            if (!Float.isFinite(mean)) {
                throw new WorkshopException("metadata " + NORM_MEAN + " is " + mean + "; it must be a finite number"
                        + " (the pixels' mean on the [0, 1] scale, e.g. 0.1307 for MNIST, or 0 for none)");
            }
            if (!Float.isFinite(std) || !(std >= Float.MIN_NORMAL)) {
                String what = Float.isNaN(std) || Float.isInfinite(std) ? "is " + std
                        : std <= 0f ? "is " + std + ", not positive"
                        : "is " + std + ", a subnormal number (1 / std would overflow)";
                throw new WorkshopException("metadata " + NORM_STD + " " + what + "; it must be a finite number of"
                        + " at least " + Float.MIN_NORMAL + " (the pixels' std on the [0, 1] scale, e.g. 0.3081 for"
                        + " MNIST, or 1 for none)");
            }
            Normalization norm = new Normalization(mean, std);
            Sequential model = spec.build(Init.PYTORCH, new java.util.SplittableRandom(0));
            model.loadStateDict(f.tensors());
            return new Loaded(spec, norm, model, meta);
        } catch (WorkshopException | IllegalArgumentException e) {
            // the message may quote the file's tensor names and metadata: escaped, as every name shown
            throw new WorkshopException(PathText.show(file) + ": not a model this workshop can use: "
                    + PathText.oneLine(e.getMessage()), e);
        }
    }

    /**
     * Throws for the first tensor that holds a NaN or an infinity, naming it, the first such
     * value's index and how many there are.
     */
    static void requireFinite(Map<String, Tensor> tensors) {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            float[] d = e.getValue().data();
            int first = -1;
            int count = 0;
            for (int i = 0; i < d.length; i++) {
                if (!Float.isFinite(d[i])) {
                    if (first < 0) first = i;
                    count++;
                }
            }
            if (first >= 0) {
                throw new WorkshopException("tensor '" + PathText.show(e.getKey()) + "' (shape "
                        + java.util.Arrays.toString(e.getValue().shape()) + ") holds " + d[first] + " at index " + first
                        + (count > 1 ? " and " + (count - 1) + " more values that are not finite" : "")
                        + ": its predictions would be NaN (the model was probably saved after training diverged;"
                        + " train it again, e.g. with a smaller learning rate)");
            }
        }
    }

    /**
     * Checks that a model with {@code outputs} classes can be evaluated on labels up to
     * {@code maxLabel} (e.g. {@link nnworkshop.data.Dataset#maxLabel()} of the test set): with
     * fewer outputs, a label would have no output (the accuracy and the confusion matrix would be
     * wrong, or an index out of bounds). For evaluate and predict, before any work.
     *
     * @param model   the model file, for the message
     * @param dataset the data set's name, for the message, e.g. "mnist"
     * @throws WorkshopException one line if {@code outputs <= maxLabel}
     */
    public static void requireOutputsCoverLabels(Path model, int outputs, int maxLabel, String dataset) {
        if (outputs <= maxLabel) {
            throw new WorkshopException(PathText.show(model) + " has " + outputs + " outputs (classes 0.."
                    + (outputs - 1) + "), but the " + PathText.show(dataset) + " labels go up to " + maxLabel
                    + ": the model was trained for other data (choose the --dataset it was trained on, or another model)");
        }
    }

    /**
     * Checks that each of a model's {@code outputs} has a class name (a data set's
     * {@link nnworkshop.data.DatasetKind#classNames()}): a model with more outputs than the data set
     * has classes could predict a class that has no name.
     *
     * @throws WorkshopException one line if {@code outputs > classNames.size()}
     */
    public static void requireOutputsHaveNames(Path model, int outputs, List<String> classNames, String dataset) {
        if (outputs > classNames.size()) {
            throw new WorkshopException(PathText.show(model) + " has " + outputs + " outputs, but " + PathText.show(dataset)
                    + " has " + classNames.size() + " classes: the model was trained for other data"
                    + " (choose the --dataset it was trained on, or another model)");
        }
    }

    /** The weights alone, by name, e.g. to start another implementation from them. */
    public static Map<String, Tensor> tensors(Path file) {
        return SafeTensors.read(file).tensors();
    }

    private static float parse(Map<String, String> meta, String key, float dflt) {
        String v = meta.get(key);
        if (v == null) return dflt;
        try {
            return Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw new WorkshopException("metadata " + key + " is not a number: '" + PathText.show(v) + "'");
        }
    }

    static String layersText(int[] sizes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(sizes[i]);
        }
        return sb.toString();
    }
}
