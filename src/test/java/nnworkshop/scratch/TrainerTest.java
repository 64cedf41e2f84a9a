package nnworkshop.scratch;

import nnworkshop.tensor.Backend;
import nnworkshop.train.Evaluation;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.Synthetic;
import nnworkshop.train.TrainConfig;
import nnworkshop.util.Seeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.nn.Init;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.optim.OptimizerKind;
import nnworkshop.tensor.kernel.Gemm;
import nnworkshop.tensor.kernel.ReferenceGemm;

class TrainerTest {
    private static final ModelSpec SPEC = ModelSpec.parse("8", null, "relu", 16, 4);

    private static Sequential model(long seed) {
        return SPEC.build(Init.HE, Seeds.init(seed));
    }

    private static TrainConfig config(int epochs, int batch) {
        return TrainConfig.builder().epochs(epochs).batch(batch).lr(0.1).build();
    }

    /** Records the batch size of every forward product of the first layer. */
    private static final class CountingGemm implements Gemm {
        final List<Integer> firstLayerRows = new ArrayList<>();
        private final Gemm inner = new ReferenceGemm();

        @Override
        public void nt(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c) {
            if (k == 16) firstLayerRows.add(m);
            inner.nt(m, n, k, a, b, bias, c);
        }

        @Override
        public void nn(int m, int n, int k, float[] a, float[] b, float[] c) { inner.nn(m, n, k, a, b, c); }

        @Override
        public void tn(int m, int n, int k, float[] a, float[] b, float[] c) { inner.tn(m, n, k, a, b, c); }
    }

    @Test
    void theLastPartialBatchIsKept() {
        Dataset ten = Synthetic.quadrants("ten", 10, 1);
        CountingGemm gemm = new CountingGemm();
        History h = Trainer.fit(model(1), ten, null, config(2, 4), Backend.of(gemm), ProgressListener.SILENT);
        assertEquals(3, h.stepsPerEpoch());
        assertEquals(6, h.steps());
        assertEquals(6, h.stepLosses().length);
        assertEquals(List.of(4, 4, 2, 4, 4, 2), gemm.firstLayerRows);
        assertTrue(Double.isNaN(h.last().valLoss()), "no validation set: NaN");
    }

    @Test
    void itLearnsAndReportsEveryEpoch() {
        Dataset train = Synthetic.quadrants("train", 600, 2), val = Synthetic.quadrants("val", 200, 3);
        History h = Trainer.fit(model(2), train, val, config(5, 16), Backend.reference(), ProgressListener.SILENT);
        assertEquals(5, h.epochs().size());
        assertEquals(5, h.valAccuracy().length);
        assertTrue(h.trainLoss()[4] < h.trainLoss()[0], "loss falls: " + java.util.Arrays.toString(h.trainLoss()));
        assertTrue(h.last().valAccuracy() > 0.95, "val accuracy " + h.last().valAccuracy());
        // the reported validation figures are those of the Evaluator on the whole set
        Evaluation e = new Evaluator(trainedAgain(train, val), nnworkshop.data.Normalization.UNIT)
                .evaluate(val, LossKind.CROSS_ENTROPY);
        assertEquals(h.last().valAccuracy(), e.accuracy());
        assertEquals(h.last().valLoss(), e.loss(), 1e-12);
    }

    private static Sequential trainedAgain(Dataset train, Dataset val) {
        Sequential m = model(2);
        Trainer.fit(m, train, val, config(5, 16), Backend.reference(), ProgressListener.SILENT);
        return m;
    }

    @Test
    void sameSeedGivesABitIdenticalLossHistory() {
        Dataset train = Synthetic.quadrants("train", 300, 4);
        TrainConfig c = TrainConfig.builder().epochs(3).batch(32).momentum(0.9).lr(0.05).build();
        float[] a = Trainer.fit(model(c.seed()), train, null, c, Backend.reference(), ProgressListener.SILENT).stepLosses();
        float[] b = Trainer.fit(model(c.seed()), train, null, c, Backend.reference(), ProgressListener.SILENT).stepLosses();
        assertArrayEquals(a, b);
        TrainConfig other = c.withSeed(43);
        float[] d = Trainer.fit(model(43), train, null, other, Backend.reference(), ProgressListener.SILENT).stepLosses();
        assertFalse(java.util.Arrays.equals(a, d));
    }

    private static String divergence(TrainConfig c) {
        return divergence(model(5), c);
    }

    private static String divergence(Sequential model, TrainConfig c) {
        Dataset train = Synthetic.quadrants("train", 200, 5);
        History[] seen = new History[1];
        ProgressListener capture = new ProgressListener() {
            @Override
            public void onEnd(History history) { seen[0] = history; }
        };
        WorkshopException e = assertThrows(WorkshopException.class,
                () -> Trainer.fit(model, train, null, c, Backend.reference(), capture));
        int step = seen[0].steps() + 1;
        assertTrue(e.getMessage().startsWith("training diverged at step " + step + " (epoch "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        return e.getMessage();
    }

    @Test
    void aLossThatBecomesNaNOrInfiniteStopsTrainingNamingTheStep() {
        Sequential overflowing = model(5);
        overflowing.denseLayers().get(1).weight().value().fill(Float.MAX_VALUE); // logits overflow to ±∞
        String m = divergence(overflowing, TrainConfig.builder().epochs(1).batch(8).lr(0.5).build());
        assertEquals("training diverged at step 1 (epoch 1): loss is NaN — try a smaller learning rate, e.g. --lr 0.05", m);
        Sequential again = model(5);
        again.denseLayers().get(1).weight().value().fill(Float.MAX_VALUE);
        m = divergence(again, TrainConfig.builder().epochs(1).batch(8).lr(0.5).loss(LossKind.MSE).build());
        assertTrue(m.matches(".*: loss is (NaN|infinite) — .*"), m);
    }

    @Test
    void aCrossEntropyThatExplodesStopsTrainingToo() {
        String m = divergence(TrainConfig.builder().epochs(5).batch(8).lr(1e4).build());
        assertTrue(m.contains("over 100 times the first step's"), m);
        assertTrue(m.endsWith("try a smaller learning rate, e.g. --lr 1000"), m);
    }

    @Test
    void dataThatDoNotFitTheModelAreRejected() {
        Dataset wrongSize = new Dataset("odd", 2, 3, 3, new byte[18], new byte[2]);
        WorkshopException e = assertThrows(WorkshopException.class, () -> Trainer.fit(model(1), wrongSize, null,
                config(1, 4), Backend.reference(), ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("9 pixels per image but the model's first layer expects 16"), e.getMessage());
        Dataset badLabel = Synthetic.withLabels("labels", new int[] {0, 7}, 1);
        e = assertThrows(WorkshopException.class, () -> Trainer.fit(model(1), badLabel, null, config(1, 4),
                Backend.reference(), ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("label 7"), e.getMessage());
        assertThrows(WorkshopException.class, () -> TrainConfig.builder().lr(0).build());
        assertThrows(WorkshopException.class, () -> TrainConfig.builder().optimizer(OptimizerKind.ADAM).momentum(0.9).build());
    }

    @Test
    void theStepLoopAllocatesNothing() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Dataset small = Synthetic.quadrants("small", 64 * 20, 6), large = Synthetic.quadrants("large", 64 * 220, 6);
        Gemm gemm = new ReferenceGemm();
        TrainConfig c = config(1, 64);
        Trainer.fit(model(1), small, null, c, Backend.of(gemm), ProgressListener.SILENT); // warm up the JIT
        Trainer.fit(model(1), large, null, c, Backend.of(gemm), ProgressListener.SILENT);
        long t0 = bean.getCurrentThreadAllocatedBytes();
        Trainer.fit(model(1), small, null, c, Backend.of(gemm), ProgressListener.SILENT);
        long t1 = bean.getCurrentThreadAllocatedBytes();
        Trainer.fit(model(1), large, null, c, Backend.of(gemm), ProgressListener.SILENT);
        long t2 = bean.getCurrentThreadAllocatedBytes();
        // 200 more steps may only cost the larger index array and step-loss array (4 bytes each)
        long extra = (t2 - t1) - (t1 - t0);
        long allowed = 4L * 64 * 200 + 4L * 200 + 16 * 1024;
        assertTrue(extra < allowed, "200 extra steps allocated " + extra + " bytes (allowed " + allowed + ")");
    }
}
