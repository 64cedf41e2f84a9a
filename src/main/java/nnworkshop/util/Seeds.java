package nnworkshop.util;

import java.util.SplittableRandom;

/**
 * One seed for a whole run, split into an independent generator per consumer, so that a run can
 * be replayed exactly and changing one consumer (say, a different initialisation) does not shift
 * the random numbers another one sees (the order of shuffles).
 *
 * <p>Stream i is the i-th {@link SplittableRandom#split()} of {@code new SplittableRandom(seed)}; the
 * data split is the exception: it draws from {@code new SplittableRandom(seed)} itself, the generator
 * it has used since the first release, so that a seed picks the same validation images as it always has.
 */
public final class Seeds {
    /** The workshop's seed. */
    public static final long DEFAULT = 42L;

    private static final int INIT = 0;
    private static final int SHUFFLE = 1;
    private static final int GRAD_CHECK = 3; // stream 2 was reserved for the data split, which keeps the root
    private static final int AUGMENT = 4;

    private Seeds() {}

    /** For the initial weights ({@code Init.apply}). */
    public static SplittableRandom init(long seed) { return stream(seed, INIT); }

    /** For the order of the training samples, reshuffled every epoch. */
    public static SplittableRandom shuffle(long seed) { return stream(seed, SHUFFLE); }

    /** For splitting a training set into train and validation parts ({@code new SplittableRandom(seed)}). */
    public static SplittableRandom dataSplit(long seed) { return new SplittableRandom(seed); }

    /** For the random network and inputs of a gradient check. */
    public static SplittableRandom gradCheck(long seed) { return stream(seed, GRAD_CHECK); }

    /** For the random shifts, rotations, scales and stroke changes of augmented training images. */
    public static SplittableRandom augment(long seed) { return stream(seed, AUGMENT); }

    private static SplittableRandom stream(long seed, int index) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom r = root.split();
        for (int i = 0; i < index; i++) r = root.split();
        return r;
    }
}
