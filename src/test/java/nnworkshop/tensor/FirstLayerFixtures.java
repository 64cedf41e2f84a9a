package nnworkshop.tensor;

import java.util.Random;

/** Seeded operands of the default model's first layer (784 → 128) at batch 64, for the tests of its products. */
final class FirstLayerFixtures {
    static final int IN = 784, OUT = 128, BATCH = 64;

    private FirstLayerFixtures() {}

    /** A weight (OUT, IN) of N(0, 0.05²) values. */
    static Parameter weights(long seed) {
        return new Parameter("0.weight", new int[] {OUT, IN}, gaussian(OUT, IN, 0.05f, seed));
    }

    /** A gradient dZ (BATCH, OUT) of N(0, 0.01²) values. */
    static Matrix dZ(long seed) {
        return gaussian(BATCH, OUT, 0.01f, seed);
    }

    /** A (rows, cols) matrix of N(0, scale²) values. */
    static Matrix gaussian(int rows, int cols, float scale, long seed) {
        Random r = new Random(seed);
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.data().length; i++) m.data()[i] = (float) r.nextGaussian() * scale;
        return m;
    }
}
