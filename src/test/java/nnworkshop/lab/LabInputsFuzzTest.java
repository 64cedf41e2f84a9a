package nnworkshop.lab;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import com.google.gson.JsonObject;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;

import nnworkshop.util.Fuzz;
import nnworkshop.util.FuzzImages;
import nnworkshop.util.Mutation;

/**
 * Fuzzes the Lab's request bodies as the server reads them: {@link Inputs#object} then
 * {@link Inputs#image} ({@code POST /api/predict}) and {@link TrainRequest#parse}
 * ({@code POST /api/train}). Inputs: arbitrary text; JSON-ish text built from the API's keys and
 * awkward values (1e400, NaN, -0, huge integers, wrong types, arrays of 0 to 100,000 numbers,
 * random nesting); arrays and objects nested up to 20,000 deep, closed or not; valid bodies with
 * their bytes edited (read back as UTF-8, as the server does); and {@code "image"} data URLs of
 * mutated pictures. The clear error of the API is an {@link ApiError} 400 with a one-line message
 * (the server answers it as {@code {"error": ...}}; anything else would be a 500).
 *
 * <p>Runs a short seeded budget in {@code mvn verify}; a long one:
 * {@code mvn -B -o verify -Dtest=LabInputsFuzzTest -Dnnworkshop.fuzz.tries=1000000}.
 */
@AddLifecycleHook(Fuzz.Budget.class)
class LabInputsFuzzTest {
    private static final List<String> KEYS = List.of("pixels", "image", "engine", "hidden", "activation", "optimizer",
            "lr", "momentum", "batch", "epochs", "subset", "augmentation", "seed");
    private static List<byte[]> images;
    private static String predictBody;
    private static final String TRAIN_BODY = "{\"engine\":\"scratch\",\"hidden\":\"256,128\",\"activation\":\"relu\","
            + "\"optimizer\":\"adam\",\"lr\":0.001,\"momentum\":0,\"batch\":64,\"epochs\":1,\"subset\":1000,"
            + "\"augmentation\":false,\"seed\":42}";

    @BeforeContainer
    static void makeBodies() {
        images = FuzzImages.seeds();
        StringBuilder sb = new StringBuilder("{\"pixels\":[");
        for (int i = 0; i < 784; i++) sb.append(i > 0 ? "," : "").append(i % 28 == 14 ? "1" : i % 5 == 0 ? "0.25" : "0");
        predictBody = sb.append("]}").toString();
    }

    @Property(seed = "15301", tries = 2000)
    void arbitraryText(@ForAll @StringLength(max = 300) String body) {
        both(body);
    }

    @Property(seed = "15302", tries = 1000)
    void jsonIsh(@ForAll("bodies") String body) {
        both(body);
    }

    @Property(seed = "15303", tries = 300)
    void deepNesting(@ForAll @IntRange(min = 1, max = 20_000) int depth, @ForAll @IntRange(max = 5) int shape) {
        String open = shape % 3 == 0 ? "[" : shape % 3 == 1 ? "{\"a\":" : "{\"pixels\":[";
        String close = shape % 3 == 0 ? "]" : shape % 3 == 1 ? "}" : "]}";
        String body = open.repeat(depth) + "0" + (shape < 3 ? close.repeat(depth) : ""); // 3..5: never closed
        both(body);
    }

    @Property(seed = "15304", tries = 2000)
    void mutatedBodies(@ForAll boolean train, @ForAll("edits") List<Mutation> edits) {
        byte[] body = (train ? TRAIN_BODY : predictBody).getBytes(StandardCharsets.UTF_8);
        both(new String(Mutation.apply(body, edits), StandardCharsets.UTF_8));
    }

    @Property(seed = "15305", tries = 1500)
    void mutatedImages(@ForAll @IntRange(max = 12) int seed, @ForAll("edits") List<Mutation> edits,
                       @ForAll("prefixes") String prefix) {
        byte[] image = Mutation.apply(images.get(seed % images.size()), edits);
        String body = "{\"image\":\"" + prefix + Base64.getEncoder().encodeToString(image) + "\"}";
        long declared = FuzzImages.declaredPixels(image);
        long pixels = declared >= 0 ? Math.min(declared, Inputs.MAX_IMAGE_PIXELS) : Inputs.MAX_IMAGE_PIXELS;
        predict(body, Fuzz.BASE_ALLOCATION + 256L * body.length() + 32 * pixels);
    }

    @Property(seed = "15306", tries = 200)
    void imageBombsAreRefused(@ForAll @IntRange(min = 2001, max = 65535) int w, @ForAll @IntRange(min = 2001, max = 65535) int h,
                              @ForAll boolean gif) {
        byte[] image = gif ? FuzzImages.gifBomb(w, h) : FuzzImages.pngBomb(w, h);
        String body = "{\"image\":\"data:image/png;base64," + Base64.getEncoder().encodeToString(image) + "\"}";
        if (predict(body, Fuzz.BASE_ALLOCATION)) {
            throw new AssertionError("an image of " + w + "x" + h + " pixels was accepted");
        }
    }

    // ------------------------------------------------------------------------------- contract

    /** The body through both endpoints' parsing. */
    private static void both(String body) {
        // Gson's tree of the body: an object or two per character at most; an image in it, decoded
        long bound = Fuzz.BASE_ALLOCATION + 256L * body.length()
                + (body.contains("data:image") ? 32 * Inputs.MAX_IMAGE_PIXELS : 0);
        predict(body, bound);
        train(body, bound);
    }

    /** True if the body was taken, after checking the 784 values it stands for. */
    private static boolean predict(String body, long bound) {
        return Fuzz.check(ApiError.class, LabInputsFuzzTest::problem, Fuzz.text(body), bound,
                () -> Inputs.image(Inputs.object(body), 784)).map(x -> {
                    if (x.length != 784) throw new AssertionError(x.length + " values from " + Fuzz.text(body));
                    for (float v : x) if (!(v >= 0 && v <= 1)) throw new AssertionError(v + " from " + Fuzz.text(body));
                    return true;
                }).orElse(false);
    }

    private static void train(String body, long bound) {
        Fuzz.check(ApiError.class, LabInputsFuzzTest::problem, Fuzz.text(body), bound, () -> {
            JsonObject o = Inputs.object(body);
            return TrainRequest.parse(o, 60_000);
        }).ifPresent(r -> {
            int[] sizes = r.spec().sizes();
            if (sizes[0] != 784 || sizes[sizes.length - 1] != 10 || sizes.length - 2 > TrainRequest.MAX_LAYERS
                    || r.config().epochs() > TrainRequest.MAX_EPOCHS || r.config().batch() > TrainRequest.MAX_BATCH
                    || r.subset() < 0 || !Double.isFinite(r.config().lr())) {
                throw new AssertionError("took a request outside the limits: " + r + " from " + Fuzz.text(body));
            }
        });
    }

    private static String problem(ApiError e) {
        if (e.status != 400) return "status " + e.status + ", not 400";
        return Fuzz.problemWithLine(e.getMessage());
    }

    // ----------------------------------------------------------------------------- generators

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return Mutation.lists(5);
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.of("data:image/png;base64,", "data:image/png;base64,", "data:image/jpeg;base64, ",
                "data:image/png,", "data:text/plain;base64,", "", "data:image/;base64,");
    }

    /** A JSON object of the API's keys (and others) with awkward values, sometimes cut short. */
    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> key = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(KEYS)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(5)));
        Arbitrary<String> entry = Combinators.combine(key, value(3)).as((k, v) -> "\"" + k + "\":" + v);
        Arbitrary<String> object = entry.list().ofMaxSize(6).map(l -> "{" + String.join(",", l) + "}");
        return Combinators.combine(object, Arbitraries.integers().between(0, 9)).as((o, cut) ->
                cut == 0 && o.length() > 2 ? o.substring(0, o.length() / 2) : cut == 1 ? o + "]" : o);
    }

    private static Arbitrary<String> value(int depth) {
        Arbitrary<String> leaf = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("0", "-0", "1", "0.5", "-1", "1e400", "-1e400", "1e-400", "NaN", "-Infinity",
                        "Infinity", "2147483647", "2147483648", "-2147483649", "4.5e15", "123456789012345678901234567890",
                        "0x10", "1.", ".5", "01", "true", "false", "null", "\"\"", "\" \"", "\"relu\"", "\"torch\"",
                        "\"scratch\"", "\"adam\"", "\"sgd\"", "\"128\"", "\"256,128\"", "\"0,0\"", "\"99999999999\"",
                        "\"1,2,3,4,5,6\"", "\"on\"", "\"1e400\"", "\"NaN\"", "\"\\u0000\"", "\"a\\nb\"", "\"\\u202e\"",
                        "\"data:image/png;base64,\"", "\"data:image/png;base64,!!\"", "'x'", "[]", "{}")),
                Tuple.of(2, Arbitraries.doubles().map(d -> Double.toString(d))),
                Tuple.of(1, Arbitraries.integers().between(0, 5).flatMap(n -> Arbitraries.of(0, 1, 783, 784, 785, 100_000)
                        .map(size -> numbers(size, n)))),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(8).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")));
        if (depth == 0) return leaf;
        Arbitrary<String> array = value(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Combinators.combine(Arbitraries.of(KEYS), value(depth - 1)).as((k, v) -> "\"" + k + "\":" + v)
                .list().ofMaxSize(3).map(l -> "{" + String.join(",", l) + "}");
        return Arbitraries.frequencyOf(Tuple.of(6, leaf), Tuple.of(1, array), Tuple.of(1, object));
    }

    /** An array of {@code size} numbers of one kind: 0, 1, 0.5, 2, -0, 1e-400. */
    private static String numbers(int size, int kind) {
        String v = List.of("0", "1", "0.5", "2", "-0", "1e-400").get(kind);
        StringBuilder sb = new StringBuilder(size * (v.length() + 1) + 2).append('[');
        for (int i = 0; i < size; i++) sb.append(i > 0 ? "," : "").append(v);
        return sb.append(']').toString();
    }
}
