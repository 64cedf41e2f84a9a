package nnworkshop.torch;

import nnworkshop.WorkshopException;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import nnworkshop.data.DataStore;
import nnworkshop.data.Dataset;
import nnworkshop.data.DatasetKind;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.train.BenchmarkResult;
import nnworkshop.train.Experiment;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.util.ProcessMemory;
import nnworkshop.util.Seeds;
import nnworkshop.train.TrainConfig;
import nnworkshop.util.Stats;

/**
 * Speed of the torch engine on the workshop's MLP, with the field names of the from-scratch bench:
 * seconds per training epoch at batch 64 and 256 (median of the timed epochs, after one warm-up
 * epoch each; no validation), inference images per second at batch 1000 and batch 1, the engine's
 * start-up time (to the first tensor operation) and the process's peak resident memory.
 *
 * <p>libtorch's thread count is fixed per process (see {@link TorchRuntime}), so 1 and 2 threads
 * are compared by running {@link #main} twice: {@code java -cp … nnworkshop.torch.TorchBenchmark
 * --threads 2 [--epochs 3]} prints the figures as JSON on standard output.
 */
public final class TorchBenchmark {

    /**
     * What one run measured.
     *
     * @param threads                 libtorch intra-op threads
     * @param engineStartupSeconds    engine start to the end of the first tensor operation
     * @param epochSecondsB64         median seconds per training epoch, batch 64
     * @param epochSecondsB256        the same at batch 256
     * @param inferImagesPerSB1000    test images classified per second in batches of 1000 (median)
     * @param inferImagesPerSB1       the same one image at a time
     * @param peakRssMb               the process's peak resident memory (VmHWM), MB; NaN off Linux
     * @param kernel                  e.g. "libtorch 2.7.1, 1 thread"
     * @param versions                DJL and PyTorch versions
     */
    public record Result(int threads, double engineStartupSeconds, double epochSecondsB64, double epochSecondsB256,
                         double inferImagesPerSB1000, double inferImagesPerSB1, double peakRssMb, String kernel,
                         Map<String, String> versions) {

        /** The figures under the bench's field names ({@code epoch_seconds_b64}, …). */
        public JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("impl", "torch");
            o.addProperty("kernel", kernel);
            versions.forEach((k, v) -> o.addProperty(k + "_version", v));
            o.addProperty("threads", threads);
            o.addProperty("epoch_seconds_b64", epochSecondsB64);
            o.addProperty("epoch_seconds_b256", epochSecondsB256);
            o.addProperty("infer_images_per_s_b1000", inferImagesPerSB1000);
            o.addProperty("infer_images_per_s_b1", inferImagesPerSB1);
            o.addProperty("engine_startup_seconds", engineStartupSeconds);
            o.addProperty("peak_rss_mb", peakRssMb);
            return o;
        }
    }

    private TorchBenchmark() {}

    /**
     * Times training and inference of {@code spec} (SGD, lr 0.1) on {@code train} and {@code test}.
     *
     * @param threads libtorch threads (starts the engine; must match if it already runs)
     * @param epochs  timed epochs per batch size, after one warm-up epoch (at least 1)
     * @param log     told what is being measured (e.g. {@code System.err::println})
     */
    public static Result run(Dataset train, Dataset test, ModelSpec spec, int threads, int epochs, Consumer<String> log) {
        return run(train, null, test, spec, threads, epochs, log);
    }

    /**
     * As {@link #run(Dataset, Dataset, ModelSpec, int, int, Consumer)}, with a validation pass over
     * {@code validation} (may be null) in every epoch, as the from-scratch benchmark does.
     */
    public static Result run(Dataset train, Dataset validation, Dataset test, ModelSpec spec, int threads, int epochs,
                             Consumer<String> log) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        TorchRuntime.start(threads);
        double startup = TorchRuntime.startupSeconds();
        double b64 = epochSeconds(train, validation, spec, 64, threads, epochs, log);
        double b256 = epochSeconds(train, validation, spec, 256, threads, epochs, log);
        double i1000, i1;
        try (TorchModel model = TorchModel.of(spec, spec.build(Init.HE, Seeds.init(Seeds.DEFAULT)).stateDict(),
                Normalization.UNIT)) {
            log.accept("inference, batch 1000");
            // timed as the from-scratch engine's: a median of passes after warm-up passes
            i1000 = test.count() / BenchmarkResult.inferenceSeconds(() -> model.logits(test, Normalization.UNIT, 1000));
            log.accept("inference, batch 1");
            Dataset few = test.head(Math.min(2000, test.count()));
            i1 = few.count() / BenchmarkResult.inferenceSeconds(() -> model.logits(few, Normalization.UNIT, 1));
        }
        return new Result(threads, startup, b64, b256, i1000, i1, ProcessMemory.peakRssMb(), TorchRuntime.describe(),
                TorchRuntime.versions());
    }

    private static double epochSeconds(Dataset train, Dataset validation, ModelSpec spec, int batch, int threads,
                                       int epochs, Consumer<String> log) {
        log.accept(String.format(Locale.ROOT, "training, batch %d: 1 warm-up + %d timed epochs", batch, epochs));
        TrainConfig config = TrainConfig.builder().batch(batch).epochs(epochs + 1).build();
        try (TorchMlp mlp = TorchMlp.initialized(spec, Init.HE, Seeds.init(config.seed()))) {
            History h = TorchTraining.fit(mlp, train, validation, config, ProgressListener.SILENT);
            double[] s = h.epochSeconds();
            return Stats.medianAfterFirst(s);
        }
    }

    /**
     * {@code [--threads N] [--epochs E] [--subset M]}: measures on MNIST (fetched on first use; the
     * 784-128-10 ReLU network) and prints the JSON figures; progress goes to standard error.
     */
    public static void main(String[] args) {
        int threads = TorchRuntime.TRAIN_THREADS, epochs = 3, subset = 0, validation = 0;
        Path dataDir = null;
        DatasetKind kind = DatasetKind.MNIST;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--subset" -> subset = Integer.parseInt(args[++i]);
                case "--validation" -> validation = Integer.parseInt(args[++i]);
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--dataset" -> kind = DatasetKind.parse(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --threads N, --epochs E, --subset M, --validation V, --data-dir DIR, --dataset NAME)");
            }
        }
        try {
            TorchRuntime.start(threads);
            Experiment exp = Experiment.prepare(DataStore.open(dataDir, System.err::println), kind, validation, subset,
                    Seeds.DEFAULT, false, s -> { });
            ModelSpec spec = ModelSpec.withHidden(784, 10, Activation.RELU, ModelSpec.DEFAULT_HIDDEN);
            Result r = run(exp.train(), validation > 0 ? exp.validation() : null, exp.test(), spec, threads, epochs,
                    s -> System.err.println("torch: " + s));
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(r.toJson()));
        } catch (WorkshopException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
