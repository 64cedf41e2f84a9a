package nnworkshop.tensor;

import static nnworkshop.tensor.FirstLayerFixtures.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.IntConsumer;

import nnworkshop.tensor.kernel.FastGemm;
import nnworkshop.tensor.kernel.SparseRows;
import nnworkshop.tensor.kernel.TestKernels;
import org.junit.jupiter.api.Test;

/**
 * A first layer's update split between the kernel threads (when its dWᵀ was): every rule gives the
 * bits of the update on the caller alone, and the update is split exactly when the gradient was.
 */
class SplitUpdateTest {
    /**
     * The fastest kernels on 2 threads, counting the calls of runParts; the cores' distance is not
     * measured (while the host has the two vCPUs far apart the kernels would keep these products
     * on one thread, and the test would not see a split).
     */
    private static final class Counting implements FastGemm {
        final FastGemm k = TestKernels.fastestWithoutCoreChecks(2);
        int parts;

        @Override public void nt(int m, int n, int kk, float[] a, float[] b, float[] bias, float[] c) { k.nt(m, n, kk, a, b, bias, c); }
        @Override public void nn(int m, int n, int kk, float[] a, float[] b, float[] c) { k.nn(m, n, kk, a, b, c); }
        @Override public void tn(int m, int n, int kk, float[] a, float[] b, float[] c) { k.tn(m, n, kk, a, b, c); }
        @Override public void nn(int m, int n, int kk, float[] a, float[] b, float[] bias, float[] c) { k.nn(m, n, kk, a, b, bias, c); }
        @Override public void tnActive(int m, int n, int kk, float[] a, float[] b, float[] c, int c0, int[] act, int mAct) { k.tnActive(m, n, kk, a, b, c, c0, act, mAct); }
        @Override public void tnSparse(SparseRows a, int n, float[] b, int b0, float[] c, int c0) { k.tnSparse(a, n, b, b0, c, c0); }
        @Override public boolean lastWeightGradientSplit() { return k.lastWeightGradientSplit(); }
        @Override public void runParts(int n, IntConsumer part) { parts++; k.runParts(n, part); }
        @Override public boolean isClosed() { return k.isClosed(); }
        @Override public int threads() { return k.threads(); }
        @Override public String describe() { return k.describe(); }
        @Override public void close() { k.close(); }
    }

    /** A batch whose every pixel is nonzero (standardised images) or, sparse, mostly zero. */
    private static Matrix batch(boolean dense, long seed) {
        Random r = new Random(seed);
        Matrix x = new Matrix(BATCH, IN);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = dense || r.nextInt(5) == 0 ? (float) r.nextGaussian() : 0f;
        }
        return x;
    }

    @Test
    void everyRuleGivesTheCallersBitsWhenSplit() {
        Matrix x = batch(true, 1), dz = dZ(2);
        try (Counting split = new Counting(); Backend alone = Backend.fastest(1)) {
            Backend two = Backend.of(split);
            Parameter a = weights(3), b = weights(3);
            two.register(a, false);
            alone.register(b, false);
            float[] va = a.newState(), vb = b.newState(), ma = a.newState(), mb = b.newState();
            float[] sa = a.newState(), sb = b.newState();
            for (int step = 1; step <= 3; step++) {
                two.weightGradient(dz, x, a);
                alone.weightGradient(dz, x, b);
                assertTrue(split.lastWeightGradientSplit(), "a dense dWᵀ of batch 64 is split between 2 threads");
                int before = split.parts;
                a.sgdStep(0.1f, 1e-4f);
                b.sgdStep(0.1f, 1e-4f);
                a.momentumStep(va, 0.05f, 0.9f, 0f);
                b.momentumStep(vb, 0.05f, 0.9f, 0f);
                double bc1 = 1 - Math.pow(0.9, step), bc2 = 1 - Math.pow(0.999, step);
                a.adamStep(ma, sa, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, bc1, bc2);
                b.adamStep(mb, sb, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, bc1, bc2);
                assertEquals(before + 3, split.parts, "each of the three updates ran in parts");
                assertArrayEquals(b.value().toArray(), a.value().toArray(), "the same bits, step " + step);
            }
            assertArrayEquals(vb, va);
            assertArrayEquals(mb, ma);
            assertArrayEquals(sb, sa);
        }
    }

    @Test
    void aGradientComputedByTheCallerIsAppliedByTheCaller() {
        Matrix x = batch(false, 4), dz = dZ(5);
        SparseRows rows = SparseRows.of(x.data(), BATCH, IN); // a batch of 64 as its nonzeros: one thread
        try (Counting split = new Counting()) {
            Parameter w = weights(6);
            Backend.of(split).register(w, false);
            split.tnSparse(rows, OUT, dz.data(), 0, w.gradTForWrite(), w.transposedOffset());
            assertTrue(!split.lastWeightGradientSplit(), "a sparse dWᵀ of batch 64 stays on the caller");
            int before = split.parts;
            w.sgdStep(0.1f, 0f);
            assertEquals(before, split.parts, "the update stays on the caller too");
        }
    }
}
