package nnworkshop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import nnworkshop.data.Normalization;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.report.ActivationFigure;
import nnworkshop.report.TrainingFigures;
import nnworkshop.train.ConsoleProgress;
import nnworkshop.train.Experiment;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.TrainingRun;
import nnworkshop.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./workshop run}: the whole workshop, part after part. */
@Command(name = "run", showDefaultValues = true,
        description = {"Run the workshop into --out: Part 1 (activation functions, part1/), Part 2 (the network "
                + "from scratch trained on the dataset, part2/) and Part 3 (the dataset, part3/)."})
final class RunCommand implements Runnable {
    /** Training images used by --quick. */
    static final int QUICK_SUBSET = 5000;
    /** Epochs used by --quick. */
    static final int QUICK_EPOCHS = 2;

    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin OutOptions out;

    @Option(names = "--epochs", defaultValue = "10", description = "Training epochs of Part 2.")
    int epochs;

    @Option(names = "--quick",
            description = "A first look: train on " + QUICK_SUBSET + " images for " + QUICK_EPOCHS + " epochs.")
    boolean quick;

    @Option(names = "--validation", paramLabel = "N", defaultValue = "5000",
            description = "Images held out of the training set for validation.")
    int validation;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "${sys:nnworkshop.cores}",
            description = "Threads for the matrix kernels (default: one per core, up to 4).")
    int threads;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice.")
    long seed;

    @Override
    public void run() {
        PrintWriter pw = spec.commandLine().getOut();
        var log = Cli.log(spec.commandLine().getErr());
        Cli.requirePositive("--epochs", epochs);
        Cli.requirePositive("--threads", threads);
        Path part1 = out.dir("part1"), part2 = out.dir("part2"), part3Dir = out.dir("part3");

        log.accept("== Part 1: activation functions");
        Path png = ActivationFigure.write(part1);
        pw.println("Part 1: activation functions -> " + png);

        log.accept("== Part 2: a network from scratch");
        Experiment exp = Experiment.prepare(data.store(log), data.kind(), validation, quick ? QUICK_SUBSET : 0, seed,
                false, log);
        ModelSpec modelSpec = ModelSpec.parse(null, null, "relu", 28 * 28, 10);
        TrainConfig config = TrainConfig.defaults().toBuilder().epochs(quick ? Math.min(epochs, QUICK_EPOCHS) : epochs)
                .seed(seed).threads(threads).normalization(Normalization.UNIT).build();
        TrainingRun scratch = exp.trainScratch(modelSpec, Init.HE, config, new ConsoleProgress(pw, System.console() != null));
        ModelFile.save(part2.resolve("model.safetensors"), modelSpec, scratch.weights(), config.normalization(),
                Map.of("dataset", exp.kind().id(), "trained_by", scratch.impl()));
        Json.write(part2.resolve("train.json"), scratch.toJson());
        TrainingFigures.learningCurves(List.of(scratch), part2);
        TrainingFigures.stepLoss(List.of(scratch), part2);
        pw.println("Part 2: " + scratch.summary());
        pw.println("Part 2: model, train.json and learning curves -> " + part2);

        log.accept("== Part 3: the " + data.kind().displayName() + " dataset");
        OutOptions part3 = new OutOptions();
        part3.out = part3Dir;
        var r = ExploreCommand.explore(data, part3, validation, seed, log);
        pw.println(r.summary());
        pw.println("Part 3: figures and explore.json -> " + part3Dir);
    }
}
