package nnworkshop.data;

/**
 * A whole data set in memory, as returned by {@link DataStore#load(DatasetKind)}.
 *
 * @param kind        which data set
 * @param train       the 60,000 training images (split it with {@link Splits} for validation)
 * @param test        the 10,000 test images, for the final evaluation only
 * @param sha256      one digest identifying the four files, for provenance: the SHA-256 of the text
 *                    {@code sha256sum} prints for them, i.e. of the lines {@code "<hex>  <name>\n"} for
 *                    train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
 *                    t10k-labels-idx1-ubyte in that order, each hex digest taken over the
 *                    decompressed content and each name without {@code .gz}. In the cache folder
 *                    (uncompressed files) it equals the output of
 *                    {@code sha256sum train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte | sha256sum}
 * @param readSeconds wall time to read, decompress, hash and parse the four files (not the fetch)
 */
public record MnistData(DatasetKind kind, Dataset train, Dataset test, String sha256, double readSeconds) {
    @Override
    public String toString() {
        return kind.displayName() + ": " + train + ", " + test + ", sha256 " + sha256;
    }
}
