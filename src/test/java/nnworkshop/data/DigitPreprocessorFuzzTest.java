package nnworkshop.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

import nnworkshop.util.FileTrees;
import nnworkshop.util.Fuzz;
import nnworkshop.util.FuzzImages;

/**
 * Fuzzes {@link DigitPreprocessor#toMnist(Path)}, what {@code ./workshop predict} does with an
 * image file, with Jazzer (coverage-guided): libFuzzer mutates image files from the committed
 * inputs in {@code src/test/resources/nnworkshop/data/DigitPreprocessorFuzzTestInputs/imageFiles}
 * (a small digit stroke in every format and sample type Java writes, {@link FuzzImages#seeds};
 * PNG, GIF and BMP headers that declare enormous images; the 32-bit and float gray TIFFs that
 * crashed it before). The result must be 784 values in [0, 1], or a one-line
 * {@code WorkshopException} (see {@link Fuzz}); a PNG that declares more than
 * {@link DigitPreprocessor#MAX_PIXELS} pixels must be refused within the base allocation.
 *
 * <p>Only the project's classes are instrumented for coverage, not the JDK's image readers, so
 * the guidance comes from {@code DigitPreprocessor} itself; the committed inputs give the formats.
 * {@code mvn verify} replays them, then fuzzes for a few seconds (surefire's {@code fuzz-image}
 * execution, {@code JAZZER_FUZZ=1}); a long run is in the README.
 */
class DigitPreprocessorFuzzTest {
    private static Path dir;

    @BeforeAll
    static void makeFolder() throws IOException {
        dir = Files.createTempDirectory("nnw-image-fuzz");
    }

    @AfterAll
    static void removeFolder() {
        Fuzz.report(DigitPreprocessorFuzzTest.class);
        FileTrees.deleteTree(dir);
    }

    /** One image file, written and preprocessed. */
    @FuzzTest(maxDuration = "10s")
    void imageFiles(byte[] file) {
        Fuzz.tried("DigitPreprocessorFuzzTest.imageFiles");
        // A PNG is decoded only if its IHDR declares at most MAX_PIXELS: the raster (up to 8 bytes a
        // pixel for 16-bit RGBA) and the float copies of the preprocessing (luminance, ink, crop) take
        // up to about 32 bytes per declared pixel. Other formats: the same for the largest image allowed.
        long declared = FuzzImages.declaredPixels(file);
        if (declared > DigitPreprocessor.MAX_PIXELS) { // an image bomb: refused before it is allocated
            if (check(file, Fuzz.BASE_ALLOCATION).isPresent()) {
                throw new AssertionError("a PNG of " + declared + " pixels was accepted: " + Fuzz.hex(file));
            }
            return;
        }
        long pixels = declared >= 0 ? declared : DigitPreprocessor.MAX_PIXELS;
        check(file, Fuzz.BASE_ALLOCATION + 16L * file.length + 32 * pixels);
    }

    private static Optional<float[]> check(byte[] file, long bound) {
        Path f = dir.resolve("digit.png");
        try {
            Files.write(f, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<float[]> out = Fuzz.check(Fuzz.hex(file), bound, () -> DigitPreprocessor.toMnist(f));
        out.ifPresent(x -> {
            if (x.length != 28 * 28) throw new AssertionError(x.length + " values from " + Fuzz.hex(file));
            for (float v : x) {
                if (!(v >= 0 && v <= 1)) throw new AssertionError("a value of " + v + " from " + Fuzz.hex(file));
            }
        });
        return out;
    }
}
