package nnworkshop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import nnworkshop.report.ActivationFigure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./workshop run}: the whole workshop, part after part. */
@Command(name = "run", showDefaultValues = true,
        description = "Run the workshop: Part 1 (activation functions) and Part 3 (the dataset), "
                + "writing everything under --out.")
final class RunCommand implements Runnable {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin OutOptions out;

    @Option(names = "--validation", paramLabel = "N", defaultValue = "5000",
            description = "Images held out of the training set for validation.")
    int validation;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice.")
    long seed;

    @Override
    public void run() {
        PrintWriter pw = spec.commandLine().getOut();
        var log = Cli.log(spec.commandLine().getErr());
        log.accept("== Part 1: activation functions");
        Path png = ActivationFigure.write(out.dir("part1"));
        pw.println("Part 1: activation functions -> " + png);

        log.accept("== Part 3: the " + data.kind().id() + " dataset");
        OutOptions part3 = new OutOptions();
        part3.out = out.dir("part3");
        var r = ExploreCommand.explore(data, part3, validation, seed, log);
        pw.println(r.summary());
        pw.println("Part 3: figures and explore.json -> " + part3.out);
    }
}
