package nnworkshop.util;

import static nnworkshop.util.TestFiles.assertNoTemporaries;
import static nnworkshop.util.TestFiles.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PNGs are encoded in memory and written atomically; ImageIO's own file cache is never involved. */
class ImageFilesTest {
    @TempDir
    Path dir;

    static BufferedImage image() {
        BufferedImage im = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 5; y++) for (int x = 0; x < 7; x++) im.setRGB(x, y, (x * 36) << 16 | (y * 50) << 8 | 99);
        return im;
    }

    static int[] pixels(BufferedImage im) {
        return im.getRGB(0, 0, im.getWidth(), im.getHeight(), null, 0, im.getWidth());
    }

    @Test
    void writesAPngWithTheSamePixels() throws IOException {
        Path png = ImageFiles.writePng(image(), dir.resolve("a.png"));
        assertArrayEquals(pixels(image()), pixels(ImageIO.read(png.toFile())));
        assertNoTemporaries(dir);
    }

    @Test
    void doesNotNeedImageIosFileCache() throws IOException {
        // ImageIO.write(image, "png", stream) would cache in this folder, which is gone by the time it writes
        Path cache = Files.createDirectory(dir.resolve("imageio-cache"));
        boolean use = ImageIO.getUseCache();
        File old = ImageIO.getCacheDirectory();
        try {
            ImageIO.setUseCache(true);
            ImageIO.setCacheDirectory(cache.toFile());
            Files.delete(cache);
            Path png = ImageFiles.writePng(image(), dir.resolve("b.png"));
            assertArrayEquals(pixels(image()), pixels(ImageIO.read(png.toFile())));
        } finally {
            ImageIO.setCacheDirectory(old);
            ImageIO.setUseCache(use);
        }
    }

    @Test
    void aTargetThatIsADirectoryIsOneLineAndUntouched() throws IOException {
        Path d = Files.createDirectory(dir.resolve("c.png"));
        assertOneLineError(() -> ImageFiles.writePng(image(), d), "cannot write " + d, "is a directory");
        assertEquals(java.util.List.of(), TestFiles.names(d));
    }
}
