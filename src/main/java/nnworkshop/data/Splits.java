package nnworkshop.data;

import java.util.Arrays;
import java.util.SplittableRandom;

import nnworkshop.WorkshopException;
import nnworkshop.util.Seeds;

/**
 * Splits the training set into a part to train on and a validation part to choose
 * hyper-parameters with. The test set is never split: it is kept for the final evaluation.
 */
public final class Splits {
    /** Default validation size: 60,000 MNIST training images → 55,000 train + 5,000 validation. */
    public static final int DEFAULT_VALIDATION = 5000;

    private Splits() {}

    /** A training set cut in two disjoint parts whose union is the original. */
    public record Split(Dataset train, Dataset validation) {}

    /**
     * Picks {@code validationSize} images of {@code train} at random for validation and keeps the
     * rest for training.
     *
     * <p>The algorithm is fixed so that a seed gives the same split forever: a Fisher–Yates shuffle
     * of 0..N−1 driven by {@link Seeds#dataSplit} (for i = N−1 down to 1, swap i with
     * {@code nextInt(i + 1)}); the first {@code validationSize} indices form the validation part.
     * Each part keeps the original order of its images (indices sorted), so the split depends only
     * on which images were picked.
     *
     * @param train          the full training set (not modified)
     * @param validationSize 0 ≤ size &lt; N
     * @param seed           the random seed
     * @throws WorkshopException if the size is out of range
     */
    public static Split trainValidation(Dataset train, int validationSize, long seed) {
        int n = train.count();
        if (validationSize < 0 || validationSize >= n) {
            throw new WorkshopException("validation size " + validationSize + " is out of range for "
                    + train.name() + " with " + n + " images (choose 0 to " + (n - 1) + ", e.g. "
                    + Math.min(DEFAULT_VALIDATION, Math.max(0, n / 12)) + ")");
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        SplittableRandom rnd = Seeds.dataSplit(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] val = Arrays.copyOfRange(perm, 0, validationSize);
        int[] tr = Arrays.copyOfRange(perm, validationSize, n);
        Arrays.sort(val);
        Arrays.sort(tr);
        return new Split(train.subset(train.name() + " (train part)", tr),
                train.subset(train.name() + " (validation part)", val));
    }
}
