package nnworkshop.train;

import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import nnworkshop.data.Dataset;
import nnworkshop.nn.ModelSpec;
import nnworkshop.tensor.Tensor;

/**
 * The outcome of one training run, with its provenance: which implementation, which model, which
 * hyper-parameters, which data; the history; and the final evaluation on the test set.
 *
 * @param impl          "scratch" (later also "torch")
 * @param kernel        the matrix kernels used, e.g. "vector-512, 2 threads"
 * @param threads       the engine's threads (kernel threads, or libtorch's intra-op threads)
 * @param dataset       e.g. "mnist"
 * @param spec          the architecture
 * @param config        every hyper-parameter
 * @param history       per-step and per-epoch figures
 * @param testLoss      mean loss over the whole test set
 * @param testAccuracy  accuracy over the whole test set
 * @param confusion     (K, K) confusion matrix on the test set, rows = true class
 * @param testPredictions predicted class of every test image
 * @param weights       the trained parameters under PyTorch's state-dict names
 */
public record TrainingRun(String impl, String kernel, int threads, String dataset, ModelSpec spec, TrainConfig config,
                          History history, double testLoss, double testAccuracy, int[][] confusion,
                          int[] testPredictions, Map<String, Tensor> weights) {

    /** Evaluates {@code engine}'s trained model on the test set and packs everything into a run. */
    public static TrainingRun evaluate(Engine engine, String dataset, History history, Dataset test) {
        TrainConfig c = history.config();
        Evaluation e = engine.evaluate(test, c.normalization(), c.evalBatch(), c.loss());
        ModelSpec spec = engine.spec();
        int[][] cm = Metrics.confusionMatrix(e.predictions(), Metrics.labels(test), spec.classes());
        return new TrainingRun(engine.id(), engine.describe(), engine.threads(), dataset, spec, c, history, e.loss(), e.accuracy(), cm,
                e.predictions(), engine.stateDict());
    }

    public double[] precision() { return Metrics.precision(confusion); }

    public double[] recall() { return Metrics.recall(confusion); }

    /**
     * The run as JSON: provenance, then {@code epoch_seconds}, {@code train_loss},
     * {@code train_accuracy}, {@code val_loss}, {@code val_accuracy}, {@code learning_rate} (one value
     * per epoch), {@code step_loss} (one per step), {@code test_loss}, {@code test_accuracy},
     * {@code confusion_matrix}, {@code precision}, {@code recall}.
     */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("impl", impl);
        o.addProperty("kernel", kernel);
        o.addProperty("dataset", dataset);
        JsonObject model = new JsonObject();
        model.add("layers", ints(spec.sizes()));
        model.addProperty("activation", spec.activation().id());
        model.addProperty("parameters", spec.parameterCount());
        o.add("model", model);
        o.add("config", configJson());
        o.add("epoch_seconds", doubles(history.epochSeconds()));
        o.add("train_loss", doubles(history.trainLoss()));
        o.add("train_accuracy", doubles(history.trainAccuracy()));
        o.add("val_loss", doubles(history.valLoss()));
        o.add("val_accuracy", doubles(history.valAccuracy()));
        o.add("learning_rate", doubles(history.learningRates()));
        JsonArray steps = new JsonArray();
        for (float l : history.stepLosses()) steps.add(l);
        o.add("step_loss", steps);
        o.addProperty("test_loss", testLoss);
        o.addProperty("test_accuracy", testAccuracy);
        JsonArray cm = new JsonArray();
        for (int[] row : confusion) cm.add(ints(row));
        o.add("confusion_matrix", cm);
        o.add("precision", doubles(precision()));
        o.add("recall", doubles(recall()));
        return o;
    }

    /** Every hyper-parameter, for the run manifest, with the threads of the engine that ran it. */
    public JsonObject configJson() {
        return config.toJson(threads);
    }

    /**
     * Median seconds per epoch after the first (which includes the JIT's warm-up); the first
     * epoch's time if there is only one.
     */
    public double epochSecondsMedian() {
        return nnworkshop.util.Stats.medianAfterFirst(history.epochSeconds());
    }

    /** A short human summary, e.g. "test accuracy 97.62% (loss 0.0791) after 10 epochs, 0.21 s/epoch (median after the first)". */
    public String summary() {
        return String.format(Locale.ROOT,
                "%s %s: test accuracy %.2f%% (loss %.4f) after %d epochs, %.3f s/epoch (median after the first)",
                impl, spec.describe(), 100 * testAccuracy, testLoss, history.epochs().size(), epochSecondsMedian());
    }

    private static JsonArray doubles(double[] v) {
        JsonArray a = new JsonArray();
        for (double x : v) {
            if (Double.isFinite(x)) a.add(x);
            else a.add((String) null);
        }
        return a;
    }

    private static JsonArray ints(int[] v) {
        JsonArray a = new JsonArray();
        for (int x : v) a.add(x);
        return a;
    }
}
