package nnworkshop.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import nnworkshop.util.FileTrees;
import nnworkshop.util.Fuzz;
import nnworkshop.util.FuzzImages;
import nnworkshop.util.Mutation;

/**
 * Fuzzes {@link DigitPreprocessor#toMnist(Path)}, what {@code ./workshop predict} does with an
 * image file: arbitrary bytes; small images in every format and sample type Java writes
 * ({@link FuzzImages#seeds}), as they are and with bit flips, overwritten integers (the sizes in
 * a header), cuts and repeats; and PNG, GIF and BMP headers that declare more than
 * {@link DigitPreprocessor#MAX_PIXELS} pixels, which must be refused before they are allocated.
 * The result must be 784 values in [0, 1], or a one-line {@code WorkshopException} (see {@link Fuzz}).
 *
 * <p>Runs a short seeded budget in {@code mvn verify}; a long one:
 * {@code mvn -B -o verify -Dtest=DigitPreprocessorFuzzTest -Dnnworkshop.fuzz.tries=1000000}.
 */
@AddLifecycleHook(Fuzz.Budget.class)
class DigitPreprocessorFuzzTest {
    private static Path dir;
    private static List<byte[]> seeds;

    @BeforeContainer
    static void makeSeeds() throws IOException {
        dir = Files.createTempDirectory("nnw-image-fuzz");
        seeds = FuzzImages.seeds();
    }

    @AfterContainer
    static void removeFolder() {
        FileTrees.deleteTree(dir);
    }

    @Property(seed = "15201", tries = 1000)
    void arbitraryBytes(@ForAll @Size(max = 300) byte[] file) {
        preprocess(file);
    }

    @Property(seed = "15202", tries = 2000)
    void mutatedImages(@ForAll @IntRange(max = 12) int seed, @ForAll("edits") List<Mutation> edits) {
        preprocess(Mutation.apply(seeds.get(seed % seeds.size()), edits));
    }

    /** Image bombs: a tiny file declaring more than 40 megapixels is refused, allocating little. */
    @Property(seed = "15203", tries = 300)
    void enormousImagesAreRefused(@ForAll("bombs") byte[] file) {
        if (check(file, Fuzz.BASE_ALLOCATION).isPresent()) {
            throw new AssertionError("an image of more than " + DigitPreprocessor.MAX_PIXELS + " pixels was accepted: "
                    + Fuzz.hex(file));
        }
    }

    private static void preprocess(byte[] file) {
        // A PNG is decoded only if its IHDR declares at most MAX_PIXELS: the raster (up to 8 bytes a
        // pixel for 16-bit RGBA) and the float copies of the preprocessing (luminance, ink, crop) take
        // up to about 32 bytes per declared pixel. Other formats: the same for the largest image allowed.
        long declared = FuzzImages.declaredPixels(file);
        long pixels = declared >= 0 ? Math.min(declared, DigitPreprocessor.MAX_PIXELS) : DigitPreprocessor.MAX_PIXELS;
        check(file, Fuzz.BASE_ALLOCATION + 16L * file.length + 32 * pixels);
    }

    private static java.util.Optional<float[]> check(byte[] file, long bound) {
        Path f = dir.resolve("digit.png");
        try {
            Files.write(f, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.Optional<float[]> out = Fuzz.check(Fuzz.hex(file), bound, () -> DigitPreprocessor.toMnist(f));
        out.ifPresent(x -> {
            if (x.length != 28 * 28) throw new AssertionError(x.length + " values from " + Fuzz.hex(file));
            for (float v : x) {
                if (!(v >= 0 && v <= 1)) throw new AssertionError("a value of " + v + " from " + Fuzz.hex(file));
            }
        });
        return out;
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return Mutation.lists(5);
    }

    @Provide
    Arbitrary<byte[]> bombs() {
        // sides up to 2^31-1 (PNG, BMP) or 65535 (GIF), with more than MAX_PIXELS in all
        Arbitrary<Integer> side = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.of(1, 2, 6325, 6400, 65535, 1 << 16, 1 << 20, 0x7fffffff)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, Integer.MAX_VALUE)));
        Arbitrary<Integer> gifSide = Arbitraries.integers().between(6400, 65535);
        return Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(side, side).as((w, h) -> new int[] {w, h})
                        .filter(s -> (long) s[0] * s[1] > DigitPreprocessor.MAX_PIXELS)
                        .flatMap(s -> Arbitraries.of(FuzzImages.pngBomb(s[0], s[1]), FuzzImages.bmpBomb(s[0], s[1]),
                                FuzzImages.bmpBomb(s[0], -s[1]))),
                net.jqwik.api.Combinators.combine(gifSide, gifSide).as(FuzzImages::gifBomb));
    }
}
