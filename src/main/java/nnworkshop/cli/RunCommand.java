package nnworkshop.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import nnworkshop.compare.Comparison;
import nnworkshop.data.DataStore;
import nnworkshop.report.ActivationFigure;
import nnworkshop.report.html.HtmlReport;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./workshop run}: the whole workshop, part after part, ending with the report. */
@Command(name = "run", showDefaultValues = true, mixinStandardHelpOptions = true,
        description = {"Run the whole workshop into --out: Part 1 (activation functions, part1/), Part 3 (the "
                + "dataset, part3/), then Parts 2, 4 and 5 (the network from scratch, the same network on PyTorch "
                + "through DJL, and their comparison: part2/, part4/, part5/), and the report (report/index.html, "
                + "checked in headless Chromium when it is installed).",
            "Ends with the report's path and a five-line summary."})
final class RunCommand implements Runnable {
    /** Training images used by --quick. */
    static final int QUICK_SUBSET = 5000;
    /** Epochs used by --quick. */
    static final int QUICK_EPOCHS = 2;

    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin OutOptions out;

    @Option(names = "--epochs", defaultValue = "10", description = "Training epochs of Parts 2 and 4.")
    int epochs;

    @Option(names = "--quick",
            description = "A first look: train on " + QUICK_SUBSET + " images for " + QUICK_EPOCHS + " epochs.")
    boolean quick;

    @Option(names = "--validation", paramLabel = "N", defaultValue = "5000",
            description = "Images held out of the training set for validation.")
    int validation;

    @Mixin ThreadsOption threads;
    @Mixin TorchThreadsOption torch;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice.")
    long seed;

    @Option(names = "--no-browser-check",
            description = "Do not load the report in headless Chromium (by default it is checked, and a "
                    + "screenshot saved beside it, when Chromium is installed).")
    boolean noBrowserCheck;

    @Override
    public void run() {
        PrintWriter pw = spec.commandLine().getOut();
        var log = Cli.log(spec.commandLine().getErr());
        Cli.requirePositive("--epochs", epochs);
        int scratchThreads = threads.value();
        int torchThreads = torch.value();
        Cli.requirePositive("--validation", validation);
        Comparison.Options base = Comparison.Options.defaults();
        TrainConfig config = base.config().toBuilder().epochs(quick ? Math.min(epochs, QUICK_EPOCHS) : epochs)
                .seed(seed).build();
        Cli.requireFits(nnworkshop.compare.Impl.SCRATCH, base.spec(), config, validation, quick ? QUICK_SUBSET : 0, scratchThreads);
        Path outDir = out.dir();
        out.dir("part1");
        out.dir("part3");
        DataStore store = data.store(log);

        log.accept("== Part 1: activation functions");
        pw.println("Part 1: activation functions -> " + nnworkshop.util.PathText.show(ActivationFigure.write(outDir.resolve("part1"))));

        log.accept("== Part 3: the " + data.kind().displayName() + " dataset");
        OutOptions part3 = new OutOptions();
        part3.out = outDir.resolve("part3");
        var explored = ExploreCommand.explore(data, part3, validation, seed, log);
        pw.println(explored.summary());

        log.accept("== Parts 2, 4 and 5: the network from scratch, on PyTorch, and the comparison");
        Comparison.Options options = base.withData(data.kind(), store.dir())
                .withSplit(validation, quick ? QUICK_SUBSET : 0).withConfig(config).withThreads(scratchThreads).withTorchThreads(torchThreads);
        Comparison.Result compared = Comparison.run(options, outDir, log);
        pw.println(compared.summary());

        log.accept("== The report");
        Path index = HtmlReport.write(outDir);
        String browser;
        if (noBrowserCheck) {
            browser = "not checked in a browser (--no-browser-check)";
        } else if (chromiumInstalled()) {
            browser = "checked in headless Chromium, screenshot " + HtmlReport.screenshot(index).getFileName();
        } else {
            browser = "not checked in a browser (install Chromium: sudo apt-get install chromium)";
        }

        TrainingRun s = compared.scratch().run(), t = compared.torch().run();
        var lock = compared.lockStep();
        var free = compared.freeRunning();
        pw.println();
        pw.println("Report: " + index.toAbsolutePath() + " (" + browser + ")");
        pw.printf(Locale.ROOT, "  from scratch : test accuracy %.2f%%, %.3f s per epoch (%s)%n",
                100 * s.testAccuracy(), compared.scratch().epochSecondsMedian(), s.kernel());
        pw.printf(Locale.ROOT, "  PyTorch (DJL): test accuracy %.2f%%, %.3f s per epoch (%s)%n",
                100 * t.testAccuracy(), compared.torch().epochSecondsMedian(), t.kernel());
        pw.printf(Locale.ROOT, "  parity, lock-step   : max rel Δloss %.1e, max rel Δgrad %.1e — %s%n",
                lock.maxRelDLoss(), lock.maxRelDGrad(), lock.withinTolerance() ? "the same mathematics" : "DIFFERENT");
        int drift = free.firstStepOver(Comparison.FIRST_EPOCH_BOUND);
        pw.printf(Locale.ROOT, "  parity, free-running: first-epoch max rel Δloss %.1e%s; accuracies %.2f pp apart%n",
                free.firstEpochMax(), drift < 0 ? "" : String.format(Locale.ROOT, " (rounding amplified by SGD: apart from step %,d)", drift),
                Math.abs(free.testAccuracyDiffPp()));
        int trainImages = compared.json().getAsJsonObject("manifest").getAsJsonObject("images").get("train").getAsInt();
        pw.printf(Locale.ROOT, "  %d epochs on %,d training images; %.0f s for Parts 2, 4 and 5%n",
                config.epochs(), trainImages, compared.wallSeconds());
    }

    private static boolean chromiumInstalled() {
        String env = System.getenv("CHROMIUM");
        return Files.isExecutable(Path.of(env != null && !env.isBlank() ? env : "/usr/bin/chromium"));
    }
}
