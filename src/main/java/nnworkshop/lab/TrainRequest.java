package nnworkshop.lab;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import nnworkshop.WorkshopException;
import nnworkshop.compare.Impl;
import nnworkshop.nn.ModelSpec;
import nnworkshop.optim.OptimizerKind;
import nnworkshop.train.TrainConfig;

/**
 * The "Train live" form, as {@code POST /api/train} takes it; every field optional:
 * {@code {"engine": "scratch"|"torch", "hidden": "128" (or "256,128"), "activation": "relu",
 * "optimizer": "sgd"|"adam", "lr": 0.1, "momentum": 0, "batch": 64, "epochs": 1, "subset": 0 (all),
 * "augmentation": false, "seed": 42}}. Checked as the command line checks {@code train}'s options,
 * plus limits that keep one request from taking the machine (widths, epochs, batch).
 */
record TrainRequest(Impl impl, ModelSpec spec, TrainConfig config, int subset, boolean augmentation) {
    static final int MAX_WIDTH = 2048, MAX_EPOCHS = 50, MAX_BATCH = 4096, MAX_LAYERS = 4;

    static TrainRequest parse(JsonObject o, int trainImages) {
        try {
            Impl impl = Impl.parse(string(o, "engine", "scratch"));
            String hidden = string(o, "hidden", "128");
            ModelSpec spec = ModelSpec.parse(hidden, null, string(o, "activation", "relu"), 784, 10);
            int[] sizes = spec.sizes();
            if (sizes.length - 2 > MAX_LAYERS) throw new ApiError(400, "at most " + MAX_LAYERS + " hidden layers here");
            for (int i = 1; i < sizes.length - 1; i++) {
                if (sizes[i] > MAX_WIDTH) throw new ApiError(400, "hidden widths up to " + MAX_WIDTH + " here, got " + sizes[i]);
            }
            OptimizerKind opt = OptimizerKind.parse(string(o, "optimizer", "sgd"));
            int epochs = integer(o, "epochs", 1);
            if (epochs > MAX_EPOCHS) throw new ApiError(400, "epochs up to " + MAX_EPOCHS + " here, got " + epochs);
            int batch = integer(o, "batch", 64);
            if (batch > MAX_BATCH) throw new ApiError(400, "batch up to " + MAX_BATCH + " here, got " + batch);
            int subset = integer(o, "subset", 0);
            if (subset < 0) throw new ApiError(400, "subset must be 0 (all) or a number of images, got " + subset);
            TrainConfig config = TrainConfig.builder().optimizer(opt).epochs(epochs).batch(batch)
                    .lr(number(o, "lr", opt == OptimizerKind.ADAM ? 0.001 : 0.1)).momentum(number(o, "momentum", 0))
                    .seed(integer(o, "seed", 42)).build();
            boolean aug = o.has("augmentation") && !o.get("augmentation").isJsonNull() && bool(o, "augmentation");
            return new TrainRequest(impl, spec, config, subset >= trainImages ? 0 : subset, aug);
        } catch (WorkshopException | IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
    }

    private static JsonPrimitive primitive(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return null;
        if (!(e instanceof JsonPrimitive p)) throw new ApiError(400, "\"" + key + "\" must be a number or a string, got " + e);
        return p;
    }

    private static String string(JsonObject o, String key, String dflt) {
        JsonPrimitive p = primitive(o, key);
        return p == null ? dflt : p.getAsString().trim();
    }

    private static double number(JsonObject o, String key, double dflt) {
        JsonPrimitive p = primitive(o, key);
        if (p == null || (p.isString() && p.getAsString().isBlank())) return dflt;
        try {
            double v = p.isNumber() ? p.getAsDouble() : Double.parseDouble(p.getAsString().trim());
            if (!Double.isFinite(v)) throw new ApiError(400, "\"" + key + "\" must be a finite number, got " + p);
            return v;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "\"" + key + "\" must be a number, got " + p);
        }
    }

    private static int integer(JsonObject o, String key, int dflt) {
        double v = number(o, key, dflt);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw new ApiError(400, "\"" + key + "\" must be a whole number, got " + v);
        return (int) v;
    }

    private static boolean bool(JsonObject o, String key) {
        JsonPrimitive p = primitive(o, key);
        if (p.isBoolean()) return p.getAsBoolean();
        String s = p.getAsString().trim();
        if (s.equals("true") || s.equals("on") || s.equals("1")) return true;
        if (s.equals("false") || s.equals("off") || s.equals("0") || s.isEmpty()) return false;
        throw new ApiError(400, "\"" + key + "\" must be true or false, got " + p);
    }
}
