package nnworkshop.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Init;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.kernel.Gemm;

/**
 * Not a unit test: a manual experiment on real MNIST (run from the IDE or with {@code java -cp}),
 * with a throwaway IDX loader (the real one is {@code nnworkshop.data.IdxReader}, written elsewhere).
 * Arguments: [raw dir] [train images] [epochs] [hidden] [activation] [optimizer] [lr] [momentum] [init].
 */
final class MnistExperiment {
    private MnistExperiment() {}

    static Dataset load(Path dir, String prefix, int limit) throws IOException {
        ByteBuffer img = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(prefix + "-images-idx3-ubyte")));
        ByteBuffer lab = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(prefix + "-labels-idx1-ubyte")));
        if (img.getInt(0) != 0x803 || lab.getInt(0) != 0x801) throw new IOException("not IDX image/label files");
        int n = Math.min(limit, img.getInt(4)), rows = img.getInt(8), cols = img.getInt(12);
        byte[] px = new byte[n * rows * cols], lb = new byte[n];
        img.position(16).get(px);
        lab.position(8).get(lb);
        return new Dataset("mnist/" + prefix, n, rows, cols, px, lb);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/mnist-raw");
        int nTrain = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String hidden = args.length > 3 ? args[3] : "128";
        String act = args.length > 4 ? args[4] : "relu";
        nnworkshop.optim.OptimizerKind opt = nnworkshop.optim.OptimizerKind.parse(args.length > 5 ? args[5] : "sgd");
        double lr = args.length > 6 ? Double.parseDouble(args[6]) : opt.usualLearningRate();
        double momentum = args.length > 7 ? Double.parseDouble(args[7]) : 0;
        Init init = Init.parse(args.length > 8 ? args[8] : "he");

        Dataset all = load(dir, "train", 60000), test = load(dir, "t10k", 10000);
        int[] trainIdx = new int[nTrain], valIdx = new int[5000];
        for (int i = 0; i < nTrain; i++) trainIdx[i] = i;
        for (int i = 0; i < 5000; i++) valIdx[i] = 55000 + i; // validation: the last 5,000, never the test set
        Dataset train = all.subset("mnist/train[:" + nTrain + "]", trainIdx), val = all.subset("mnist/val", valIdx);

        TrainConfig config = TrainConfig.builder().epochs(epochs).optimizer(opt).lr(lr).momentum(momentum).build();
        ModelSpec spec = ModelSpec.parse(hidden, null, act, 784, 10);
        Sequential model = spec.build(init, Seeds.init(config.seed()));
        Gemm gemm = new RowGemm();
        System.out.println(spec.describe() + ", " + model.parameterCount() + " parameters");
        History h = Trainer.fit(model, train, val, config, gemm, new ConsoleProgress(System.out, false));
        Evaluator.Evaluation e = new Evaluator(model, Normalization.UNIT).evaluate(test, LossKind.CROSS_ENTROPY);
        System.out.printf(Locale.ROOT, "test: loss %.4f accuracy %.2f%% (%d images); %.1f s training%n",
                e.loss(), 100 * e.accuracy(), e.count(), h.totalSeconds());
        int[][] cm = Metrics.confusionMatrix(e.predictions(), Metrics.labels(test), 10);
        double[] rec = Metrics.recall(cm), prec = Metrics.precision(cm);
        for (int k = 0; k < 10; k++) {
            System.out.printf(Locale.ROOT, "  digit %d: precision %.3f recall %.3f%n", k, prec[k], rec[k]);
        }
    }
}
