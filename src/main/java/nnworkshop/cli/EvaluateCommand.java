package nnworkshop.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import nnworkshop.data.Dataset;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.LossKind;
import nnworkshop.scratch.Evaluator;
import nnworkshop.train.Engine;
import nnworkshop.train.Evaluation;
import nnworkshop.train.Metrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./workshop evaluate --model FILE}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Evaluate a saved model on the test set: accuracy, loss, confusion matrix, per-class precision/recall.")
final class EvaluateCommand implements Runnable {
    @Spec CommandSpec spec;

    @Mixin SavedModelOptions saved;

    @Mixin ThreadsOption threads;
    @Mixin TorchThreadsOption torch;

    @Mixin DataOptions data;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        ModelFile.Loaded m = saved.load();
        var kind = data.kind();
        Cli.requireFits(saved.impl, m.spec(), Evaluator.DEFAULT_BATCH, Cli.threads(saved.impl, threads, torch));
        Dataset test = data.store(Cli.log(spec.commandLine().getErr())).load(kind).test();
        ModelFile.requireOutputsCoverLabels(saved.modelFile, m.spec().classes(), test.maxLabel(), kind.id());
        Evaluation e;
        try (Engine engine = saved.impl.open(m, Cli.threads(saved.impl, threads, torch))) {
            e = engine.evaluate(test, m.normalization(), Evaluator.DEFAULT_BATCH, LossKind.CROSS_ENTROPY);
        }
        int[][] cm = Metrics.confusionMatrix(e.predictions(), Metrics.labels(test), m.spec().classes());
        out.printf(Locale.ROOT, "%s (%s) on the %s test set (%,d images): accuracy %.2f%%, loss %.4f%n",
                m.spec().describe(), saved.impl, kind.id(), e.count(), 100 * e.accuracy(), e.loss());
        out.print(confusionTable(cm, kind.classNames()));
    }

    /** The confusion matrix (rows = true class) with per-class precision and recall. */
    static String confusionTable(int[][] cm, List<String> names) {
        double[] precision = Metrics.precision(cm), recall = Metrics.recall(cm);
        StringBuilder sb = new StringBuilder("confusion matrix (rows: true class, columns: predicted)\n");
        sb.append(String.format(Locale.ROOT, "%12s", ""));
        for (int j = 0; j < cm.length; j++) sb.append(String.format(Locale.ROOT, "%6d", j));
        sb.append("   precision  recall\n");
        for (int i = 0; i < cm.length; i++) {
            String name = names.get(i);
            sb.append(String.format(Locale.ROOT, "%2d %-9.9s", i, name.equals(String.valueOf(i)) ? "" : name));
            for (int j = 0; j < cm.length; j++) sb.append(String.format(Locale.ROOT, "%6d", cm[i][j]));
            sb.append(String.format(Locale.ROOT, "   %8.4f  %6.4f%n", precision[i], recall[i]));
        }
        return sb.toString();
    }
}
