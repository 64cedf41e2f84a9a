package nnworkshop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import nnworkshop.data.Dataset;
import nnworkshop.data.DigitPreprocessor;
import nnworkshop.model.ModelFile;
import nnworkshop.tensor.Matrix;
import nnworkshop.train.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./workshop predict --model FILE IMAGE…}. */
@Command(name = "predict", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Classify your own images of digits with a saved model: top-3 classes with probabilities.",
            "Each image is prepared as MNIST was: grayscale, light background inverted, cropped to the ink, "
                    + "fitted in 20x20, centred by centre of mass in 28x28.",
            "Every readable image gets its line; each unreadable one a line on stderr naming it, and then exit code 2."})
final class PredictCommand implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin SavedModelOptions saved;

    @Mixin ThreadsOption threads;
    @Mixin TorchThreadsOption torch;

    @Option(names = "--top", defaultValue = "3", description = "How many classes to show per image.")
    int top;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "PNG, JPEG, GIF or BMP files.")
    List<Path> images;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Cli.requirePositive("--top", top);
        ModelFile.Loaded m = saved.load();
        int d = m.spec().inputs(), k = m.spec().classes();
        if (d != 28 * 28) {
            throw new nnworkshop.WorkshopException(saved.modelFile + ": the model takes " + d
                    + " inputs, but predict prepares 28x28 = 784-pixel images");
        }
        List<String> names = names(m);
        ModelFile.requireOutputsHaveNames(saved.modelFile, k, names, m.metadata().getOrDefault("dataset", "mnist"));
        int nThreads = Cli.threads(saved.impl, threads, torch);
        // every image is read first: the readable ones are classified, each other one is named on stderr
        List<Path> good = new java.util.ArrayList<>();
        List<float[]> pixels = new java.util.ArrayList<>();
        int bad = 0;
        for (Path image : images) {
            try {
                pixels.add(DigitPreprocessor.toMnist(image));
                good.add(image);
            } catch (nnworkshop.WorkshopException e) {
                err.println("workshop: " + nnworkshop.util.PathText.oneLine(e.getMessage()));
                bad++;
            }
        }
        err.flush();
        if (good.isEmpty()) return 2;
        Cli.requireFits(saved.impl, m.spec(), good.size(), nThreads);
        float[] x = new float[good.size() * d];  // (n, D), normalised as the model was trained
        for (int i = 0; i < good.size(); i++) {
            for (int p = 0; p < d; p++) x[i * d + p] = (pixels.get(i)[p] - m.normalization().mean()) / m.normalization().std();
        }
        Matrix probs;
        try (Engine engine = saved.impl.open(m, nThreads)) {
            probs = engine.logits(x, good.size());
        }
        Matrix.softmaxRows(probs, probs);
        for (int i = 0; i < good.size(); i++) {
            Integer[] order = new Integer[k];
            for (int c = 0; c < k; c++) order[c] = c;
            final int row = i;
            java.util.Arrays.sort(order, (a, b) -> Float.compare(probs.data()[row * k + b], probs.data()[row * k + a]));
            StringBuilder sb = new StringBuilder(nnworkshop.util.PathText.show(good.get(i))).append(':');
            for (int t = 0; t < Math.min(top, k); t++) {
                int c = order[t];
                sb.append(String.format(Locale.ROOT, "  %s %.1f%%", names.get(c), 100 * probs.data()[i * k + c]));
            }
            out.println(sb);
        }
        out.flush();
        return bad == 0 ? 0 : 2;
    }

    private static List<String> names(ModelFile.Loaded m) {
        String dataset = m.metadata().getOrDefault("dataset", "mnist");
        if (dataset.equals("fashion") && m.spec().classes() == Dataset.NUM_CLASSES) {
            return nnworkshop.data.DatasetKind.FASHION.classNames();
        }
        List<String> n = new java.util.ArrayList<>();
        for (int c = 0; c < m.spec().classes(); c++) n.add(String.valueOf(c));
        return n;
    }
}
