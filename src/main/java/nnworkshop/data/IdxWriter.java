package nnworkshop.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import nnworkshop.util.AtomicFiles;

/**
 * Writes a {@link Dataset} as a pair of IDX files, the inverse of {@link IdxReader}: images as
 * {@code 0x00000803} (N, rows, cols) and labels as {@code 0x00000801} (N), unsigned bytes.
 *
 * <p>A file whose name ends in {@code .gz} is gzip-compressed. Files are written atomically with
 * {@link AtomicFiles}, so a reader never sees half a file. Used by tests and tools (for example to
 * save a subset of a data set).
 */
public final class IdxWriter {
    private IdxWriter() {}

    /**
     * Writes the images and the labels of {@code data} (not modified).
     *
     * @throws nnworkshop.WorkshopException if a file cannot be written
     */
    public static void write(Dataset data, Path images, Path labels) {
        writeImages(data, images);
        writeLabels(data, labels);
    }

    /** Writes the images of {@code data} (not modified) as an IDX3 file; returns {@code file}. */
    public static Path writeImages(Dataset data, Path file) {
        return AtomicFiles.write(file, raw -> writeTo(raw, file, out -> {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(data.count());
            out.writeInt(data.rows());
            out.writeInt(data.cols());
            out.write(data.rawPixels());
        }));
    }

    /** Writes the labels of {@code data} (not modified) as an IDX1 file; returns {@code file}. */
    public static Path writeLabels(Dataset data, Path file) {
        return AtomicFiles.write(file, raw -> writeTo(raw, file, out -> {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(data.count());
            out.write(data.rawLabels());
        }));
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static void writeTo(OutputStream raw, Path file, Body body) throws IOException {
        if (file.getFileName().toString().endsWith(".gz")) {
            GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16);
            DataOutputStream out = new DataOutputStream(gz);
            body.write(out);
            out.flush();
            gz.finish(); // the caller closes raw
        } else {
            DataOutputStream out = new DataOutputStream(raw);
            body.write(out);
            out.flush();
        }
    }
}
