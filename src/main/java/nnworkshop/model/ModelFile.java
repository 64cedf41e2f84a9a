package nnworkshop.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import nnworkshop.WorkshopException;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Tensor;

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
     * Reads a model file, checking that its tensors fit the architecture its metadata names.
     * A file written elsewhere without our metadata is accepted if its tensors form an MLP
     * ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}, …); it is then taken to use ReLU and
     * inputs scaled to [0, 1].
     *
     * @throws WorkshopException naming the file if it is missing, malformed, or not such a model
     */
    public static Loaded load(Path file) {
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, String> meta = f.metadata();
        try {
            Activation activation = Activation.parse(meta.getOrDefault(ACTIVATION, "relu"));
            ModelSpec spec = ModelSpec.fromStateDict(f.tensors(), activation);
            String layers = meta.get(LAYERS);
            if (layers != null && !layers.equals(layersText(spec.sizes()))) {
                throw new WorkshopException("its metadata says layers " + layers + " but its tensors form "
                        + layersText(spec.sizes()));
            }
            Normalization norm = new Normalization(parse(meta, NORM_MEAN, 0f), parse(meta, NORM_STD, 1f));
            Sequential model = spec.build(Init.PYTORCH, new java.util.SplittableRandom(0));
            model.loadStateDict(f.tensors());
            return new Loaded(spec, norm, model, meta);
        } catch (WorkshopException | IllegalArgumentException e) {
            throw new WorkshopException(file + ": not a model this workshop can use: " + e.getMessage(), e);
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
            throw new WorkshopException("metadata " + key + " is not a number: '" + v + "'");
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
