package nnworkshop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.api.function.Executable;

import nnworkshop.WorkshopException;

/** Small generated data sets and assertions shared by the data tests. */
final class TestData {
    private TestData() {}

    /** A data set of {@code n} random images of rows×cols with random labels 0..9. */
    static Dataset random(String name, int n, int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] px = new byte[n * rows * cols];
        for (int i = 0; i < px.length; i++) px[i] = (byte) rnd.nextInt(256);
        byte[] lb = new byte[n];
        for (int i = 0; i < n; i++) lb[i] = (byte) rnd.nextInt(10);
        return new Dataset(name, n, rows, cols, px, lb);
    }

    static void assertSameData(Dataset expected, Dataset actual) {
        assertEquals(expected.count(), actual.count());
        assertEquals(expected.rows(), actual.rows());
        assertEquals(expected.cols(), actual.cols());
        assertTrue(java.util.Arrays.equals(expected.rawPixels(), actual.rawPixels()), "pixels differ");
        assertTrue(java.util.Arrays.equals(expected.rawLabels(), actual.rawLabels()), "labels differ");
    }

    /**
     * Asserts that {@code run} throws a WorkshopException whose message is one line and contains
     * every one of {@code parts} (case-insensitive); returns the message.
     */
    static String assertWorkshopError(Executable run, String... parts) {
        WorkshopException e = assertThrows(WorkshopException.class, run);
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "message must be one line: " + m);
        for (String p : parts) {
            assertTrue(m.toLowerCase().contains(p.toLowerCase()), "message lacks '" + p + "': " + m);
        }
        assertEquals(2, e.exitCode());
        return m;
    }

    static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(DataStore.sha256().digest(IdxReader.readContent(file)));
    }

    static boolean isEmptyOrAbsent(Path dir) throws IOException {
        if (!Files.exists(dir)) return true;
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
