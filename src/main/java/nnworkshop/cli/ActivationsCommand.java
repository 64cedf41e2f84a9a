package nnworkshop.cli;

import java.nio.file.Path;

import nnworkshop.report.ActivationFigure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Part 1: {@code ./workshop activations}. */
@Command(name = "activations", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Part 1: plot sigmoid, ReLU, tanh and leaky ReLU with their derivatives (activations.png).")
final class ActivationsCommand implements Runnable {
    @Spec CommandSpec spec;
    @Mixin OutOptions out;

    @Override
    public void run() {
        Path png = ActivationFigure.write(out.dir());
        spec.commandLine().getOut().println("Part 1: activation functions -> " + nnworkshop.util.PathText.show(png));
    }
}
