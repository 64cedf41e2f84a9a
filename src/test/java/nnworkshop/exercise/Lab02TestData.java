package nnworkshop.exercise;

import java.util.SplittableRandom;

import nnworkshop.data.Dataset;

/** Made-up 28×28 digits for the exercise checks' tests (learnable, sparse like MNIST). */
public final class Lab02TestData {
    private Lab02TestData() {}

    /** n 28×28 images of 10 classes: class k inks rows 2k+4..2k+6 (values 100–255), a few stray pixels elsewhere. */
    public static Dataset digits(String name, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[n * 784], labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(10);
            labels[i] = (byte) k;
            for (int row = 2 * k + 4; row < 2 * k + 7; row++)
                for (int col = 4; col < 24; col++) if (r.nextInt(3) > 0) px[i * 784 + row * 28 + col] = (byte) (100 + r.nextInt(156));
            for (int s = 0; s < 20; s++) px[i * 784 + r.nextInt(784)] = (byte) r.nextInt(256);
        }
        return new Dataset(name, n, 28, 28, px, labels);
    }

}
