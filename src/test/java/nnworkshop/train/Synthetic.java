package nnworkshop.train;

import java.util.SplittableRandom;

import nnworkshop.data.Dataset;

/** Small made-up data sets for training tests. */
final class Synthetic {
    private Synthetic() {}

    /**
     * n images of 4×4 pixels in 4 classes: class k lights up quadrant k (values 150–255), the rest
     * is noise (0–100). Learnable to ~100% in a few epochs.
     */
    static Dataset quadrants(String name, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[n * 16];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(4);
            labels[i] = (byte) k;
            for (int row = 0; row < 4; row++) {
                for (int col = 0; col < 4; col++) {
                    int quadrant = (row / 2) * 2 + col / 2;
                    int v = quadrant == k ? 150 + r.nextInt(106) : r.nextInt(101);
                    px[i * 16 + row * 4 + col] = (byte) v;
                }
            }
        }
        return new Dataset(name, n, 4, 4, px, labels);
    }

    /** Images whose labels are given (pixels random). */
    static Dataset withLabels(String name, int[] labels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[labels.length * 16];
        for (int i = 0; i < px.length; i++) px[i] = (byte) r.nextInt(256);
        byte[] lb = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) lb[i] = (byte) labels[i];
        return new Dataset(name, labels.length, 4, 4, px, lb);
    }
}
