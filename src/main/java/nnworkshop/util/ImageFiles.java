package nnworkshop.util;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import nnworkshop.WorkshopException;

/**
 * Writes images as PNG files through {@link AtomicFiles}.
 *
 * <p>The PNG is encoded in memory first, then written in one go. {@code ImageIO.write(image, "png",
 * stream)} instead caches the encoding in a temporary file of its own (in {@code java.io.tmpdir})
 * and registers it with a JVM-wide "StreamCloser" thread; on a full disk that thread later dies
 * with a NullPointerException and its stack trace, and the real cause ("No space left on device")
 * is buried in suppressed exceptions. Here a full disk is one line naming the file.
 */
public final class ImageFiles {
    private ImageFiles() {}

    /**
     * Writes {@code image} (not modified) as a PNG at {@code target}, atomically, creating parent
     * directories.
     *
     * @throws WorkshopException one line naming the file if it cannot be written
     */
    public static Path writePng(RenderedImage image, Path target) {
        byte[] png;
        try {
            png = encodePng(image);
        } catch (IOException e) {
            throw new WorkshopException("cannot write " + PathText.show(target) + ": the image cannot be encoded as PNG ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : PathText.show(e.getMessage())) + ")", e);
        }
        return AtomicFiles.write(target, out -> out.write(png));
    }

    /** The PNG encoding of {@code image} (not modified), made in memory only. */
    public static byte[] encodePng(RenderedImage image) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) throw new IOException("this Java has no PNG writer");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
