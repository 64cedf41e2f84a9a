package nnworkshop.compare;

import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Matrix;
import nnworkshop.util.ProcessMemory;
import nnworkshop.util.Stats;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import nnworkshop.WorkshopException;
import nnworkshop.data.DataStore;
import nnworkshop.data.Dataset;
import nnworkshop.data.DatasetKind;
import nnworkshop.data.Normalization;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Tensor;
import nnworkshop.torch.TorchModel;
import nnworkshop.torch.TorchRuntime;
import nnworkshop.train.ConsoleProgress;
import nnworkshop.scratch.Evaluator;
import nnworkshop.train.Experiment;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.TrainingRun;
import nnworkshop.util.Json;

/**
 * Trains one implementation and measures what it costs: the free-running half of Part 5.
 * <ol>
 *   <li>start-up: from the launch of its JVM (or, in-process, from the engine's start) until the
 *       engine has done its first matrix product;</li>
 *   <li>training as Parts 2 and 4 do it ({@link Impl#train}),
 *       with the time of each epoch's training steps alone (validation excluded) noted;</li>
 *   <li>inference on the test set at batch 1000 (all 10,000 images; one warm-up pass, then the
 *       median of {@value #INFER_PASSES} timed passes) and at batch 1 (the first
 *       {@value #B1_IMAGES} images; warm-up, then the median of {@value #B1_PASSES} passes);</li>
 *   <li>memory: the peak Java heap (sum of the heap pools' peaks since the JVM started) and the
 *       peak resident memory of the process (VmHWM in /proc/self/status), which includes libtorch's
 *       native memory.</li>
 * </ol>
 * Run in a child JVM ({@link #main}) these figures are the implementation's own: its process holds
 * only its engine, and libtorch gets its own thread count. In-process ({@link #measure}) the memory
 * figures are those of the shared process, and the start-up is the engine's alone.
 *
 * <p>Child protocol: {@code java … nnworkshop.compare.Worker JOB.json RESULT_DIR [LAUNCH_MILLIS]}
 * reads the {@link Job}, prints progress lines on standard error, writes {@code result.json} and
 * {@code model.safetensors} into RESULT_DIR, and exits 0; on a user error it prints one line
 * starting with {@value #ERROR_PREFIX} and exits 2.
 */
public final class Worker {
    /** Timed passes over the test set at batch 1000 (after one warm-up pass). */
    public static final int INFER_PASSES = 5;
    /** Test images classified one at a time for the batch-1 figure. */
    public static final int B1_IMAGES = 2000;
    /** Timed passes over them at batch 1 (after a warm-up). */
    public static final int B1_PASSES = 3;
    /** How a child's one-line error starts. */
    static final String ERROR_PREFIX = "compare worker: ";
    static final String RESULT_JSON = "result.json";
    static final String MODEL_FILE = "model.safetensors";

    private Worker() {}

    /** The two implementations. */

    /**
     * What to run: the data (loaded and split as {@link Experiment#prepare} does), the model, the
     * training configuration ({@code config.normalization()} is used as given) and the
     * implementation's thread count.
     *
     * @param dataDir the data cache folder (absolute)
     */
    public record Job(Impl impl, DatasetKind dataset, Path dataDir, int validation, int subset, boolean standardize,
                      ModelSpec spec, Init init, TrainConfig config, int threads) {

        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("impl", impl.id());
            o.addProperty("dataset", dataset.id());
            o.addProperty("data_dir", dataDir.toString());
            o.addProperty("validation", validation);
            o.addProperty("subset", subset);
            o.addProperty("standardize", standardize);
            o.add("layers", ints(spec.sizes()));
            o.addProperty("activation", spec.activation().id());
            o.addProperty("init", init.id());
            JsonObject c = config.toJson(threads);
            c.addProperty("eval_batch", config.evalBatch());
            o.add("config", c);
            return o;
        }

        static Job fromJson(JsonObject o) {
            JsonObject c = o.getAsJsonObject("config");
            TrainConfig config = TrainConfig.fromJson(c);
            JsonArray l = o.getAsJsonArray("layers");
            int[] sizes = new int[l.size()];
            for (int i = 0; i < sizes.length; i++) sizes[i] = l.get(i).getAsInt();
            return new Job(Impl.parse(o.get("impl").getAsString()), DatasetKind.parse(o.get("dataset").getAsString()),
                    Path.of(o.get("data_dir").getAsString()), o.get("validation").getAsInt(), o.get("subset").getAsInt(),
                    o.get("standardize").getAsBoolean(), new ModelSpec(sizes, Activation.parse(o.get("activation").getAsString())),
                    Init.parse(o.get("init").getAsString()), config, c.get("threads").getAsInt());
        }
    }

    /**
     * What one implementation did and cost.
     *
     * @param run                   the training run (history, test evaluation, weights)
     * @param trainSeconds          per epoch, the training steps alone (validation excluded)
     * @param trainSamplesPerS      training images per second: N / median of {@code trainSeconds} after the first epoch
     * @param inferImagesPerSB1000  test images classified per second in batches of 1000 (median pass)
     * @param inferImagesPerSB1     the same one image at a time
     * @param peakHeapMb            peak Java heap, MB (sum of the heap pools' peaks)
     * @param peakRssMb             peak resident memory of the process (VmHWM), MB; NaN off Linux
     * @param heapAfterGcMb         the heap in use after a full collection at the end: the live data
     *                              (data set, model, buffers), without the garbage the peak includes
     * @param startupSeconds        JVM launch (in-process: engine start) to the engine's first product
     * @param engineStartupSeconds  the engine's part of it
     * @param ownProcess            whether it ran in a JVM of its own
     * @param versions              "djl" and "pytorch" for torch, empty for scratch
     */
    public record Measured(TrainingRun run, double[] trainSeconds, double trainSamplesPerS, double inferImagesPerSB1000,
                           double inferImagesPerSB1, double peakHeapMb, double peakRssMb, double heapAfterGcMb, double startupSeconds,
                           double engineStartupSeconds, boolean ownProcess, Map<String, String> versions) {

        /** Median seconds per epoch after warm-up: epoch 1 excluded when there are two or more (validation included, as the run's epoch_seconds). */
        public double epochSecondsMedian() {
            return Stats.medianAfterFirst(run.history().epochSeconds());
        }

        /** libtorch's (or the kernels') thread count. */
        public int threads() {
            return run.threads();
        }
    }

    /** The median of {@code v} without its first value when there are two or more. */
        /**
     * Starts the engine of {@code impl} with {@code threads} threads and returns the seconds it took
     * (torch: libtorch's load and first tensor operation; scratch: the kernels' creation and a
     * first product, which loads the Vector API).
     */
    static double startEngine(Impl impl, int threads) {
        if (impl == Impl.TORCH) {
            if (!TorchRuntime.started()) TorchRuntime.start(threads);
            return TorchRuntime.startupSeconds();
        }
        long t0 = System.nanoTime();
        try (Backend backend = Backend.fastest(threads)) {
            Matrix a = new Matrix(64, 64).fill(1f), c = new Matrix(64, 64);
            backend.multiplyNT(a, a, null, c);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Trains and measures, in this process.
     *
     * @param startupSeconds the start-up to report (measured by the caller)
     * @param engineStartup  the engine's part of it
     * @param ownProcess     whether this process runs nothing else (a child JVM)
     * @param listener       training progress
     * @param log            phase messages
     */
    static Measured measure(Job job, double startupSeconds, double engineStartup, boolean ownProcess,
                            ProgressListener listener, Consumer<String> log) {
        job.impl().warmUp(job.dataset(), job.standardize()); // for scratch: not in torch's process, its memory is its own
        Experiment exp = Experiment.prepare(DataStore.open(job.dataDir(), log), job.dataset(), job.validation(), job.subset(),
                job.config().seed(), job.standardize(), log);
        EpochTimer timer = new EpochTimer(listener);
        TrainingRun run = job.impl().train(exp, job.spec(), job.init(), job.config(), job.threads(), timer);
        double[] trainSeconds = timer.seconds();
        double samplesPerS = exp.train().count() / Stats.medianAfterFirst(trainSeconds);

        log.accept("inference timing on the test set (batch 1000, then batch 1)");
        Dataset test = exp.test(), few = test.head(B1_IMAGES);
        Normalization norm = job.config().normalization();
        double b1000, b1;
        if (job.impl() == Impl.TORCH) {
            try (TorchModel m = TorchModel.of(job.spec(), run.weights(), norm)) {
                b1000 = imagesPerSecond(test.count(), INFER_PASSES, () -> m.predict(test, norm, 1000));
                m.predict(few.head(200), norm, 1);
                b1 = imagesPerSecond(few.count(), B1_PASSES, () -> m.predict(few, norm, 1));
            }
        } else {
            Sequential model = job.spec().build(job.init(), new java.util.SplittableRandom(0));
            model.loadStateDict(run.weights());
            try (Backend backend = Backend.fastest(job.threads())) {
                model.use(backend);
                Evaluator big = new Evaluator(model, norm, 1000), one = new Evaluator(model, norm, 1);
                b1000 = imagesPerSecond(test.count(), INFER_PASSES, () -> big.predict(test));
                one.predict(few.head(200));
                b1 = imagesPerSecond(few.count(), B1_PASSES, () -> one.predict(few));
            }
        }
        Map<String, String> versions = job.impl() == Impl.TORCH ? TorchRuntime.versions() : Map.of();
        double peakHeap = ProcessMemory.peakHeapMb(), peakRss = ProcessMemory.peakRssMb();
        System.gc(); // after the peaks are read: what is still alive
        double live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
        return new Measured(run, trainSeconds, samplesPerS, b1000, b1, peakHeap, peakRss, live, startupSeconds,
                engineStartup, ownProcess, versions);
    }

    /** Runs {@code pass} once to warm up, then {@code passes} times; images / median seconds. */
    private static double imagesPerSecond(int images, int passes, Runnable pass) {
        pass.run();
        double[] s = new double[passes];
        for (int i = 0; i < passes; i++) {
            long t0 = System.nanoTime();
            pass.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        return images / Stats.median(s);
    }

    /** Times each epoch's training steps (from the epoch's start to its last step: no validation), and passes everything on. */
    static final class EpochTimer implements ProgressListener {
        private final ProgressListener next;
        private final java.util.List<Double> seconds = new java.util.ArrayList<>();
        private long t0;

        EpochTimer(ProgressListener next) {
            this.next = next;
        }

        double[] seconds() {
            return seconds.stream().mapToDouble(Double::doubleValue).toArray();
        }

        @Override
        public void onStart(TrainConfig config, int trainCount, int stepsPerEpoch) {
            next.onStart(config, trainCount, stepsPerEpoch);
        }

        @Override
        public void onEpochStart(int epoch, int epochs, double learningRate) {
            next.onEpochStart(epoch, epochs, learningRate);
            t0 = System.nanoTime();
        }

        @Override
        public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
            if (step == stepsPerEpoch) seconds.add((System.nanoTime() - t0) / 1e9);
            next.onStep(epoch, step, stepsPerEpoch, loss);
        }

        @Override
        public void onEpochEnd(History.Epoch result, int epochs) {
            next.onEpochEnd(result, epochs);
        }

        @Override
        public void onEnd(History history) {
            next.onEnd(history);
        }
    }

    // ------------------------------------------------------------------------------ child process

    /** The measured figures (not the run itself) as JSON, under compare.json's names. */
    static JsonObject figuresJson(Measured m) {
        JsonObject o = new JsonObject();
        o.add("train_seconds", doubles(m.trainSeconds()));
        put(o, "train_samples_per_s", m.trainSamplesPerS());
        put(o, "infer_images_per_s_b1000", m.inferImagesPerSB1000());
        put(o, "infer_images_per_s_b1", m.inferImagesPerSB1());
        put(o, "peak_heap_mb", m.peakHeapMb());
        put(o, "peak_rss_mb", m.peakRssMb());
        put(o, "heap_after_gc_mb", m.heapAfterGcMb());
        put(o, "startup_seconds", m.startupSeconds());
        put(o, "engine_startup_seconds", m.engineStartupSeconds());
        o.addProperty("own_process", m.ownProcess());
        JsonObject v = new JsonObject();
        m.versions().forEach(v::addProperty);
        o.add("versions", v);
        return o;
    }

    /** Writes {@code result.json} (the run's JSON, its test predictions and the figures) and the model into {@code dir}. */
    static void writeResult(Measured m, Path dir) {
        TrainingRun run = m.run();
        ModelFile.save(dir.resolve(MODEL_FILE), run.spec(), run.weights(), run.config().normalization(), Map.of());
        JsonObject o = run.toJson();
        o.add("test_predictions", ints(run.testPredictions()));
        o.add("measured", figuresJson(m));
        Json.write(dir.resolve(RESULT_JSON), o);
    }

    /**
     * Reads what a child wrote back into a {@link Measured}: the run (its history rebuilt step by
     * step — step losses are float32 in both, so they are exact), the weights, the figures.
     *
     * @param trainCount training images (for the steps per epoch)
     */
    static Measured readResult(Job job, Path dir, int trainCount) {
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(dir.resolve(RESULT_JSON), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new WorkshopException("the " + job.impl().id() + " worker's result cannot be read (" + e.getMessage() + ")", e);
        }
        TrainConfig config = job.config();
        History h = new History(config, (trainCount + config.batch() - 1) / config.batch());
        for (JsonElement e : o.getAsJsonArray("step_loss")) h.addStep(e.getAsFloat());
        double[] tl = nums(o, "train_loss"), ta = nums(o, "train_accuracy"), vl = nums(o, "val_loss"),
                va = nums(o, "val_accuracy"), lr = nums(o, "learning_rate"), es = nums(o, "epoch_seconds");
        for (int i = 0; i < tl.length; i++) h.addEpoch(new History.Epoch(i + 1, tl[i], ta[i], vl[i], va[i], lr[i], es[i]));
        JsonArray cmRows = o.getAsJsonArray("confusion_matrix");
        int[][] cm = new int[cmRows.size()][];
        for (int i = 0; i < cm.length; i++) cm[i] = intArray(cmRows.get(i).getAsJsonArray());
        Map<String, Tensor> weights = new LinkedHashMap<>(ModelFile.tensors(dir.resolve(MODEL_FILE)));
        TrainingRun run = new TrainingRun(o.get("impl").getAsString(), o.get("kernel").getAsString(), job.threads(),
                o.get("dataset").getAsString(), job.spec(), config, h, o.get("test_loss").getAsDouble(),
                o.get("test_accuracy").getAsDouble(), cm, intArray(o.getAsJsonArray("test_predictions")), weights);
        JsonObject m = o.getAsJsonObject("measured");
        Map<String, String> versions = new LinkedHashMap<>();
        m.getAsJsonObject("versions").entrySet().forEach(e -> versions.put(e.getKey(), e.getValue().getAsString()));
        return new Measured(run, nums(m, "train_seconds"), num(m, "train_samples_per_s"), num(m, "infer_images_per_s_b1000"),
                num(m, "infer_images_per_s_b1"), num(m, "peak_heap_mb"), num(m, "peak_rss_mb"), num(m, "heap_after_gc_mb"),
                num(m, "startup_seconds"),
                num(m, "engine_startup_seconds"), m.get("own_process").getAsBoolean(), versions);
    }

    /**
     * The child JVM's entry point: {@code JOB.json RESULT_DIR [LAUNCH_MILLIS]} (LAUNCH_MILLIS: the
     * parent's wall clock just before it launched this JVM; without it the JVM's own start time is used).
     */
    public static void main(String[] args) {
        // the engine first: start-up is measured up to here, before anything else is loaded
        long launched = args.length > 2 ? Long.parseLong(args[2]) : ManagementFactory.getRuntimeMXBean().getStartTime();
        nnworkshop.util.Console.useUtf8WhereNeeded();
        PrintWriter err = nnworkshop.util.Console.err();
        try {
            if (args.length < 2) throw new WorkshopException("usage: Worker JOB.json RESULT_DIR [LAUNCH_MILLIS]");
            Job job = Job.fromJson(JsonParser.parseString(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8))
                    .getAsJsonObject());
            double engine = startEngine(job.impl(), job.threads());
            double startup = (System.currentTimeMillis() - launched) / 1000.0;
            Measured m = measure(job, startup, engine, true, new ConsoleProgress(err, false), err::println);
            writeResult(m, Path.of(args[1]));
            err.flush();
            System.exit(0);
        } catch (WorkshopException e) {
            err.println(ERROR_PREFIX + e.getMessage());
            err.flush();
            System.exit(2);
        } catch (Throwable e) {
            e.printStackTrace(err);
            err.println(ERROR_PREFIX + "internal error: " + e);
            err.flush();
            System.exit(1);
        }
    }

    private static double num(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    private static double[] nums(JsonObject o, String key) {
        JsonArray a = o.getAsJsonArray(key);
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).isJsonNull() ? Double.NaN : a.get(i).getAsDouble();
        return v;
    }

    private static int[] intArray(JsonArray a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsInt();
        return v;
    }

    static JsonArray ints(int[] v) {
        JsonArray a = new JsonArray();
        for (int x : v) a.add(x);
        return a;
    }

    /** {@code o[key] = v}, or null when v is NaN or infinite (JSON has no such numbers). */
    static void put(JsonObject o, String key, double v) {
        if (Double.isFinite(v)) o.addProperty(key, v);
        else o.add(key, com.google.gson.JsonNull.INSTANCE);
    }

    static JsonArray doubles(double[] v) {
        JsonArray a = new JsonArray();
        for (double x : v) {
            if (Double.isFinite(x)) a.add(x);
            else a.add((String) null);
        }
        return a;
    }
}
