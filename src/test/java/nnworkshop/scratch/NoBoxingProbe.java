package nnworkshop.scratch;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.train.MiniBatch;
import nnworkshop.train.TrainConfig;

/**
 * Run by {@link NoBoxingTest} in a JVM where nothing of {@code tensor.kernel} is inlined: trains
 * 784-128-10 on one thread on each kind of input the kernels take (nonzero lists, dense, dense with
 * zero columns) and prints, per kind, the bytes a step allocated once warm.
 */
public final class NoBoxingProbe {
    private NoBoxingProbe() {}

    public static void main(String[] args) {
        int warm = Integer.parseInt(args[0]), timed = Integer.parseInt(args[1]);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String[] kinds = {"sparse", "dense", "zero-columns"};
        for (String kind : kinds) {
            boolean dense = !kind.equals("sparse");
            Dataset data = Warmup.synthetic(64 * 16, dense, kind.equals("zero-columns"), new SplittableRandom(1));
            Normalization norm = kind.equals("dense") ? Normalization.fit(data) : Normalization.UNIT;
            int[] order = new int[data.count()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            MiniBatch[] batches = new MiniBatch[16];
            for (int b = 0; b < batches.length; b++) batches[b] = MiniBatch.of(data, order, b * 64, 64, b == 15 ? 0 : 64);
            try (ScratchEngine e = ScratchEngine.create(ModelSpec.withHidden(784, 10, Activation.RELU, 128), Init.HE, 1, 1)) {
                e.prepare(TrainConfig.builder().normalization(norm).batch(64).build(), data, null);
                e.setLearningRate(0.01);
                for (int s = 0; s < warm; s++) step(e, batches[s % 16]);
                long t0 = bean.getCurrentThreadAllocatedBytes();
                for (int s = 0; s < timed; s++) step(e, batches[s % 16]);
                long t1 = bean.getCurrentThreadAllocatedBytes();
                System.out.println(kind + " " + (t1 - t0) / timed);
            }
        }
    }

    private static void step(ScratchEngine e, MiniBatch b) {
        e.computeGradients(b);
        e.update();
    }
}
