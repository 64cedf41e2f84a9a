package nnworkshop.train;

import java.util.SplittableRandom;

import nnworkshop.data.Dataset;

/** Small made-up data sets for training tests (the torch engine's tests train on them too). */
public final class Synthetic {
    private Synthetic() {}

    /**
     * n images of 4×4 pixels in 4 classes: class k lights up quadrant k (values 150–255), the rest
     * is noise (0–100). Learnable to ~100% in a few epochs.
     */
    public static Dataset quadrants(String name, int n, long seed) {
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
    /**
     * n 8 × 8 images of 4 classes, mostly zeros (as MNIST): class k inks about half the pixels of
     * quadrant k, and a few stray pixels elsewhere; about 15% of all pixels are nonzero.
     */
    public static Dataset sparseQuadrants(String name, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[n * 64];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(4);
            labels[i] = (byte) k;
            for (int row = 0; row < 8; row++) {
                for (int col = 0; col < 8; col++) {
                    int quadrant = (row / 4) * 2 + col / 4;
                    boolean ink = quadrant == k ? r.nextInt(2) == 0 : r.nextInt(40) == 0;
                    px[i * 64 + row * 8 + col] = (byte) (ink ? 1 + r.nextInt(255) : 0);
                }
            }
        }
        return new Dataset(name, n, 8, 8, px, labels);
    }

    public static Dataset withLabels(String name, int[] labels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[labels.length * 16];
        for (int i = 0; i < px.length; i++) px[i] = (byte) r.nextInt(256);
        byte[] lb = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) lb[i] = (byte) labels[i];
        return new Dataset(name, labels.length, 4, 4, px, lb);
    }
}
