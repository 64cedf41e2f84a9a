package nnworkshop.train;

import java.util.SplittableRandom;

/**
 * One seed for a whole run, split into an independent generator per consumer, so that a run can
 * be replayed exactly and changing one consumer (say, a different initialisation) does not shift
 * the random numbers another one sees (the order of shuffles).
 *
 * <p>Stream i is the i-th {@link SplittableRandom#split()} of {@code new SplittableRandom(seed)}.
 */
public final class Seeds {
    /** The workshop's seed. */
    public static final long DEFAULT = 42L;

    private static final int INIT = 0;
    private static final int SHUFFLE = 1;
    private static final int DATA_SPLIT = 2;
    private static final int GRAD_CHECK = 3;

    private Seeds() {}

    /** For the initial weights ({@code Init.apply}). */
    public static SplittableRandom init(long seed) { return stream(seed, INIT); }

    /** For the order of the training samples, reshuffled every epoch. */
    public static SplittableRandom shuffle(long seed) { return stream(seed, SHUFFLE); }

    /** For splitting a training set into train and validation parts. */
    public static SplittableRandom dataSplit(long seed) { return stream(seed, DATA_SPLIT); }

    /** For the random network and inputs of a gradient check. */
    public static SplittableRandom gradCheck(long seed) { return stream(seed, GRAD_CHECK); }

    private static SplittableRandom stream(long seed, int index) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom r = root.split();
        for (int i = 0; i < index; i++) r = root.split();
        return r;
    }
}
