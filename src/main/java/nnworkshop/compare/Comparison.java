package nnworkshop.compare;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.google.gson.JsonObject;

import nnworkshop.WorkshopException;
import nnworkshop.data.DataStore;
import nnworkshop.data.DatasetKind;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.report.ComparisonFigures;
import nnworkshop.report.TrainingFigures;
import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Tensor;
import nnworkshop.torch.TorchRuntime;
import nnworkshop.train.ConsoleProgress;
import nnworkshop.scratch.Evaluator;
import nnworkshop.train.Experiment;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.TrainingRun;
import nnworkshop.util.FileTrees;
import nnworkshop.util.Json;

/**
 * Part 5: the from-scratch engine and PyTorch side by side, in one run.
 * <pre>{@code
 * Comparison.Result r = Comparison.run(Comparison.Options.defaults(), Path.of("out"), System.err::println);
 * System.out.println(r.summary());
 * }</pre>
 * <ol>
 *   <li><b>Lock-step parity</b> ({@link LockStep}): from identical initial weights, on identical
 *       mini-batches, every {@code lockstepEvery} steps both get the from-scratch model's current
 *       weights and the same batch; losses and every gradient are compared.</li>
 *   <li><b>Free-running</b> ({@link Worker}): each implementation trains on its own, from the same
 *       start on the same batches, one after the other, each in a child JVM of its own by default —
 *       so the start-up, heap and resident memory figures are each one's own and libtorch gets its
 *       own thread count. Seconds per epoch, training samples/s, inference images/s at batch 1 and
 *       1000, peak heap, peak RSS and start-up are measured there.</li>
 *   <li><b>Parity of the runs</b> ({@link Parity#freeRunning}): relative Δloss of every step (max,
 *       median, first epoch), difference of test accuracy.</li>
 *   <li><b>Files</b>: {@code part5/compare.json} and its seven figures; and, as {@code run} writes
 *       them, {@code part2/} (train.json, learning_curves.png, step_loss.png, model.safetensors of
 *       the from-scratch run) and {@code part4/} (torch.json, learning_curves.png, model.safetensors
 *       of the PyTorch run). Every file is written atomically; compare.json last.</li>
 * </ol>
 */
public final class Comparison {
    /** Relative Δloss expected at most through the first free-running epoch. */
    public static final double FIRST_EPOCH_BOUND = 1e-4;
    /** Test accuracies expected to agree within this many percentage points. */
    public static final double ACCURACY_BOUND_PP = 0.5;
    /** First-layer units drawn per model. */
    public static final int WEIGHT_UNITS = 32;
    /** Mistakes shown in the gallery. */
    public static final int MISTAKES_SHOWN = 24;

    /** The figure files of part5/, by compare.json's {@code figures} key. */
    public static final Map<String, String> FIGURES;

    static {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("learning_curves", TrainingFigures.LEARNING_CURVES);
        f.put("parity", "parity.png");
        f.put("confusion_scratch", "confusion_scratch.png");
        f.put("confusion_torch", "confusion_torch.png");
        f.put("misclassified", "misclassified.png");
        f.put("weights_scratch", "weights_scratch.png");
        f.put("weights_torch", "weights_torch.png");
        FIGURES = java.util.Collections.unmodifiableMap(f);
    }

    private Comparison() {}

    /** Where each implementation runs. */
    public enum Isolation {
        /** Each in a child JVM of its own (the default): honest memory and start-up, own thread counts. */
        CHILD_JVMS,
        /**
         * Both in this JVM (for a notebook, whose class path a child cannot see): memory figures are
         * the shared process's, start-up is the engine's alone, and libtorch keeps the thread count
         * it already runs with.
         */
        IN_PROCESS
    }

    /**
     * What to compare.
     *
     * @param dataset       which data set
     * @param dataDir       its cache folder, or null for the default
     * @param validation    training images held out for validation
     * @param subset        if &gt; 0, train on the first {@code subset} images of the training split
     * @param standardize   standardise pixels with the training split's statistics (else scale to [0, 1])
     * @param spec          the architecture
     * @param init          the initialisation (both start from the from-scratch engine's draw)
     * @param config        training; the normalisation is set from the data
     * @param threads       the from-scratch engine's kernel threads
     * @param torchThreads  libtorch's intra-op threads
     * @param lockstepEvery steps between lock-step checkpoints
     * @param isolation     child JVMs or this process
     */
    public record Options(DatasetKind dataset, Path dataDir, int validation, int subset, boolean standardize,
                          ModelSpec spec, Init init, TrainConfig config, int threads, int torchThreads,
                          int lockstepEvery, Isolation isolation) {
        public Options {
            if (validation < 0) throw new WorkshopException("--validation must be zero or more, got " + validation);
            if (subset < 0) throw new WorkshopException("--subset must be zero or more, got " + subset);
            if (threads < 1) throw new WorkshopException("--threads must be at least 1, got " + threads);
            if (torchThreads < 1) throw new WorkshopException("--torch-threads must be at least 1, got " + torchThreads);
            if (lockstepEvery < 1) throw new WorkshopException("--lockstep-every must be at least 1, got " + lockstepEvery);
            if (spec.inputs() != 28 * 28) throw new WorkshopException("the comparison needs 784 inputs (28x28 images), got " + spec.inputs());
        }

        /**
         * MNIST (default cache), 5,000 validation images, 784-128-10 ReLU, He init, 10 epochs of SGD
         * lr 0.1 at batch 64, seed 42; the from-scratch kernels on one thread per core (up to 4),
         * libtorch on {@link TorchRuntime#TRAIN_THREADS}; lock-step every 50 steps; child JVMs.
         */
        public static Options defaults() {
            return new Options(DatasetKind.MNIST, null, 5000, 0, false,
                    ModelSpec.withHidden(28 * 28, 10, Activation.RELU, ModelSpec.DEFAULT_HIDDEN), Init.HE,
                    TrainConfig.defaults(), Impl.SCRATCH.defaultThreads(), TorchRuntime.TRAIN_THREADS,
                    LockStep.DEFAULT_EVERY, Isolation.CHILD_JVMS);
        }

        public Options withData(DatasetKind kind, Path dir) {
            return new Options(kind, dir, validation, subset, standardize, spec, init, config, threads, torchThreads, lockstepEvery, isolation);
        }

        public Options withSplit(int validationImages, int subsetImages) {
            return new Options(dataset, dataDir, validationImages, subsetImages, standardize, spec, init, config, threads, torchThreads,
                    lockstepEvery, isolation);
        }

        public Options withConfig(TrainConfig c) {
            return new Options(dataset, dataDir, validation, subset, standardize, spec, init, c, threads, torchThreads, lockstepEvery, isolation);
        }

        public Options withModel(ModelSpec s, Init i) {
            return new Options(dataset, dataDir, validation, subset, standardize, s, i, config, threads, torchThreads, lockstepEvery, isolation);
        }

        public Options withThreads(int t) {
            return new Options(dataset, dataDir, validation, subset, standardize, spec, init, config, t, torchThreads, lockstepEvery,
                    isolation);
        }

        public Options withTorchThreads(int t) {
            return new Options(dataset, dataDir, validation, subset, standardize, spec, init, config, threads, t, lockstepEvery, isolation);
        }

        public Options withLockstepEvery(int every) {
            return new Options(dataset, dataDir, validation, subset, standardize, spec, init, config, threads, torchThreads, every, isolation);
        }

        public Options withIsolation(Isolation i) {
            return new Options(dataset, dataDir, validation, subset, standardize, spec, init, config, threads, torchThreads, lockstepEvery, i);
        }

        public Options withStandardize(boolean s) {
            return new Options(dataset, dataDir, validation, subset, s, spec, init, config, threads, torchThreads, lockstepEvery, isolation);
        }
    }

    /**
     * What the comparison found.
     *
     * @param outDir        the output folder (part2/, part4/, part5/ inside)
     * @param scratch       the from-scratch run and its costs
     * @param torch         the PyTorch run and its costs
     * @param lockStep      the lock-step checkpoints
     * @param freeRunning   the step-by-step comparison of the two runs
     * @param lockStepReplaysScratchRun whether the lock-step's from-scratch losses are bit-identical
     *                      to the free-running from-scratch run's (they should: same weights,
     *                      batches and kernels — so the checkpoints are points of that very run)
     * @param json          compare.json's content
     * @param wallSeconds   the whole comparison's wall time
     */
    public record Result(Path outDir, Worker.Measured scratch, Worker.Measured torch, LockStep.Result lockStep,
                         Parity.FreeRunning freeRunning, boolean lockStepReplaysScratchRun, JsonObject json,
                         double wallSeconds) {

        /** A few lines for the console: accuracies, speed, memory, parity. */
        public String summary() {
            TrainingRun s = scratch.run(), t = torch.run();
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "Part 5: from scratch vs PyTorch (DJL) — %s, %s lr %s, batch %d, %d epochs%n",
                    s.spec().describe(), s.config().optimizer(), s.config().lr(), s.config().batch(), s.config().epochs()));
            sb.append(String.format(Locale.ROOT, "  %-34s %16s %16s%n", "", "from scratch", "PyTorch (DJL)"));
            sb.append(String.format(Locale.ROOT, "  %-34s %16s %16s%n", "threads", scratch.threads(), torch.threads()));
            row(sb, "test accuracy", "%.2f%%", 100 * s.testAccuracy(), 100 * t.testAccuracy());
            row(sb, "test loss", "%.4f", s.testLoss(), t.testLoss());
            row(sb, "seconds per epoch (median, after 1st)", "%.3f", scratch.epochSecondsMedian(), torch.epochSecondsMedian());
            row(sb, "training samples / s", "%,.0f", scratch.trainSamplesPerS(), torch.trainSamplesPerS());
            row(sb, "inference images / s, batch 1000", "%,.0f", scratch.inferImagesPerSB1000(), torch.inferImagesPerSB1000());
            row(sb, "inference images / s, batch 1", "%,.0f", scratch.inferImagesPerSB1(), torch.inferImagesPerSB1());
            row(sb, "peak heap, MB", "%,.0f", scratch.peakHeapMb(), torch.peakHeapMb());
            row(sb, "heap in use after a full GC, MB", "%,.0f", scratch.heapAfterGcMb(), torch.heapAfterGcMb());
            row(sb, "peak resident memory, MB", "%,.0f", scratch.peakRssMb(), torch.peakRssMb());
            row(sb, scratch.ownProcess() ? "start-up (JVM + engine), s" : "start-up (engine), s", "%.2f",
                    scratch.startupSeconds(), torch.startupSeconds());
            sb.append(String.format(Locale.ROOT,
                    "parity, lock-step (%d checkpoints every %d steps; same weights, same batch): max rel Δloss %.1e, "
                            + "max rel Δgrad %.1e (≤ %.0e); largest |Δloss| %.1e, %.1e relative to max(loss, 1) (≤ %.0e) — %s%n",
                    lockStep.checkpoints().size(), lockStep.every(), lockStep.maxRelDLoss(), lockStep.maxRelDGrad(),
                    LockStep.GRAD_TOLERANCE, lockStep.maxAbsDLoss(), lockStep.maxScaledDLoss(), LockStep.LOSS_TOLERANCE,
                    lockStep.withinTolerance() ? "float32 rounding: the same mathematics"
                            : "MORE THAN FLOAT32 ROUNDING EXPLAINS"));
            int over = freeRunning.firstStepOver(FIRST_EPOCH_BOUND);
            sb.append(String.format(Locale.ROOT,
                    "parity, free-running (%,d steps each on its own): rel Δloss max %.1e, median %.1e; first epoch max %.1e (%s %.0e); "
                            + "%s; test accuracy differs by %.2f pp (≤ %.1f)%n",
                    freeRunning.relDLoss().length, freeRunning.max(), freeRunning.median(), freeRunning.firstEpochMax(),
                    freeRunning.firstEpochMax() <= FIRST_EPOCH_BOUND ? "≤" : "OVER", FIRST_EPOCH_BOUND,
                    over < 0 ? "never over " + String.format(Locale.ROOT, "%.0e", FIRST_EPOCH_BOUND)
                            : String.format(Locale.ROOT, "the runs drift apart from step %,d (first over %.0e)", over,
                                    FIRST_EPOCH_BOUND),
                    Math.abs(freeRunning.testAccuracyDiffPp()), ACCURACY_BOUND_PP));
            sb.append(String.format(Locale.ROOT, "files -> %s (compare.json, %d figures), %s, %s; %.1f s in all",
                    outDir.resolve("part5"), FIGURES.size(), outDir.resolve("part2"), outDir.resolve("part4"), wallSeconds));
            return sb.toString();
        }

        private static void row(StringBuilder sb, String label, String fmt, double a, double b) {
            sb.append(String.format(Locale.ROOT, "  %-34s %16s %16s%n", label, String.format(Locale.ROOT, fmt, a),
                    String.format(Locale.ROOT, fmt, b)));
        }
    }

    /**
     * Runs the whole comparison and writes its files under {@code outDir}.
     *
     * @param log receives each phase's announcement and the training progress lines
     * @throws WorkshopException with a one-line message for a bad option, missing data, a failed
     *     child run, or a diverging training
     */
    public static Result run(Options o, Path outDir, Consumer<String> log) {
        long t0 = System.nanoTime();
        DataStore store = DataStore.open(o.dataDir(), log);
        Impl.SCRATCH.warmUp(o.dataset(), o.standardize()); // the lock-step trains the from-scratch engine here
        Experiment exp = Experiment.prepare(store, o.dataset(), o.validation(), o.subset(), o.config().seed(), o.standardize(), log);
        TrainConfig config = o.config().toBuilder().normalization(exp.normalization()).build();
        int torchThreads = o.torchThreads();
        if (o.isolation() == Isolation.IN_PROCESS) {
            if (TorchRuntime.started() && TorchRuntime.threads() != torchThreads) {
                log.accept("libtorch already runs with " + TorchRuntime.threads() + " thread(s) in this process: using that");
                torchThreads = TorchRuntime.threads();
            }
            TorchRuntime.start(torchThreads);
        }

        log.accept(String.format(Locale.ROOT, "== Part 5, lock-step parity: both get the same weights and the same batch "
                + "every %d steps; losses and gradients compared", o.lockstepEvery()));
        LockStep.Result lock = LockStep.run(exp.train(), o.spec(), o.init(), config, o.threads(), o.lockstepEvery(), 0, log);

        Worker.Measured scratch, torch;
        Path work = tempDir();
        try {
            Worker.Job sJob = new Worker.Job(Impl.SCRATCH, o.dataset(), store.dir(), o.validation(), o.subset(),
                    o.standardize(), o.spec(), o.init(), config, o.threads());
            Worker.Job tJob = new Worker.Job(Impl.TORCH, o.dataset(), store.dir(), o.validation(), o.subset(),
                    o.standardize(), o.spec(), o.init(), config, torchThreads);
            String where = o.isolation() == Isolation.CHILD_JVMS ? "in a JVM of its own" : "in this JVM";
            log.accept(String.format(Locale.ROOT, "== Part 5, free-running: the from-scratch engine trains %s (%s)", where,
                    threadText(o.threads())));
            scratch = measure(sJob, o.isolation(), work.resolve("scratch"), exp.train().count(), log);
            log.accept(String.format(Locale.ROOT, "== Part 5, free-running: PyTorch (libtorch through DJL) trains %s (%s)",
                    where, threadText(torchThreads)));
            torch = measure(tJob, o.isolation(), work.resolve("torch"), exp.train().count(), log);
        } finally {
            FileTrees.deleteTree(work);
        }

        Parity.FreeRunning free = Parity.freeRunning(scratch.run(), torch.run());
        boolean replays = java.util.Arrays.equals(lock.stepLosses(), scratch.run().history().stepLosses());
        if (!replays) {
            log.accept("note: the lock-step's from-scratch losses differ from the free-running from-scratch run's "
                    + "(different kernels in the two processes?)");
        }

        log.accept("== Part 5: figures and files");
        Path part2 = outDir.resolve("part2"), part4 = outDir.resolve("part4"), part5 = outDir.resolve("part5");
        writeRunFiles(scratch.run(), exp, part2, true);
        writeRunFiles(torch.run(), exp, part4, false);
        writeFigures(exp, scratch.run(), torch.run(), lock, free, part5, o.threads());
        double wall = (System.nanoTime() - t0) / 1e9;
        JsonObject json = ComparisonJson.of(o, exp, config, scratch, torch, lock, free, replays);
        Json.write(part5.resolve("compare.json"), json);
        return new Result(outDir, scratch, torch, lock, free, replays, json, wall);
    }

    private static String threadText(int n) {
        return n + (n == 1 ? " thread" : " threads");
    }

    private static Worker.Measured measure(Worker.Job job, Isolation isolation, Path dir, int trainCount, Consumer<String> log) {
        if (isolation == Isolation.CHILD_JVMS) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new WorkshopException("cannot create the temporary folder " + dir + " (" + e.getMessage() + ")", e);
            }
            return ChildJvm.run(job, dir, trainCount, log);
        }
        double engine = Worker.startEngine(job.impl(), job.threads());
        PrintWriter progress = new PrintWriter(new LineWriter("  [" + job.impl().id() + "] ", log), true);
        return Worker.measure(job, engine, engine, false, new ConsoleProgress(progress, false),
                line -> log.accept("  [" + job.impl().id() + "] " + line));
    }

    /** part2/ or part4/: the run's JSON, its learning curves (and step losses for part2/), its model. */
    private static void writeRunFiles(TrainingRun run, Experiment exp, Path dir, boolean isPart2) {
        ModelFile.save(dir.resolve("model.safetensors"), run.spec(), run.weights(), run.config().normalization(),
                Map.of("dataset", exp.kind().id(), "trained_by", run.impl(),
                        "test_accuracy", Double.toString(run.testAccuracy())));
        TrainingFigures.learningCurves(List.of(run), dir);
        if (isPart2) TrainingFigures.stepLoss(List.of(run), dir);
        Json.write(dir.resolve(isPart2 ? "train.json" : "torch.json"), run.toJson());
    }

    private static void writeFigures(Experiment exp, TrainingRun s, TrainingRun t, LockStep.Result lock,
                                     Parity.FreeRunning free, Path part5, int threads) {
        List<String> names = exp.kind().classNames();
        TrainingFigures.learningCurves(List.of(s, t), part5);
        int n = lock.checkpoints().size();
        int[] steps = new int[n];
        double[] dl = new double[n], dg = new double[n];
        for (int i = 0; i < n; i++) {
            LockStep.Checkpoint c = lock.checkpoints().get(i);
            steps[i] = c.step();
            dl[i] = c.relDLoss();
            dg[i] = c.maxRelDGrad();
        }
        ComparisonFigures.parity(free.relDLoss(), free.stepsPerEpoch(), steps, dl, dg, FIRST_EPOCH_BOUND,
                part5.resolve(FIGURES.get("parity")));
        ComparisonFigures.confusion(s.confusion(), names, "Confusion matrix — from scratch", part5.resolve(FIGURES.get("confusion_scratch")));
        ComparisonFigures.confusion(t.confusion(), names, "Confusion matrix — PyTorch (DJL)", part5.resolve(FIGURES.get("confusion_torch")));

        // the from-scratch model's most confident mistakes, and how many of them PyTorch shares
        float[] confidence = confidences(s, exp, threads);
        int[] order = ComparisonFigures.mistakesByConfidence(exp.test(), s.testPredictions(), confidence);
        int shown = Math.min(MISTAKES_SHOWN, order.length), shared = 0;
        for (int j = 0; j < shown; j++) if (t.testPredictions()[order[j]] == s.testPredictions()[order[j]]) shared++;
        String title = String.format(Locale.ROOT, "The from-scratch model's %d most confident mistakes (of %,d); "
                + "PyTorch's model made the same %d", shown, order.length, shared);
        ComparisonFigures.misclassified(exp.test(), s.testPredictions(), confidence, names, MISTAKES_SHOWN, 6, title,
                part5.resolve(FIGURES.get("misclassified")));

        Tensor ws = s.weights().get("0.weight"), wt = t.weights().get("0.weight");
        double range = ComparisonFigures.symmetricRange(WEIGHT_UNITS, 0.99, ws, wt);
        int units = Math.min(WEIGHT_UNITS, ws.dim(0));
        String what = String.format(Locale.ROOT, "units 0–%d; red > 0 > blue, saturated beyond ±%.2f", units - 1, range);
        ComparisonFigures.firstLayerWeights(ws, units, range, 28, 28, 8, "First-layer weights, from scratch (" + what + ")",
                part5.resolve(FIGURES.get("weights_scratch")));
        ComparisonFigures.firstLayerWeights(wt, units, range, 28, 28, 8, "First-layer weights, PyTorch (" + what + ")",
                part5.resolve(FIGURES.get("weights_torch")));
    }

    /** The from-scratch model's probability for its own prediction, for every test image. */
    private static float[] confidences(TrainingRun run, Experiment exp, int threads) {
        Sequential model = run.spec().build(Init.PYTORCH, new java.util.SplittableRandom(0));
        model.loadStateDict(run.weights());
        try (Backend backend = Backend.fastest(threads)) {
            model.use(backend);
            Matrix p = new Evaluator(model, run.config().normalization()).probabilities(exp.test());
            int k = p.cols();
            float[] c = new float[p.rows()];
            for (int i = 0; i < c.length; i++) c[i] = p.data()[i * k + run.testPredictions()[i]];
            return c;
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("nn-workshop-compare-");
        } catch (IOException e) {
            throw new WorkshopException("cannot create a temporary folder for the runs (" + e.getMessage() + ")", e);
        }
    }

    /** A writer that hands each complete line to a consumer, prefixed. */
    static final class LineWriter extends Writer {
        private final String prefix;
        private final Consumer<String> sink;
        private final StringBuilder line = new StringBuilder();

        LineWriter(String prefix, Consumer<String> sink) {
            this.prefix = prefix;
            this.sink = sink;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = buf[i];
                if (c == '\n') {
                    sink.accept(prefix + line);
                    line.setLength(0);
                } else if (c != '\r') {
                    line.append(c);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            if (line.length() > 0) sink.accept(prefix + line);
            line.setLength(0);
        }
    }
}
