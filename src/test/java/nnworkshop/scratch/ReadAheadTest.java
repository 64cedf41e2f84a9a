package nnworkshop.scratch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.tensor.Backend;
import nnworkshop.train.MiniBatch;
import nnworkshop.train.TrainConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * On two threads the next batch is read ahead by the kernel thread (dense, or as its nonzero
 * pixels with their lists by column) from the second pass over the data on; a step still gets
 * exactly its own images: the same losses and weights, bit for bit, as one thread (which never
 * reads ahead), also when the loop gives a step other images than it announced.
 */
class ReadAheadTest {
    private static final int BATCH = 64, IMAGES = 16 * BATCH;

    @Test
    void denseBatchesReadAheadGiveTheBitsOfOneThread() {
        Dataset data = Warmup.synthetic(IMAGES, true, new SplittableRandom(3));
        check(data, Normalization.fit(data));
    }

    @Test
    void sparseBatchesReadAheadGiveTheBitsOfOneThread() {
        Dataset data = Warmup.synthetic(IMAGES, false, new SplittableRandom(4));
        check(data, Normalization.UNIT);
    }

    private static void check(Dataset data, Normalization norm) {
        Assumptions.assumeTrue(Backend.vectorApiAvailable(), "the fast kernels need the Vector API");
        ModelSpec spec = ModelSpec.withHidden(784, 10, Activation.RELU, 128);
        TrainConfig config = TrainConfig.builder().normalization(norm).batch(BATCH).build();
        int[] order = new int[IMAGES];
        for (int i = 0; i < IMAGES; i++) order[i] = (i * 37) % IMAGES; // a fixed shuffle
        try (ScratchEngine one = ScratchEngine.create(spec, Init.HE, 5, 1);
             ScratchEngine two = ScratchEngine.create(spec, Init.HE, 5, 2)) {
            one.prepare(config, data, null);
            two.prepare(config, data, null);
            one.setLearningRate(0.1);
            two.setLearningRate(0.1);
            int steps = IMAGES / BATCH, announcedAndGiven = 0;
            // the first pass: its batches are not read ahead (the JIT needs the second core then)
            for (int s = 0; s < steps; s++) {
                MiniBatch b = MiniBatch.of(data, order, s * BATCH, BATCH, s == steps - 1 ? 0 : BATCH);
                double l1 = one.computeGradients(b), l2 = two.computeGradients(b);
                assertEquals(Double.doubleToLongBits(l1), Double.doubleToLongBits(l2), "first pass, step " + s);
                one.update();
                two.update();
            }
            assertEquals(0, two.batchesReadAhead(), "no batch read ahead in the first pass");
            // the second: read ahead, and the loop changing its mind now and then
            for (int s = 0; s < steps; s++) {
                int from = s * BATCH;
                if (s == 5) { // the loop changes its mind after announcing this batch: two of its images swapped
                    int t = order[from + 3];
                    order[from + 3] = order[from + 40];
                    order[from + 40] = t;
                }
                if (s == 9) from = 2 * BATCH; // a batch other than the one announced
                int next = s == steps - 1 ? 0 : BATCH;
                MiniBatch b = MiniBatch.of(data, order, from, BATCH, next);
                double l1 = one.computeGradients(b), l2 = two.computeGradients(b);
                assertEquals(Double.doubleToLongBits(l1), Double.doubleToLongBits(l2), "step " + s + ": loss " + l1 + " vs " + l2);
                one.update();
                two.update();
                if (s > 0 && s != 5 && s != 9 && s != 10) announcedAndGiven++; // 10: announced after 9 as images 3·64..
            }
            var w1 = one.stateDict();
            var w2 = two.stateDict();
            for (String name : w1.keySet()) assertArrayEquals(w1.get(name).data(), w2.get(name).data(), name);
            assertEquals(0, one.batchesReadAhead(), "one thread reads no batch ahead");
            assertEquals(announcedAndGiven, two.batchesReadAhead(), "every step given the batch announced before it used it");
        }
    }
}
