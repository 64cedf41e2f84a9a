package nnworkshop.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import nnworkshop.util.FileTrees;
import nnworkshop.util.Fuzz;
import nnworkshop.util.FuzzSeeds;

/**
 * Fuzzes {@link IdxReader#read} with Jazzer (coverage-guided): each input is a pair of files, an
 * images file and a labels file, in the layout of {@link #split}; libFuzzer mutates it starting
 * from the committed inputs in {@code src/test/resources/nnworkshop/data/IdxReaderFuzzTestInputs/idxFiles}
 * (small valid pairs, plain and gzipped, and the two headers whose pixel counts overflowed). The
 * reader must return a data set that is what its header says, or throw a one-line
 * {@code WorkshopException} (see {@link Fuzz}).
 *
 * <p>{@code mvn verify} replays the committed inputs, then fuzzes for a few seconds (surefire's
 * {@code fuzz-idx} execution, {@code JAZZER_FUZZ=1}); a long run is in the README.
 */
class IdxReaderFuzzTest {
    private static Path dir;

    @BeforeAll
    static void makeFolder() throws IOException {
        dir = Files.createTempDirectory("nnw-idx-fuzz");
    }

    @AfterAll
    static void removeFolder() {
        Fuzz.report(IdxReaderFuzzTest.class);
        FileTrees.deleteTree(dir);
    }

    /** One pair of IDX files ({@link #split}), written to a temporary folder and read. */
    @DictionaryEntries({ // libFuzzer's syntax: the magics, gzip's header, 28, 2^31-1, 2^30, 2^26
            "\\x00\\x00\\x08\\x03", "\\x00\\x00\\x08\\x01", "\\x1f\\x8b\\x08\\x00", "\\x00\\x00\\x00\\x1c",
            "\\x7f\\xff\\xff\\xff", "\\x40\\x00\\x00\\x00", "\\x04\\x00\\x00\\x00"})
    @FuzzTest(maxDuration = "10s")
    void idxFiles(byte[] input) {
        Fuzz.tried("IdxReaderFuzzTest.idxFiles");
        byte[][] pair = split(input);
        read(pair[0], pair[1]);
    }

    /**
     * The layout of an input: byte 0 holds flags (bit 0: gzip the images file, bit 1: gzip the
     * labels file), bytes 1-2 the length L of the labels file (big-endian, cut to what is there);
     * the labels file is the last L bytes, the images file what lies between.
     */
    static byte[][] split(byte[] input) {
        if (input.length < 3) return new byte[][] {input, new byte[0]};
        int flags = input[0];
        int labelsLength = Math.min(((input[1] & 0xFF) << 8) | (input[2] & 0xFF), input.length - 3);
        byte[] images = Arrays.copyOfRange(input, 3, input.length - labelsLength);
        byte[] labels = Arrays.copyOfRange(input, input.length - labelsLength, input.length);
        return new byte[][] {(flags & 1) != 0 ? FuzzSeeds.gzip(images) : images, (flags & 2) != 0 ? FuzzSeeds.gzip(labels) : labels};
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
