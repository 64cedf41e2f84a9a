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
                    + "fitted in 20x20, centred by centre of mass in 28x28."})
final class PredictCommand implements Runnable {
    @Spec CommandSpec spec;

    @Mixin SavedModelOptions saved;

    @Mixin ThreadsOption threads;
    @Mixin TorchThreadsOption torch;

    @Option(names = "--top", defaultValue = "3", description = "How many classes to show per image.")
    int top;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "PNG, JPEG, GIF or BMP files.")
    List<Path> images;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Cli.requirePositive("--top", top);
        ModelFile.Loaded m = saved.load();
        int d = m.spec().inputs(), k = m.spec().classes();
        if (d != 28 * 28) {
            throw new nnworkshop.WorkshopException(saved.modelFile + ": the model takes " + d
                    + " inputs, but predict prepares 28x28 = 784-pixel images");
        }
        float[][] pixels = new float[images.size()][];
        for (int i = 0; i < images.size(); i++) pixels[i] = DigitPreprocessor.toMnist(images.get(i)); // all checked first
        List<String> names = names(m);
        float[] x = new float[images.size() * d];  // (n, D), normalised as the model was trained
        for (int i = 0; i < images.size(); i++) {
            for (int p = 0; p < d; p++) x[i * d + p] = (pixels[i][p] - m.normalization().mean()) / m.normalization().std();
        }
        Matrix probs;
        try (Engine engine = saved.impl.open(m, Cli.threads(saved.impl, threads, torch))) {
            probs = engine.logits(x, images.size());
        }
        Matrix.softmaxRows(probs, probs);
        for (int i = 0; i < images.size(); i++) {
            Integer[] order = new Integer[k];
            for (int c = 0; c < k; c++) order[c] = c;
            final int row = i;
            java.util.Arrays.sort(order, (a, b) -> Float.compare(probs.data()[row * k + b], probs.data()[row * k + a]));
            StringBuilder sb = new StringBuilder(images.get(i).toString()).append(':');
            for (int t = 0; t < Math.min(top, k); t++) {
                int c = order[t];
                sb.append(String.format(Locale.ROOT, "  %s %.1f%%", names.get(c), 100 * probs.data()[i * k + c]));
            }
            out.println(sb);
        }
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
