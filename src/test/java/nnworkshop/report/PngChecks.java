package nnworkshop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import javax.imageio.ImageIO;

/** Checks shared by the tests of written figures: a real, decodable, non-blank PNG of a given size. */
public final class PngChecks {
    private PngChecks() {}

    /** Decodes {@code file} with ImageIO, failing the test if it is missing or not an image. */
    public static BufferedImage read(Path file) {
        assertTrue(Files.isRegularFile(file), file + " was not written");
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            assertNotNull(img, file + " does not decode as an image");
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that {@code file} is a PNG of exactly {@code width × height} that is not blank: at least
     * {@code minColours} distinct colours and a luminance standard deviation of at least 10 (of 255).
     */
    public static BufferedImage assertPng(Path file, int width, int height, int minColours) {
        BufferedImage img = read(file);
        assertEquals(width, img.getWidth(), file + " width");
        assertEquals(height, img.getHeight(), file + " height");
        assertNotBlank(img, minColours, file.toString());
        return img;
    }

    /** At least {@code minColours} distinct colours and a luminance std of at least 10. */
    public static void assertNotBlank(BufferedImage img, int minColours, String what) {
        Set<Integer> colours = new HashSet<>();
        double sum = 0, sumSq = 0;
        long n = (long) img.getWidth() * img.getHeight();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                double lum = 0.299 * (rgb >> 16) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
                sum += lum;
                sumSq += lum * lum;
            }
        }
        double mean = sum / n;
        double std = Math.sqrt(Math.max(sumSq / n - mean * mean, 0));
        assertTrue(colours.size() >= minColours, what + ": only " + colours.size() + " distinct colours");
        assertTrue(std >= 10, what + ": luminance std " + std + " looks blank");
    }

    /** True if some pixel of {@code img} has exactly the colour {@code rgb} (0xRRGGBB). */
    public static boolean hasColour(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) return true;
            }
        }
        return false;
    }
}
