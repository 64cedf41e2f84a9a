package nnworkshop.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.optim.OptimizerKind;
import nnworkshop.util.Seeds;
import nnworkshop.train.TrainConfig;

/**
 * Native memory does not grow with the number of steps: every array a step makes is freed when
 * the step ends. Two measures: the arrays DJL still tracks (exact), and the process's resident
 * memory (VmRSS), which would also catch memory libtorch holds without DJL knowing.
 *
 * <p>A leak of one input batch per step (64 × 784 × 4 B = 200 KB) over the 400 measured steps
 * would add 80 MB; the RSS bound is 30 MB (Java's own heap may touch a few more pages meanwhile).
 */
class TorchMemoryTest {
    static final int WARM_UP = 150, STEPS = 400, BATCH = 64;

    @org.junit.jupiter.params.ParameterizedTest(name = "fused updates {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aTrainingStepFreesEverythingItMakes(boolean fused) {
        ModelSpec spec = ModelSpec.withHidden(784, 10, Activation.RELU, 128);
        // Adam has the most temporaries per step (and keeps state, made once)
        TrainConfig config = TrainConfig.builder().batch(BATCH).optimizer(OptimizerKind.ADAM).lr(1e-3).weightDecay(1e-4).build();
        float[] x = new float[BATCH * 784];
        int[] y = new int[BATCH];
        SplittableRandom r = new SplittableRandom(1);
        Dataset eval = randomImages(1500, 2);
        try (TorchMlp mlp = TorchMlp.initialized(spec, Init.HE, Seeds.init(1));
             TorchTrainer trainer = new TorchTrainer(mlp, config, fused);
             TorchModel view = TorchModel.view(mlp, Normalization.UNIT)) {
            for (int s = 0; s < WARM_UP; s++) step(trainer, x, y, r, s);
            view.evaluate(eval, Normalization.UNIT, 1000, LossKind.CROSS_ENTROPY);
            int arraysBefore = tracked();
            double rssBefore = nnworkshop.util.ProcessMemory.rssMb();
            for (int s = 0; s < STEPS; s++) {
                step(trainer, x, y, r, s);
                if (s % 100 == 0) view.evaluate(eval, Normalization.UNIT, 1000, LossKind.MSE);
            }
            int arraysAfter = tracked();
            double rssAfter = nnworkshop.util.ProcessMemory.rssMb();
            assertEquals(arraysBefore, arraysAfter, "NDArrays still attached after " + STEPS + " steps");
            if (!Double.isNaN(rssBefore)) {
                assertTrue(rssAfter - rssBefore < 30, String.format(Locale.ROOT,
                        "resident memory grew from %.1f to %.1f MB over %d steps", rssBefore, rssAfter, STEPS));
            }
        }
    }

    @Test
    void closingAModelFreesItsParameters() {
        int before = tracked();
        ModelSpec spec = ModelSpec.withHidden(20, 5, Activation.TANH, 8);
        try (TorchMlp mlp = TorchMlp.initialized(spec, Init.HE, Seeds.init(1));
             TorchTrainer trainer = new TorchTrainer(mlp, TrainConfig.builder().batch(4).optimizer(OptimizerKind.SGD).momentum(0.9).build())) {
            trainer.step(new float[80], new int[4], 4, null);
            assertTrue(tracked() > before);
        }
        assertEquals(before, tracked());
    }

    /** Arrays tracked by DJL's root manager (and so by every manager under it). */
    private static int tracked() {
        NDManager m = TorchRuntime.engine().newBaseManager();
        try {
            NDManager root = m;
            while (root.getParentManager() != null && root.getParentManager() != root) root = root.getParentManager();
            return root.getManagedArrays().size();
        } finally {
            m.close();
        }
    }

    private static void step(TorchTrainer trainer, float[] x, int[] y, SplittableRandom r, int s) {
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(256) / 255f;
        for (int i = 0; i < y.length; i++) y[i] = r.nextInt(10);
        int n = s % 10 == 9 ? 17 : BATCH; // now and then a smaller batch
        trainer.step(x, y, n, null);
    }

    static Dataset randomImages(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < px.length; i++) px[i] = (byte) r.nextInt(256);
        for (int i = 0; i < n; i++) labels[i] = (byte) r.nextInt(10);
        return new Dataset("random", n, 28, 28, px, labels);
    }
}
