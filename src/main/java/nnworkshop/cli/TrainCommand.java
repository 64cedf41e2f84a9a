package nnworkshop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import nnworkshop.compare.Impl;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.ModelSpec;
import nnworkshop.train.ConsoleProgress;
import nnworkshop.train.Experiment;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.TrainingRun;
import nnworkshop.util.Json;
import nnworkshop.util.OutputPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Part 2: {@code ./workshop train}. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Part 2 (--impl scratch) or Part 4 (--impl torch): train the MLP (784-128-10 ReLU, SGD, by default) and evaluate it on the test set.",
            "Prints one line per epoch (a progress bar in a terminal); --save writes the model "
                    + "(safetensors), --json the run's figures."})
final class TrainCommand implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--impl", defaultValue = "scratch",
            description = "Implementation: scratch (the engine written here) or torch (PyTorch through DJL).")
    Impl impl;

    @Mixin ModelOptions model;
    @Mixin TrainOptions training;
    @Mixin DataOptions data;
    @Mixin ThreadsOption threads;
    @Mixin TorchThreadsOption torch;

    @Option(names = "--save", paramLabel = "FILE", description = "Write the trained model here (.safetensors).")
    Path save;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the run's figures here (JSON).")
    Path json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        var log = Cli.log(spec.commandLine().getErr());
        ModelSpec modelSpec = model.spec();
        var init = model.initKind();
        TrainConfig probe = training.config(nnworkshop.data.Normalization.UNIT); // options checked before loading data
        OutputPaths outputs = new OutputPaths(); // checked before an hour of training, not after
        if (save != null) outputs.output(save, "--save");
        if (json != null) outputs.output(json, "--json");
        outputs.check();
        int n = Cli.threads(impl, threads, torch);
        Cli.requireFits(impl, modelSpec, probe, training.validation, training.subset, n);
        impl.warmUp(data.kind(), training.standardize); // the kernels compile while the data loads
        Experiment exp = Experiment.prepare(data.store(log), data.kind(), training.validation, training.subset,
                probe.seed(), training.standardize, log);
        TrainConfig config = probe.toBuilder().normalization(exp.normalization()).build();
        out.println(modelSpec.describe() + " (" + String.format("%,d", modelSpec.parameterCount()) + " parameters), "
                + init.id() + " init");
        TrainingRun run = impl.train(exp, modelSpec, init, config, n, new ConsoleProgress(out, System.console() != null));
        out.println(run.summary());
        if (save != null) {
            ModelFile.save(save, modelSpec, run.weights(), config.normalization(),
                    Map.of("dataset", exp.kind().id(), "trained_by", run.impl(),
                            "test_accuracy", Double.toString(run.testAccuracy())));
            out.println("model -> " + nnworkshop.util.PathText.show(save));
        }
        if (json != null) {
            Json.write(json, run.toJson());
            out.println("figures -> " + nnworkshop.util.PathText.show(json));
        }
    }
}
