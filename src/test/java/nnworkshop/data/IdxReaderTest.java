package nnworkshop.data;

import static nnworkshop.data.TestData.assertSameData;
import static nnworkshop.data.TestData.assertWorkshopError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path tmp;

    @org.junit.jupiter.api.Test
    void readsAFileOfSeveralChunksWhole() throws Exception {
        for (int size : new int[] {1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 2_500_000}) {
            byte[] data = new byte[size];
            new java.util.Random(size).nextBytes(data);
            data[0] = 0; // not the gzip magic
            Path f = tmp.resolve("blob-" + size);
            java.nio.file.Files.write(f, data);
            org.junit.jupiter.api.Assertions.assertArrayEquals(data, IdxReader.readContent(f), "size " + size);
        }
    }

    Dataset data;
    Path images;
    Path labels;

    @BeforeEach
    void writeValidPair() {
        data = TestData.random("small", 7, 4, 3, 42);
        images = tmp.resolve("images-idx3-ubyte");
        labels = tmp.resolve("labels-idx1-ubyte");
        IdxWriter.write(data, images, labels);
    }

    @Test
    void roundTripRaw() throws IOException {
        assertEquals(16 + 7 * 4 * 3, Files.size(images));
        assertEquals(8 + 7, Files.size(labels));
        Dataset back = IdxReader.read(images, labels, "back");
        assertSameData(data, back);
        assertEquals("back", back.name());
    }

    @Test
    void roundTripGzip() throws IOException {
        Path gi = tmp.resolve("i.gz"), gl = tmp.resolve("l.gz");
        IdxWriter.write(data, gi, gl);
        byte[] head = Files.readAllBytes(gi);
        assertEquals(0x1f, head[0] & 0xFF);
        assertEquals(0x8b, head[1] & 0xFF);
        assertSameData(data, IdxReader.read(gi, gl, "gz"));
    }

    @Test
    void gzipIsDetectedByContentNotName() throws IOException {
        Path gi = tmp.resolve("i.gz"), gl = tmp.resolve("l.gz");
        IdxWriter.write(data, gi, gl);
        Path noSuffix = Files.move(gi, tmp.resolve("compressed-without-suffix"));
        Path rawWithSuffix = Files.copy(labels, tmp.resolve("raw-but-named.gz"));
        assertSameData(data, IdxReader.read(noSuffix, rawWithSuffix, "mixed"));
    }

    @Test
    void emptyDataSetRoundTrips() {
        Dataset empty = new Dataset("empty", 0, 28, 28, new byte[0], new byte[0]);
        Path i = tmp.resolve("e-i"), l = tmp.resolve("e-l");
        IdxWriter.write(empty, i, l);
        assertSameData(empty, IdxReader.read(i, l, "empty"));
    }

    @Test
    void missingFile() {
        Path nope = tmp.resolve("nope-idx3-ubyte");
        assertWorkshopError(() -> IdxReader.read(nope, labels, "x"), nope.toString(), "not found", "data fetch");
    }

    @Test
    void zeroLengthFile() throws IOException {
        Files.write(images, new byte[0]);
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), images.toString(), "empty", "data fetch");
    }

    @Test
    void truncatedHeader() throws IOException {
        Files.write(images, new byte[] {0, 0, 8});
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), images.toString(), "truncated header");
        Files.write(images, new byte[] {0, 0, 8, 3, 0, 0, 0, 7, 0, 0});
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), images.toString(), "truncated header");
    }

    @Test
    void badMagic() throws IOException {
        byte[] b = Files.readAllBytes(images);
        b[0] = 'P';
        b[1] = 'K';
        Files.write(images, b);
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), images.toString(), "bad magic number",
                "0x00000803", "data fetch");
    }

    @Test
    void wrongTypeCode() throws IOException {
        byte[] b = Files.readAllBytes(images);
        b[2] = 0x0D; // float
        Files.write(images, b);
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), images.toString(), "type code 0x0d");
    }

    @Test
    void wrongDimensionsSuggestsSwappedFiles() {
        assertWorkshopError(() -> IdxReader.read(labels, images, "x"), labels.toString(), "has 1 dimension (",
                "expected 3", "swapped");
    }

    @Test
    void truncatedBody() throws IOException {
        byte[] b = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(b, b.length - 5));
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), images.toString(), "truncated",
                "7 images of 4x3");
    }

    @Test
    void trailingGarbage() throws IOException {
        byte[] b = Files.readAllBytes(labels);
        Files.write(labels, Arrays.copyOf(b, b.length + 3));
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), labels.toString(), "3 bytes of trailing garbage");
    }

    @Test
    void countMismatch() {
        Dataset six = data.head(6);
        IdxWriter.writeLabels(six, labels);
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), labels.toString(), "6 labels", "7 images");
    }

    @Test
    void labelOutOfRange() throws IOException {
        byte[] b = Files.readAllBytes(labels);
        b[8 + 4] = 10;
        Files.write(labels, b);
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), labels.toString(), "label 10 of item 4",
                "outside 0..9");
        b[8 + 4] = (byte) 255;
        Files.write(labels, b);
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), "label 255");
    }

    @Test
    void zeroSizedImages() throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(16).putInt(0x803).putInt(0).putInt(0).putInt(28);
        Files.write(images, bb.array());
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), images.toString(), "0x28");
    }

    /** Found by IdxReaderFuzzTest: 2^26 x 2^26 pixels wrapped to 0 in int, so 0 images of it read as a data set. */
    @Test
    void imagesLargerThanAnArrayAreRefused() throws IOException {
        Files.write(images, ByteBuffer.allocate(16).putInt(0x803).putInt(0).putInt(1 << 26).putInt(1 << 26).array());
        Files.write(labels, ByteBuffer.allocate(8).putInt(0x801).putInt(0).array());
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), images.toString(), "67108864x67108864");
    }

    /** 16 images of 2^30 x 2^30: 2^64 pixels, 0 in 64-bit arithmetic; was a data set of 16 images and no pixels. */
    @Test
    void aPixelCountThatWrapsTo0IsRefused() throws IOException {
        Files.write(images, ByteBuffer.allocate(16).putInt(0x803).putInt(16).putInt(1 << 30).putInt(1 << 30).array());
        Files.write(labels, ByteBuffer.allocate(8 + 16).putInt(0x801).putInt(16).array());
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), images.toString(), "1073741824x1073741824");
    }

    @Test
    void impossibleCount() throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(8).putInt(0x801).putInt(-1);
        Files.write(labels, bb.array());
        assertWorkshopError(() -> IdxReader.read(images, labels, "x"), labels.toString(), "impossible size 4294967295");
    }

    @Test
    void truncatedGzip() throws IOException {
        Path gi = tmp.resolve("i.gz");
        IdxWriter.writeImages(data, gi);
        byte[] b = Files.readAllBytes(gi);
        Files.write(gi, Arrays.copyOf(b, b.length / 2));
        assertWorkshopError(() -> IdxReader.read(gi, labels, "x"), gi.toString(), "corrupt gzip", "data fetch");
    }

    @Test
    void corruptGzip() throws IOException {
        Path gi = tmp.resolve("i.gz");
        IdxWriter.writeImages(TestData.random("big", 200, 28, 28, 1), gi);
        byte[] b = Files.readAllBytes(gi);
        for (int i = 20; i < b.length - 20; i += 7) b[i] ^= 0x5A;
        Files.write(gi, b);
        assertWorkshopError(() -> IdxReader.read(gi, labels, "x"), gi.toString(), "corrupt gzip");
    }

    @Test
    void gzipOfEmptyContent() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        new GZIPOutputStream(bos).close();
        Path gi = Files.write(tmp.resolve("empty.gz"), bos.toByteArray());
        assertWorkshopError(() -> IdxReader.read(gi, labels, "x"), gi.toString(), "empty once decompressed");
    }

    @Test
    void problemsInsideGzipAreReportedToo() throws IOException {
        byte[] b = Files.readAllBytes(images);
        Path gi = tmp.resolve("i.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gi))) {
            out.write(b, 0, b.length - 1);
        }
        assertWorkshopError(() -> IdxReader.read(gi, labels, "x"), gi.toString(), "truncated");
    }
}
