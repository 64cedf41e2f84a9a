package nnworkshop.lab;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;

import nnworkshop.util.Fuzz;

/**
 * Fuzzes the Lab's request bodies as the server reads them, with Jazzer (coverage-guided; the
 * project's classes and Gson are instrumented): {@link Inputs#object} then {@link Inputs#image}
 * ({@code POST /api/predict}, {@link #predictBody}) and {@link TrainRequest#parse}
 * ({@code POST /api/train}, {@link #trainBody}). Each input is the body's bytes, read as UTF-8 as
 * the server does; libFuzzer mutates them from the committed inputs in
 * {@code src/test/resources/nnworkshop/lab/LabInputsFuzzTestInputs/<method>} (valid bodies of
 * pixels, of images as data URLs and of training settings, awkward numbers, deep nesting, an image
 * bomb, and the TIFFs that gave a 500 before). The clear error of the API is an {@link ApiError}
 * 400 with a one-line message (the server answers it as {@code {"error": ...}}; anything else
 * would be a 500).
 *
 * <p>{@code mvn verify} replays the committed inputs, then fuzzes each target for a few seconds
 * (surefire's {@code fuzz-predict} and {@code fuzz-train} executions, {@code JAZZER_FUZZ=1});
 * a long run is in the README.
 */
class LabInputsFuzzTest {
    @AfterAll
    static void report() {
        Fuzz.report(LabInputsFuzzTest.class);
    }

    /**
     * A {@code /api/predict} body as the server reads it ({@link Inputs#predictBody}): 784 values in
     * [0, 1] taken, the same the JSON tree would give, or an ApiError 400.
     */
    @DictionaryEntries({"\"pixels\"", "\"image\"", "data:image/png;base64,", "data:image/", ";base64,", "1e400",
            "NaN", "-0", "null", "true", "[]", "{}", "iVBORw0KGgo", "R0lGODlh", "Qk0", "SUkqAA"})
    @FuzzTest(maxDuration = "10s")
    void predictBody(byte[] input) {
        Fuzz.tried("LabInputsFuzzTest.predictBody");
        String body = new String(input, StandardCharsets.UTF_8);
        // Gson's tree of the body (an object or two per character at most) and an image in it, decoded
        long bound = Fuzz.BASE_ALLOCATION + 256L * body.length()
                + (body.contains("data:") ? 32 * Inputs.MAX_IMAGE_PIXELS : 0);
        Fuzz.check(ApiError.class, LabInputsFuzzTest::problem, Fuzz.text(body), bound,
                () -> Inputs.predictBody(body, 784)).ifPresent(x -> {
                    if (x.length != 784) throw new AssertionError(x.length + " values from " + Fuzz.text(body));
                    for (float v : x) if (!(v >= 0 && v <= 1)) throw new AssertionError(v + " from " + Fuzz.text(body));
                    // the server reads the body as a stream; what it takes, the JSON tree takes the same way
                    if (!java.util.Arrays.equals(x, Inputs.image(Inputs.object(body), 784))) {
                        throw new AssertionError("the stream and the tree read different pixels from " + Fuzz.text(body));
                    }
                });
    }

    /** A {@code /api/train} body: a request within the limits, or an ApiError 400. */
    @DictionaryEntries({"\"engine\"", "\"scratch\"", "\"torch\"", "\"hidden\"", "\"activation\"", "\"relu\"",
            "\"tanh\"", "\"sigmoid\"", "\"optimizer\"", "\"adam\"", "\"sgd\"", "\"lr\"", "\"momentum\"", "\"batch\"",
            "\"epochs\"", "\"subset\"", "\"augmentation\"", "\"seed\"", "1e400", "NaN", "Infinity", "-0",
            "2147483648", "99999999999", "null", "true", "false"})
    @FuzzTest(maxDuration = "10s")
    void trainBody(byte[] input) {
        Fuzz.tried("LabInputsFuzzTest.trainBody");
        String body = new String(input, StandardCharsets.UTF_8);
        long bound = Fuzz.BASE_ALLOCATION + 256L * body.length();
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
}
