package nnworkshop.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;

/**
 * The predict body read as a stream ({@link Inputs#predictBody}) means what the JSON tree read
 * ({@link Inputs#object} then {@link Inputs#image}) means: the same pixels for every valid body,
 * a 400 with the same one line for the faults the API documents.
 */
class InputsTest {
    static final int D = 784;

    static String body(float[] x, String extra) {
        StringBuilder sb = new StringBuilder("{").append(extra).append("\"pixels\": [");
        for (int i = 0; i < x.length; i++) sb.append(i == 0 ? "" : ", ").append(x[i]);
        return sb.append("]}").toString();
    }

    @Test
    void validBodiesGiveTheSamePixelsBothWays() {
        SplittableRandom r = new SplittableRandom(7);
        for (int t = 0; t < 50; t++) {
            float[] x = new float[D];
            for (int i = 0; i < D; i++) x[i] = r.nextInt(4) == 0 ? (float) r.nextDouble() : 0f;
            if (t % 5 == 0) x[r.nextInt(D)] = 1f;
            String b = body(x, t % 3 == 0 ? "\"note\": {\"a\": [1, [2]]}, " : "");
            float[] tree = Inputs.image(Inputs.object(b), D);
            assertArrayEquals(tree, Inputs.predictBody(b, D));
            assertArrayEquals(x, tree);
        }
        String exp = "{\"pixels\": [" + "1e-3, ".repeat(D - 1) + "0E0]}";
        assertArrayEquals(Inputs.image(Inputs.object(exp), D), Inputs.predictBody(exp, D));
    }

    @Test
    void faultsAreTheSameOneLine() {
        float[] zeros = new float[D];
        String ok = body(zeros, "");
        String[][] cases = {
            {ok.replaceFirst("0\\.0", "NaN"), "pixel 0 is not a number"},
            {ok.replaceFirst("0\\.0", "1.5"), "pixel 0 is 1.5"},
            {ok.replaceFirst("0\\.0", "-0.1"), "pixel 0 is -0.1"},
            {ok.replaceFirst("0\\.0", "1e400"), "pixel 0 is Infinity"},
            {ok.replaceFirst("0\\.0", "7"), "pixel 0 is 7;"},
            {ok.replaceFirst("0\\.0", "\"0.5\""), "pixel 0 is not a number"},
            {ok.replaceFirst("0\\.0", "[0.5]"), "pixel 0 is not a number"},
            {"{\"pixels\": [0.5, \"x\"]}", "\"pixels\" has 2 values; expected 784"},
            {"{\"pixels\": 3}", "\"pixels\" must be an array"},
            {"{}", "give exactly one of"},
            {"{\"pixels\": [], \"image\": \"data:image/png;base64,\"}", "give exactly one of"},
            {"{\"image\": 3}", "\"image\" must be a data: URL string"},
            {"[1, 2, 3]", "malformed JSON: expected an object"},
            {"not json", "malformed JSON"},
            {"{\"pixels\": [0.1, 0.2", "malformed JSON"},
        };
        for (String[] c : cases) {
            ApiError stream = assertThrows(ApiError.class, () -> Inputs.predictBody(c[0], D), c[0]);
            assertEquals(400, stream.status);
            assertTrue(stream.getMessage().startsWith(c[1]) || stream.getMessage().contains(c[1]),
                    c[0].length() > 60 ? c[1] + ": " + stream.getMessage() : c[0] + ": " + stream.getMessage());
            assertTrue(!stream.getMessage().contains("\n"), stream.getMessage());
        }
    }

    @Test
    void theStreamAlsoRefusesWhatATreeWouldHideOrLeaveUnread() {
        String ok = body(new float[D], "");
        ApiError twice = assertThrows(ApiError.class, () -> Inputs.predictBody(ok.substring(0, ok.length() - 1) + ", \"pixels\": []}", D));
        assertEquals("\"pixels\" is given twice", twice.getMessage());
        ApiError more = assertThrows(ApiError.class, () -> Inputs.predictBody(ok + " {}", D));
        assertTrue(more.getMessage().startsWith("malformed JSON"), more.getMessage());
    }

    @Test
    void numberArraysAreJsonWithThreeDecimals() {
        float[] v = {0f, 0.5f, -1.25f, 12.3456f, 0.0004f, Float.NaN, 0.9999f};
        String s = Lab.numbers(new StringBuilder(), v);
        assertEquals("[0,0.5,-1.25,12.346,0,0,1]", s);
        JsonArray a = JsonParser.parseString(s).getAsJsonArray();
        assertEquals(v.length, a.size());
        assertEquals("[]", Lab.numbers(new StringBuilder("junk"), new float[0]));
    }
}
