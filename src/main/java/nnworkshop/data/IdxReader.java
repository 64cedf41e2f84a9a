package nnworkshop.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import nnworkshop.WorkshopException;
import nnworkshop.util.FileKind;
import nnworkshop.util.PathText;

/**
 * Reads MNIST-style IDX files (raw or gzip-compressed) into a {@link Dataset}, checking every
 * field of the header instead of skipping it.
 *
 * <p>The IDX format: a 4-byte magic number {@code 00 00 TT DD} (TT = element type, 0x08 for unsigned
 * bytes; DD = number of dimensions), then DD big-endian 32-bit sizes, then the elements.
 * Images are {@code 0x00000803} with sizes (N, rows, cols); labels are {@code 0x00000801} with size (N).
 *
 * <p>A file is gzip if it starts with the gzip magic bytes {@code 1f 8b}, whatever its name. Each file
 * is read with one bulk read into a byte array (then inflated in memory if compressed): the 47 MB of
 * the MNIST training images take a few tens of milliseconds, not the seconds a per-byte stream costs.
 *
 * <p>Every problem is a {@link WorkshopException} whose single-line message names the file, says what
 * is wrong and what to do: missing or empty file, corrupt gzip, bad magic number, wrong type code,
 * wrong number of dimensions, truncated header, truncated body, trailing garbage, images and labels
 * that disagree in number, labels outside 0..9.
 */
public final class IdxReader {
    /** Magic number of an images file: unsigned bytes, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a labels file: unsigned bytes, 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** IDX type code for unsigned bytes, the only one MNIST uses. */
    static final int TYPE_UBYTE = 0x08;

    /** What to do about a bad data file; appended to every message about one. */
    static final String HINT = "run `./workshop data fetch` again, or delete the file";

    private IdxReader() {}

    /** The images of an IDX file: (count, rows, cols) unsigned bytes. */
    record Images(int count, int rows, int cols, byte[] pixels) {}

    /**
     * Reads an images file and its labels file into one data set.
     *
     * @param images an IDX3 images file, raw or gzip (not modified)
     * @param labels the matching IDX1 labels file, raw or gzip (not modified)
     * @param name   the data set's name, e.g. "mnist/train"
     * @throws WorkshopException if either file is missing, unreadable or not a valid IDX file, or
     *                           if they disagree in number of items
     */
    public static Dataset read(Path images, Path labels, String name) {
        Images im = parseImages(readContent(images), images);
        byte[] lb = parseLabels(readContent(labels), labels);
        return combine(im, images, lb, labels, name);
    }

    /** The data set made of parsed images and labels, after checking that their counts agree. */
    static Dataset combine(Images im, Path imagesFile, byte[] labels, Path labelsFile, String name) {
        if (labels.length != im.count()) {
            throw new WorkshopException(labelsFile + ": holds " + labels.length + " labels but "
                    + imagesFile.getFileName() + " holds " + im.count()
                    + " images (the two files do not belong together; " + HINT + ")");
        }
        return new Dataset(name, im.count(), im.rows(), im.cols(), im.pixels(), labels);
    }

    /**
     * The content of {@code file}, decompressed if it starts with the gzip magic bytes.
     *
     * @throws WorkshopException if the file is missing, unreadable, empty or corrupt gzip
     */
    static byte[] readContent(Path file) {
        FileKind kind = FileKind.of(file);
        if (kind != FileKind.REGULAR && kind != FileKind.MISSING) {
            // never opened: reading a FIFO would wait for a writer forever, a device may never end
            throw new WorkshopException(PathText.show(file) + ": is " + FileKind.describe(file)
                    + ", not a regular IDX file; it was not opened (" + HINT + ")");
        }
        byte[] bytes;
        try {
            bytes = readAll(file);
        } catch (NoSuchFileException e) {
            throw new WorkshopException(PathText.show(file) + ": file not found (run `./workshop data fetch`, or check the path)", e);
        } catch (AccessDeniedException e) {
            throw new WorkshopException(PathText.show(file) + ": permission denied (make the file readable, or " + HINT + ")", e);
        } catch (IOException e) {
            throw new WorkshopException(PathText.show(file) + ": cannot be read: " + oneLine(e) + " (" + HINT + ")", e);
        }
        if (bytes.length == 0) {
            throw new WorkshopException(PathText.show(file) + ": the file is empty (" + HINT + ")");
        }
        if (isGzip(bytes)) {
            bytes = gunzip(bytes, file);
            if (bytes.length == 0) {
                throw new WorkshopException(PathText.show(file) + ": the file is empty once decompressed (" + HINT + ")");
            }
        }
        return bytes;
    }

    /** Bytes read per call: NIO reads a heap array through a temporary native buffer of the call's size and keeps it. */
    private static final int READ_CHUNK = 1 << 20;

    /**
     * The whole file, read 1 MB at a time. ({@link Files#readAllBytes} reads it in one call, and the
     * JDK then caches a native buffer as large as the file for the rest of the process: 47 MB of the
     * training process's memory for MNIST's training images.)
     */
    static byte[] readAll(Path file) throws IOException {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 8) throw new IOException("the file is too large (" + size + " bytes)");
            byte[] bytes = new byte[(int) size];
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.position() < bytes.length) {
                buf.limit(Math.min(bytes.length, buf.position() + READ_CHUNK));
                if (ch.read(buf) < 0) return java.util.Arrays.copyOf(bytes, buf.position()); // shrank meanwhile
            }
            return bytes;
        }
    }

    /** True if {@code bytes} start with the gzip magic bytes 1f 8b. */
    static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1f && (bytes[1] & 0xFF) == 0x8b;
    }

    private static byte[] gunzip(byte[] gz, Path file) {
        // The gzip trailer's ISIZE (last 4 bytes, little-endian) is the decompressed size mod 2^32:
        // a hint that lets us inflate straight into an array of the right size.
        int n = gz.length;
        long hint = n >= 18 ? ((gz[n - 4] & 0xFFL) | (gz[n - 3] & 0xFFL) << 8 | (gz[n - 2] & 0xFFL) << 16
                | (gz[n - 1] & 0xFFL) << 24) : 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16)) {
            if (hint <= 0 || hint > Integer.MAX_VALUE - 16) {
                return in.readAllBytes();
            }
            byte[] out = in.readNBytes((int) hint);
            if (out.length == hint) {
                byte[] rest = in.readAllBytes(); // more data than the hint said (several members)
                if (rest.length > 0) {
                    byte[] all = Arrays.copyOf(out, out.length + rest.length);
                    System.arraycopy(rest, 0, all, out.length, rest.length);
                    out = all;
                }
            }
            return out;
        } catch (EOFException e) {
            throw new WorkshopException(PathText.show(file) + ": corrupt gzip data, the compressed stream ends early"
                    + " (the download was cut short; " + HINT + ")", e);
        } catch (ZipException e) {
            throw new WorkshopException(PathText.show(file) + ": corrupt gzip data (" + oneLine(e) + "; " + HINT + ")", e);
        } catch (IOException e) {
            throw new WorkshopException(PathText.show(file) + ": cannot decompress: " + oneLine(e) + " (" + HINT + ")", e);
        } catch (OutOfMemoryError e) {
            throw new WorkshopException(PathText.show(file) + ": too large to decompress in memory (" + HINT + ")");
        }
    }

    /**
     * Parses the (decompressed) content of an images file.
     *
     * @param content the whole file (not modified)
     * @param file    its path, for messages
     */
    static Images parseImages(byte[] content, Path file) {
        int[] sizes = parseHeader(content, file, 3, "images");
        long count = sizes[0], rows = sizes[1], cols = sizes[2];
        if (rows == 0 || cols == 0) {
            throw new WorkshopException(PathText.show(file) + ": the header says the images are " + rows + "x" + cols
                    + " pixels (" + HINT + ")");
        }
        if (rows * cols > Integer.MAX_VALUE - 8) { // so count * rows * cols (< 2^62) cannot overflow either
            throw new WorkshopException(PathText.show(file) + ": the header says the images are " + rows + "x" + cols
                    + " pixels, more than an image can have (" + HINT + ")");
        }
        long body = count * rows * cols;
        checkBody(content, file, 16, body, count + " images of " + rows + "x" + cols);
        byte[] pixels = Arrays.copyOfRange(content, 16, content.length);
        return new Images((int) count, (int) rows, (int) cols, pixels);
    }

    /**
     * Parses the (decompressed) content of a labels file and checks that every label is in 0..9.
     *
     * @param content the whole file (not modified)
     * @param file    its path, for messages
     * @return the labels (a new array)
     */
    static byte[] parseLabels(byte[] content, Path file) {
        int[] sizes = parseHeader(content, file, 1, "labels");
        long count = sizes[0];
        checkBody(content, file, 8, count, count + " labels");
        byte[] labels = Arrays.copyOfRange(content, 8, content.length);
        for (int i = 0; i < labels.length; i++) {
            int v = labels[i] & 0xFF;
            if (v >= Dataset.NUM_CLASSES) {
                throw new WorkshopException(PathText.show(file) + ": label " + v + " of item " + i + " is outside 0.."
                        + (Dataset.NUM_CLASSES - 1) + " (" + HINT + ")");
            }
        }
        return labels;
    }

    /** Checks magic, type code and dimensions; returns the sizes (all ≥ 0). */
    private static int[] parseHeader(byte[] c, Path file, int dims, String what) {
        int expectedMagic = dims == 3 ? IMAGES_MAGIC : LABELS_MAGIC;
        if (c.length < 4) {
            throw new WorkshopException(PathText.show(file) + ": truncated header, only " + c.length
                    + " bytes where an IDX " + what + " file starts with at least " + (4 + 4 * dims) + " (" + HINT + ")");
        }
        int magic = readInt(c, 0);
        if (c[0] != 0 || c[1] != 0) {
            throw new WorkshopException(PathText.show(file) + ": bad magic number " + hex(magic) + ", expected "
                    + hex(expectedMagic) + " for an IDX " + what + " file (not an IDX file; " + HINT + ")");
        }
        int type = c[2] & 0xFF;
        if (type != TYPE_UBYTE) {
            throw new WorkshopException(PathText.show(file) + ": wrong IDX type code 0x" + String.format("%02x", type)
                    + " in magic number " + hex(magic) + ", expected 0x08 (unsigned bytes) as in "
                    + hex(expectedMagic) + " (" + HINT + ")");
        }
        int d = c[3] & 0xFF;
        if (d != dims) {
            String swapped = (d == 1 || d == 3) ? "; are the images and labels files swapped?" : "";
            throw new WorkshopException(PathText.show(file) + ": has " + d + (d == 1 ? " dimension" : " dimensions") + " (magic number " + hex(magic)
                    + "), expected " + dims + " for an IDX " + what + " file (" + HINT + swapped + ")");
        }
        int headerBytes = 4 + 4 * dims;
        if (c.length < headerBytes) {
            throw new WorkshopException(PathText.show(file) + ": truncated header, only " + c.length + " of its "
                    + headerBytes + " bytes are present (" + HINT + ")");
        }
        int[] sizes = new int[dims];
        for (int i = 0; i < dims; i++) {
            sizes[i] = readInt(c, 4 + 4 * i);
            if (sizes[i] < 0) {
                throw new WorkshopException(PathText.show(file) + ": the header gives an impossible size "
                        + Integer.toUnsignedString(sizes[i]) + " for dimension " + (i + 1) + " (" + HINT + ")");
            }
        }
        return sizes;
    }

    private static void checkBody(byte[] c, Path file, int headerBytes, long expected, String promised) {
        long actual = c.length - (long) headerBytes;
        if (actual < expected) {
            throw new WorkshopException(PathText.show(file) + ": truncated, the header promises " + promised + " ("
                    + expected + " bytes of data) but only " + actual + " follow (" + HINT + ")");
        }
        if (actual > expected) {
            throw new WorkshopException(PathText.show(file) + ": " + (actual - expected) + " bytes of trailing garbage after the "
                    + promised + " the header promises (" + HINT + ")");
        }
    }

    private static int readInt(byte[] c, int at) {
        return (c[at] & 0xFF) << 24 | (c[at + 1] & 0xFF) << 16 | (c[at + 2] & 0xFF) << 8 | (c[at + 3] & 0xFF);
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }

    /** An exception's message on one line. */
    static String oneLine(Throwable e) {
        String m = e.getMessage();
        String s = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
