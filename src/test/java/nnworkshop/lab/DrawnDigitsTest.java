package nnworkshop.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import nnworkshop.compare.Impl;
import nnworkshop.data.DataStore;
import nnworkshop.data.DigitPreprocessor;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.Init;
import nnworkshop.tensor.Matrix;
import nnworkshop.train.Engine;
import nnworkshop.train.Experiment;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.Training;

/**
 * Accuracy of the Lab's default models on MNIST's test set and on the browser tests' stroke
 * scripts, drawn as the page draws them in 36 variants each (moved ±30 px, 80%–110% size, pen
 * 16–26 px), against the same recipe trained without augmentation. Figures go to
 * target/lab-accuracy.txt (quoted in the README).
 */
@Tag("slow")
class DrawnDigitsTest {
    @Test
    void augmentationHelpsOnDrawnDigits() throws IOException {
        Experiment exp = LabFixture.mnist();
        Path cache = DataStore.defaultDataDir().resolve("lab");
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Strokes.Digit d : Strokes.all()) {
            for (double dx : new double[] {-30, 0, 30}) for (double s : new double[] {0.8, 0.95, 1.1}) for (double w : new double[] {-4, 6}) {
                for (double dy : new double[] {-20, 20}) {
                    images.add(DigitPreprocessor.toMnist(Strokes.render(d, dx, dy, s, w)));
                    labels.add(d.label());
                }
            }
        }
        StringBuilder out = new StringBuilder();
        double augmentedScratch = 0, plainScratch;
        for (Impl impl : Impl.values()) {
            Path file = DefaultModels.ensure(impl, cache, exp, impl.defaultThreads(), new nnworkshop.data.Dataset[1], line -> { });
            ModelFile.Loaded m = ModelFile.load(file);
            try (Engine e = impl.open(m, 1)) {
                double drawn = accuracy(e, images, labels);
                if (impl == Impl.SCRATCH) augmentedScratch = drawn;
                out.append(String.format(Locale.ROOT, "%s, default (augmented): MNIST test %.2f%%, drawn %.1f%% of %d%n", impl,
                        100 * e.evaluate(exp.test(), m.normalization(), 1000, DefaultModels.config().loss()).accuracy(), 100 * drawn, images.size()));
            }
        }
        try (Engine e = Impl.SCRATCH.create(DefaultModels.spec(), Init.HE, 42, 2)) {
            // the same number of steps as the default recipe (twice the epochs over half the images)
            Training.fit(e, exp.train(), null, DefaultModels.config().withEpochs(2 * DefaultModels.EPOCHS), ProgressListener.SILENT);
            plainScratch = accuracy(e, images, labels);
            out.append(String.format(Locale.ROOT, "scratch, same steps without augmentation: MNIST test %.2f%%, drawn %.1f%% of %d%n",
                    100 * e.evaluate(exp.test(), DefaultModels.config().normalization(), 1000, DefaultModels.config().loss()).accuracy(),
                    100 * plainScratch, images.size()));
        }
        Files.writeString(Path.of("target", "lab-accuracy.txt"), out);
        assertTrue(augmentedScratch >= 0.85, out.toString());
    }

    private static double accuracy(Engine e, List<float[]> images, List<Integer> labels) {
        int n = images.size();
        float[] x = new float[n * 784];
        for (int i = 0; i < n; i++) System.arraycopy(images.get(i), 0, x, i * 784, 784);
        Matrix z = e.logits(x, n);
        int right = 0;
        for (int i = 0; i < n; i++) {
            int top = 0;
            for (int c = 1; c < 10; c++) if (z.data()[i * 10 + c] > z.data()[i * 10 + top]) top = c;
            if (top == labels.get(i)) right++;
        }
        return (double) right / n;
    }
}
