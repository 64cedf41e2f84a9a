package nnworkshop.model;

import nnworkshop.tensor.Tensor;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import nnworkshop.WorkshopException;

/**
 * The content of a safetensors file.
 *
 * @param source   where it was read from, used in error messages (e.g. {@code model.safetensors})
 * @param tensors  the tensors by name, in the order of the file's header (unmodifiable)
 * @param metadata the {@code __metadata__} strings, empty if the file had none (unmodifiable)
 */
public record SafeTensorsFile(String source, Map<String, Tensor> tensors, Map<String, String> metadata) {

    public SafeTensorsFile {
        Objects.requireNonNull(source, "source");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * The tensor called {@code name}, checked to have {@code expectedShape} (if one is given).
     *
     * @throws WorkshopException naming the file if the tensor is missing or has another shape
     */
    public Tensor require(String name, int... expectedShape) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new WorkshopException(source + ": no tensor '" + name + "' (the file has "
                    + (tensors.isEmpty() ? "no tensors" : String.join(", ", tensors.keySet())) + ")");
        }
        if (expectedShape.length > 0 && !t.hasShape(expectedShape)) {
            throw new WorkshopException(source + ": tensor '" + name + "' has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(expectedShape));
        }
        return t;
    }

    /** The metadata value for {@code key}, or {@code null}. */
    public String meta(String key) {
        return metadata.get(key);
    }
}
