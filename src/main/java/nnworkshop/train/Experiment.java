package nnworkshop.train;

import java.util.function.Consumer;

import nnworkshop.data.DataStore;
import nnworkshop.data.Dataset;
import nnworkshop.data.DatasetKind;
import nnworkshop.data.MnistData;
import nnworkshop.data.Normalization;
import nnworkshop.data.Splits;

/**
 * The data side of a training run, prepared once: the dataset, its seeded train/validation
 * split, an optional training subset, and the input normalisation. {@link Training#run} trains
 * an engine on it and evaluates on the test set.
 *
 * @param kind          which dataset
 * @param data          the test set, the files' checksum and read time; its {@code train()} is the
 *                      training split (the 60,000-image file itself is not kept)
 * @param train         the training split (or its first {@code subset} images)
 * @param validation    the validation split (held out of training; never the test set)
 * @param normalization the input normalisation (scale to [0, 1], or standardise with the training split's statistics)
 */
public record Experiment(DatasetKind kind, MnistData data, Dataset train, Dataset validation,
                         Normalization normalization) {

    /**
     * Loads (fetching on first use) and splits the data. A caller about to train the from-scratch
     * engine starts its warm-up first ({@code scratch.Warmup.start}), so the kernels compile while
     * the data loads.
     *
     * @param validation  images held out of the training set for validation
     * @param subset      if &gt; 0, keep only the first {@code subset} images of the training split
     * @param seed        seed of the split
     * @param standardize standardise with the training split's mean and std instead of scaling to [0, 1]
     */
    public static Experiment prepare(DataStore store, DatasetKind kind, int validation, int subset, long seed,
                                     boolean standardize, Consumer<String> log) {
        MnistData data = store.load(kind);
        Splits.Split split = Splits.trainValidation(data.train(), validation, seed);
        Dataset train = subset > 0 && subset < split.train().count() ? split.train().head(subset) : split.train();
        Normalization norm = standardize ? Normalization.fit(train) : Normalization.UNIT;
        log.accept(String.format(java.util.Locale.ROOT, "%s: %,d training, %,d validation, %,d test images (read in %.2f s)",
                kind.displayName(), train.count(), split.validation().count(), data.test().count(), data.readSeconds()));
        // keep the test set, checksum and read time, not the whole training file: its images are
        // in the two splits now, and holding them a third time cost 47 MB of the process's memory
        MnistData kept = new MnistData(data.kind(), split.train(), data.test(), data.sha256(), data.readSeconds());
        return new Experiment(kind, kept, train, split.validation(), norm);
    }

    public Dataset test() {
        return data.test();
    }
}
