package nnworkshop.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import nnworkshop.WorkshopException;
import nnworkshop.compare.Impl;
import nnworkshop.data.Augmentation;
import nnworkshop.data.Dataset;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.train.Engine;
import nnworkshop.train.Evaluation;
import nnworkshop.train.Experiment;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.Training;
import nnworkshop.util.Seeds;

/**
 * The Lab's default drawing models: 784-128-10 ReLU, He init, SGD lr 0.1, batch 64, {@value #EPOCHS}
 * epochs over the training split plus one augmented copy of it ({@link Augmentation#DEFAULT}),
 * seed 42 — one trained by each engine, on the same augmented batches. Trained at the Lab's first
 * start (about 10-20 s on 2 cores), then kept in the cache folder, so later starts load them.
 */
final class DefaultModels {
    static final int EPOCHS = 4;
    static final int COPIES = 1;
    /** Bumped when the recipe changes, so an old cached model is not taken for a new one. */
    static final String RECIPE = "784-128-10-relu-sgd0.1-b64-e" + EPOCHS + "-aug" + COPIES + "-s42-v1";

    private DefaultModels() {}

    static ModelSpec spec() {
        return ModelSpec.withHidden(784, 10, Activation.RELU, 128);
    }

    static TrainConfig config() {
        return TrainConfig.builder().epochs(EPOCHS).seed(Seeds.DEFAULT).build();
    }

    /** Where the default model of {@code impl} is kept under {@code cacheDir}. */
    static Path file(Path cacheDir, Impl impl) {
        return cacheDir.resolve(impl.id() + "-" + RECIPE + ".safetensors");
    }

    /**
     * The default model of {@code impl}: read from {@code cacheDir}, or trained on {@code exp} (one
     * progress line per epoch to {@code log}) and saved there first.
     *
     * @param augmented the augmented training set, made on first need and shared by both engines
     */
    static Path ensure(Impl impl, Path cacheDir, Experiment exp, int threads, Dataset[] augmented, Consumer<String> log) {
        Path f = file(cacheDir, impl);
        if (Files.isRegularFile(f)) {
            try {
                ModelFile.Loaded m = ModelFile.load(f);
                if (m.spec().equals(spec())) return f;
            } catch (WorkshopException e) {
                log.accept("lab: the cached " + impl + " model " + f + " is unreadable (" + e.getMessage() + "); training it again");
            }
        }
        if (augmented[0] == null) {
            long t0 = System.nanoTime();
            augmented[0] = Augmentation.DEFAULT.expand(exp.train(), COPIES, Seeds.DEFAULT);
            log.accept(String.format(Locale.ROOT, "lab: augmented the training set to %,d images in %.1f s",
                    augmented[0].count(), (System.nanoTime() - t0) / 1e9));
        }
        TrainConfig config = config();
        try (Engine engine = impl.create(spec(), Init.HE, config.seed(), threads)) {
            History h = Training.fit(engine, augmented[0], exp.validation(), config, new ProgressListener() {
                @Override
                public void onEpochEnd(History.Epoch e, int epochs) {
                    log.accept(String.format(Locale.ROOT, "lab: training the default %s model (first start only): epoch %d/%d, "
                            + "validation accuracy %.2f%% (%.1f s)", impl, e.epoch(), epochs, 100 * e.valAccuracy(), e.seconds()));
                }
            });
            Evaluation test = engine.evaluate(exp.test(), config.normalization(), config.evalBatch(), config.loss());
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("dataset", "mnist");
            meta.put("impl", impl.id());
            meta.put("recipe", RECIPE);
            meta.put("test_accuracy", String.format(Locale.ROOT, "%.4f", test.accuracy()));
            meta.put("epochs", String.valueOf(h.epochs().size()));
            ModelFile.save(f, engine.spec(), engine.stateDict(), config.normalization(), meta);
            log.accept(String.format(Locale.ROOT, "lab: default %s model: test accuracy %.2f%%, saved to %s",
                    impl, 100 * test.accuracy(), f));
        }
        return f;
    }
}
