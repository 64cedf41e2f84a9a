package nnworkshop.cli;

import java.io.PrintWriter;
import java.util.Locale;

import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.scratch.GradCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./workshop gradcheck}: are the hand-written backward equations right? */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Check the backward pass against central differences, in double precision: for each "
                + "parameter tensor, the relative error between (L(θ+h) − L(θ−h)) / 2h and the analytic gradient "
                + "(must be ≤ 1e-6), and how far the float32 engine's gradient is from the exact one.",
            "Exit code 1 if a tensor fails."})
final class GradcheckCommand implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ModelOptions model;

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = "cross_entropy", description = "cross_entropy or mse.")
    String loss;

    @Option(names = "--batch", defaultValue = "4", description = "Images in the random batch.")
    int batch;

    @Option(names = "--entries", paramLabel = "N", defaultValue = "100",
            description = "Entries of each tensor checked by finite differences (sampled).")
    int entries;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the weights and the batch.")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelSpec s = model.spec();
        Cli.requirePositive("--batch", batch);
        Cli.requirePositive("--entries", entries);
        Cli.requireFits(nnworkshop.compare.Impl.SCRATCH, s, batch, 1); // a lower bound: the reference is in double
        GradCheck.Options d = GradCheck.Options.defaults();
        GradCheck.Options o = new GradCheck.Options(LossKind.parse(loss), false, model.initKind(), batch, seed, d.h(), entries);
        GradCheck.Report r = GradCheck.run(s, o);
        out.printf(Locale.ROOT, "gradient check of %s with %s loss, batch %d, h = %.0e%n", s.describe(),
                o.loss().id(), batch, o.h());
        out.printf(Locale.ROOT, "loss: double %.10f, float32 engine %.10f%n", r.referenceLoss(), r.engineLoss());
        out.printf(Locale.ROOT, "%-10s %-12s %8s %16s %16s  %s%n", "tensor", "shape", "checked",
                "rel. error", "engine error", "");
        for (GradCheck.Result t : r.tensors()) {
            out.printf(Locale.ROOT, "%-10s %-12s %8d %16.2e %16.2e  %s%n", t.name(), t.shape(), t.checked(),
                    t.relativeError(), t.engineError(), t.passed() ? "ok" : "FAIL");
        }
        out.printf(Locale.ROOT, "%s (limits: relative error ≤ %.0e, float32 engine ≤ %.0e)%n",
                r.passed() ? "PASSED" : "FAILED", GradCheck.TOLERANCE, GradCheck.ENGINE_TOLERANCE);
        return r.passed() ? 0 : 1;
    }
}
