package nnworkshop.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import nnworkshop.util.FileTrees;
import nnworkshop.util.Fuzz;
import nnworkshop.util.Mutation;

/**
 * Fuzzes {@link IdxReader#read}: arbitrary bytes, and IDX files with valid headers of odd sizes
 * (0, powers of two, {@code 0x7fffffff}, sizes whose product overflows), bodies a little too short
 * or too long, labels out of range, then bit flips, overwritten integers, cuts and gzip wrapping.
 * Each pair of files is written to a temporary folder and read; the reader must return a data set
 * that is what its header says, or throw a one-line {@code WorkshopException} (see {@link Fuzz}).
 *
 * <p>Runs a short seeded budget in {@code mvn verify}; a long one:
 * {@code mvn -B -o verify -Dtest=IdxReaderFuzzTest -Dnnworkshop.fuzz.tries=1000000}.
 */
@AddLifecycleHook(Fuzz.Budget.class)
class IdxReaderFuzzTest {
    private static Path dir;

    @BeforeContainer
    static void makeFolder() throws IOException {
        dir = Files.createTempDirectory("nnw-idx-fuzz");
    }

    @AfterContainer
    static void removeFolder() {
        FileTrees.deleteTree(dir);
    }

    @Property(seed = "15001", tries = 1000)
    void arbitraryBytes(@ForAll @Size(max = 200) byte[] images, @ForAll @Size(max = 200) byte[] labels) {
        read(images, labels);
    }

    @Property(seed = "15002", tries = 1500)
    void mutatedIdxFiles(@ForAll("pairs") Tuple.Tuple2<byte[], byte[]> pair) {
        read(pair.get1(), pair.get2());
    }

    /** Reads the pair; checks the contract and, on success, that the data set is what the header says. */
    private static void read(byte[] images, byte[] labels) {
        Path im = dir.resolve("images-idx3-ubyte"), lb = dir.resolve("labels-idx1-ubyte");
        write(im, images);
        write(lb, labels);
        // The reader holds the file, its inflated content and the parsed arrays: a few copies of each.
        long bound = Fuzz.BASE_ALLOCATION + 8 * (images.length + inflated(images) + labels.length + inflated(labels));
        String shown = "images " + Fuzz.hex(images) + ", labels " + Fuzz.hex(labels);
        Fuzz.check(shown, bound, () -> IdxReader.read(im, lb, "fuzz")).ifPresent(ds -> {
            long pixels = Math.multiplyExact((long) ds.count(), Math.multiplyExact((long) ds.rows(), ds.cols()));
            if (ds.features() != (long) ds.rows() * ds.cols() || ds.rawPixels().length != pixels
                    || ds.rawLabels().length != ds.count() || (ds.count() > 0 && ds.maxLabel() > 9)) {
                throw new AssertionError("read a data set that is not what it says: " + ds + " from " + shown);
            }
        });
    }

    // ----------------------------------------------------------------------------- generators

    @Provide
    Arbitrary<Tuple.Tuple2<byte[], byte[]>> pairs() {
        return Arbitraries.frequencyOf(Tuple.of(6, headers(size(), size(), size())), Tuple.of(1, overflowing()));
    }

    /**
     * Headers whose sizes multiply past 2^31 (pixels per image) or 2^64 (pixels in all): powers of
     * two, so that a product computed in int or long arithmetic wraps to a small number or zero.
     */
    private static Arbitrary<Tuple.Tuple2<byte[], byte[]>> overflowing() {
        Arbitrary<Integer> big = Arbitraries.integers().between(12, 30).map(k -> 1 << k);
        Arbitrary<Integer> count = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.integers().between(0, 12).map(k -> 1 << k)));
        return headers(count, big, big);
    }

    private static Arbitrary<Tuple.Tuple2<byte[], byte[]>> headers(Arbitrary<Integer> count, Arbitrary<Integer> rows,
                                                                   Arbitrary<Integer> cols) {
        Arbitrary<Integer> delta = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.integers().between(-2, 2)));
        return Combinators.combine(count, rows, cols, delta, delta, Arbitraries.of(9, 9, 9, 10, 255),
                        Arbitraries.of(true, true, false))
                .flatAs((n, r, c, imagesDelta, labelsDelta, maxLabel, sameCount) -> {
                    byte[] images = imagesFile(n, r, c, imagesDelta);
                    Arbitrary<Integer> labelCount = sameCount ? Arbitraries.just(n) : size();
                    return labelCount.flatMap(m -> {
                        byte[] labels = labelsFile(m, labelsDelta, maxLabel);
                        return Combinators.combine(damaged(images), damaged(labels)).as(Tuple::of);
                    });
                });
    }

    /** A size field: mostly small, often an interesting integer (which may be negative as an int). */
    private static Arbitrary<Integer> size() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 30)),
                Tuple.of(3, Mutation.interesting().map(Long::intValue)),
                Tuple.of(1, Arbitraries.integers()));
    }

    /**
     * An images file: the header as given, then as many pixels as a naive writer computes for it
     * ({@code count * rows * cols} in 64-bit arithmetic, wrapping) plus {@code delta}, when that is
     * small; a few bytes otherwise.
     */
    private static byte[] imagesFile(int count, int rows, int cols, int delta) {
        long promised = (long) count * rows * cols;
        int body = promised >= 0 && promised <= 20_000 ? (int) Math.max(0, promised + delta) : Math.abs(delta) * 7;
        ByteBuffer b = ByteBuffer.allocate(16 + body).putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < body; i++) b.put((byte) (i * 31));
        return b.array();
    }

    private static byte[] labelsFile(int count, int delta, int maxLabel) {
        int body = count >= 0 && count <= 20_000 ? Math.max(0, count + delta) : Math.abs(delta) * 3;
        ByteBuffer b = ByteBuffer.allocate(8 + body).putInt(IdxReader.LABELS_MAGIC).putInt(count);
        for (int i = 0; i < body; i++) b.put((byte) (i % (maxLabel + 1)));
        return b.array();
    }

    /** The file as it is, edited, gzip-wrapped, or both in either order. */
    private static Arbitrary<byte[]> damaged(byte[] file) {
        Arbitrary<List<Mutation>> edits = Mutation.lists(4);
        return Combinators.combine(edits, Arbitraries.integers().between(0, 7)).as((e, how) -> switch (how) {
            case 0, 1, 2 -> file;
            case 3, 4 -> Mutation.apply(file, e);
            case 5 -> gzip(file);
            case 6 -> gzip(Mutation.apply(file, e));
            default -> Mutation.apply(gzip(file), e);
        });
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(o)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return o.toByteArray();
    }

    /** How many bytes a gzip file inflates to before it ends or breaks (0 if not gzip), capped at 1 GB. */
    static long inflated(byte[] file) {
        if (!IdxReader.isGzip(file)) return 0;
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            for (int got; (got = in.read(buf)) > 0 && n < (1L << 30); ) n += got;
        } catch (IOException e) {
            // counted up to where it broke
        }
        return n;
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
