package nnworkshop.model;

import nnworkshop.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nnworkshop.WorkshopException;

class SafeTensorsTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------------- round trip / format

    @Test
    void roundTripKeepsOrderValuesShapesAndMetadata() {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("0.weight", Tensor.of(new float[] {1f, -2f, 3.5f, Float.MIN_VALUE, Float.MAX_VALUE, -0f}, 2, 3));
        tensors.put("0.bias", Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY}, 2));
        tensors.put("scalar", Tensor.of(new float[] {42f}));
        tensors.put("empty", Tensor.of(new float[0], 0, 5));
        tensors.put("ünïcode \"name\" <&>", Tensor.of(new float[] {7f}, 1, 1, 1));
        float[] big = new float[100_003]; // more than one 64 KiB chunk, not a multiple of it
        for (int i = 0; i < big.length; i++) big[i] = (float) Math.sin(i);
        tensors.put("big", Tensor.of(big, big.length));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("hyper", "{\"lr\": 0.1, \"note\": \"é\"}");

        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, tensors, meta);
        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
        assertEquals(tensors, read.tensors()); // bit-identical values, NaN and -0 included
        assertEquals(meta, read.metadata());
        assertEquals(file.toString(), read.source());
    }

    @Test
    void noMetadataAndNoTensorsIsAValidFile() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        SafeTensors.write(file, new LinkedHashMap<>(), null);
        assertArrayEquals(concat(le64(8), "{}      ".getBytes(StandardCharsets.US_ASCII)), Files.readAllBytes(file));
        SafeTensorsFile read = SafeTensors.read(file);
        assertTrue(read.tensors().isEmpty());
        assertTrue(read.metadata().isEmpty());
    }

    @Test
    void bytesMatchTheFormatExactly() throws IOException {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(new float[] {1f, -2f}, 1, 2));
        tensors.put("b", Tensor.of(new float[] {0.5f}, 1));
        Path file = dir.resolve("tiny.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt"));

        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertEquals(141, json.length()); // padded with three spaces to 144 = 18 * 8
        byte[] expected = concat(
                new byte[] {(byte) 144, 0, 0, 0, 0, 0, 0, 0},          // N = 144, u64 little-endian
                (json + "   ").getBytes(StandardCharsets.US_ASCII),
                new byte[] {0, 0, (byte) 0x80, 0x3F},                   // 1.0f  = 0x3F800000
                new byte[] {0, 0, 0, (byte) 0xC0},                      // -2.0f = 0xC0000000
                new byte[] {0, 0, 0, 0x3F});                            // 0.5f  = 0x3F000000
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void headerOrderNeedNotBeDataOrderAndPaddingIsOptional() throws IOException {
        // As Python's safetensors may write it: metadata first, header keys not in offset order.
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"second\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                + "\"first\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        Path file = raw(header, floats(1f, 2f, 3f));
        SafeTensorsFile read = SafeTensors.read(file);
        assertEquals(List.of("second", "first"), List.copyOf(read.tensors().keySet()));
        assertArrayEquals(new float[] {3f}, read.require("second", 1).data());
        assertArrayEquals(new float[] {1f, 2f}, read.require("first", 2).data());
        assertEquals("pt", read.meta("format"));
    }

    @Test
    void requireNamesTheFileAndTheProblem() {
        Path file = raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", floats(1f, 2f));
        SafeTensorsFile read = SafeTensors.read(file);
        assertMessage(file, "no tensor 'b' (the file has a)", assertThrows(WorkshopException.class, () -> read.require("b")));
        assertMessage(file, "tensor 'a' has shape [2], expected [1, 2]",
                assertThrows(WorkshopException.class, () -> read.require("a", 1, 2)));
    }

    // ----------------------------------------------------------------------------- hostile files

    private static final String OK_ENTRY = "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]";

    static Stream<Arguments> malformedHeaders() {
        return Stream.of(
                Arguments.of("not JSON", "{\"a\":", floats(), "header is not valid JSON"),
                Arguments.of("JSON, not an object", "[1,2]", floats(), "header is not a JSON object"),
                Arguments.of("empty header", "", floats(), "header is not valid JSON"),
                Arguments.of("two JSON values", "{}{}", floats(), "header is not valid JSON"),
                Arguments.of("tensor entry not an object", "{\"a\":[1]}", floats(),
                        "tensor 'a' must be an object with dtype, shape and data_offsets, found BEGIN_ARRAY"),
                Arguments.of("missing data_offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", floats(1, 2),
                        "tensor 'a' has no 'data_offsets' field"),
                Arguments.of("missing dtype", "{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", floats(1, 2),
                        "tensor 'a' has no 'dtype' field"),
                Arguments.of("dtype not a string", "{\"a\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}",
                        floats(1, 2), "tensor 'a' has a dtype that is not a string (NUMBER)"),
                Arguments.of("F16", "{\"0.weight\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}",
                        new byte[4], "tensor '0.weight' has dtype F16; only F32 (float32) is supported"),
                Arguments.of("shape not an array", "{\"a\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}}",
                        floats(1, 2), "tensor 'a' shape must be an array of integers, found STRING"),
                Arguments.of("shape holds a string", "{\"a\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}",
                        floats(1, 2), "tensor 'a' shape must hold integers, found STRING"),
                Arguments.of("fractional dim", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}",
                        floats(1, 2), "tensor 'a' shape must hold integers, found 2.5"),
                Arguments.of("exponent dim", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2e0],\"data_offsets\":[0,8]}}",
                        floats(1, 2), "tensor 'a' shape must hold integers, found 2e0"),
                Arguments.of("negative dim", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}",
                        floats(1, 2), "tensor 'a' shape must not be negative, found -2"),
                Arguments.of("dim over int", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483648],\"data_offsets\":[0,8]}}",
                        floats(1, 2), "tensor 'a' shape holds 2147483648, which is too large"),
                Arguments.of("dim over long", "{\"a\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,8]}}",
                        floats(1, 2), "tensor 'a' shape holds 99999999999999999999, which is too large"),
                Arguments.of("too many dims", "{\"a\":{\"dtype\":\"F32\",\"shape\":[" + "1,".repeat(64) + "1],\"data_offsets\":[0,4]}}",
                        floats(1), "tensor 'a' shape has more than 64 numbers"),
                Arguments.of("shape product overflows",
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}",
                        floats(1, 2), "tensor 'a' has shape [2147483647, 2147483647, 2147483647], whose size overflows"),
                Arguments.of("more values than an array holds (nothing allocated)",
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,17179869184]}}",
                        floats(1, 2), "tensor 'a' has 4294967296 values, more than this program can hold in one array"),
                Arguments.of("shape does not match offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                        floats(1, 2), "tensor 'a' has shape [3] (3 float32 = 12 bytes) but its data_offsets [0, 8] span 8 bytes"),
                Arguments.of("negative offset", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}",
                        floats(1, 2), "tensor 'a' data_offsets must not be negative, found -8"),
                Arguments.of("one offset", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}",
                        floats(1, 2), "tensor 'a' data_offsets must be [begin, end], found 1 numbers"),
                Arguments.of("three offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,16]}}",
                        floats(1, 2), "tensor 'a' data_offsets has more than 2 numbers"),
                Arguments.of("end before begin", "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}",
                        floats(1, 2), "tensor 'a' has data_offsets [8, 0] with end before begin"),
                Arguments.of("offsets outside the data section (truncated)",
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", floats(1, 2),
                        "tensor 'a' has data_offsets [0, 16] beyond the end of the data section (8 bytes)"),
                Arguments.of("overlap", "{\"a\":{" + OK_ENTRY + "},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                        floats(1, 2), "tensor 'b' (bytes 4..8) overlaps tensor 'a' (bytes 0..8)"),
                Arguments.of("gap", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", floats(1, 2, 3),
                        "bytes 4..8 of the data section belong to no tensor (a gap before tensor 'b')"),
                Arguments.of("trailing bytes", "{\"a\":{" + OK_ENTRY + "}}", floats(1, 2, 3),
                        "the data section has 12 bytes but the header's tensors cover 8: 4 trailing bytes belong to no tensor"),
                Arguments.of("data but no tensors", "{}", floats(1), "4 trailing bytes belong to no tensor"),
                Arguments.of("duplicate tensor", "{\"a\":{" + OK_ENTRY + "},\"a\":{" + OK_ENTRY + "}}", floats(1, 2),
                        "tensor 'a' appears twice in the header"),
                Arguments.of("duplicate field", "{\"a\":{" + OK_ENTRY + ",\"dtype\":\"F32\"}}", floats(1, 2),
                        "tensor 'a' has the field 'dtype' twice"),
                Arguments.of("unknown field", "{\"a\":{" + OK_ENTRY + ",\"dtipe\":\"F32\"}}", floats(1, 2),
                        "tensor 'a' has an unknown field 'dtipe'"),
                Arguments.of("metadata not an object", "{\"__metadata__\":[\"x\"]}", floats(),
                        "'__metadata__' must be an object of strings, found BEGIN_ARRAY"),
                Arguments.of("metadata value not a string", "{\"__metadata__\":{\"epochs\":3}}", floats(),
                        "'__metadata__' value of 'epochs' must be a string, found NUMBER"),
                Arguments.of("metadata key twice", "{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", floats(),
                        "'__metadata__' has key 'k' twice"),
                Arguments.of("metadata twice", "{\"__metadata__\":{},\"__metadata__\":{}}", floats(),
                        "header has two '__metadata__' entries"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeaders")
    void malformedHeaderIsAOneLineErrorNamingTheFile(String caseName, String header, byte[] data, String expected) {
        Path file = raw(header, data);
        assertMessage(file, expected, assertThrows(WorkshopException.class, () -> SafeTensors.read(file)));
    }

    /** Found by ModelFileFuzzTest: Gson's message quotes the JSON path, with the file's names as they are. */
    @Test
    void aControlCharacterInTheNamesOfMalformedJsonIsEscaped() {
        Path file = raw("{\"a\\u001b[31mred\":{\"shape\":[01]}}", new byte[0]);
        WorkshopException e = assertThrows(WorkshopException.class, () -> SafeTensors.read(file));
        assertMessage(file, "header is not valid JSON", e);
        assertTrue(e.getMessage().contains("a\\x1b[31mred") && !e.getMessage().contains("\u001b"), e.getMessage());
    }

    @Test
    void fileShorterThan8Bytes() throws IOException {
        Path file = write("model.safetensors", new byte[] {1, 0, 0, 0, 0});
        assertMessage(file, "file is too short (5 bytes) to be safetensors",
                assertThrows(WorkshopException.class, () -> SafeTensors.read(file)));
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        Path file = write("model.safetensors", concat(le64(1000), "{}".getBytes(StandardCharsets.US_ASCII)));
        assertMessage(file, "header length 1000 is larger than the rest of the file (2 bytes)",
                assertThrows(WorkshopException.class, () -> SafeTensors.read(file)));
    }

    @Test
    void absurdHeaderLengthIsRejectedBeforeAllocating() throws IOException {
        Path big = write("big.safetensors", concat(le64(1L << 40), "{}".getBytes(StandardCharsets.US_ASCII)));
        assertMessage(big, "header length 1099511627776 is absurd",
                assertThrows(WorkshopException.class, () -> SafeTensors.read(big)));
        Path huge = write("huge.safetensors", concat(le64(-1L), "{}".getBytes(StandardCharsets.US_ASCII)));
        assertMessage(huge, "header length 18446744073709551615 is absurd",
                assertThrows(WorkshopException.class, () -> SafeTensors.read(huge)));
    }

    @Test
    void headerNotUtf8() throws IOException {
        byte[] header = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}; // 0xC3 0x28 is invalid UTF-8
        Path file = write("model.safetensors", concat(le64(header.length), header));
        assertMessage(file, "header is not valid UTF-8",
                assertThrows(WorkshopException.class, () -> SafeTensors.read(file)));
    }

    @Test
    void pngRenamedIsNotSafetensors() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        Path file = write("model.safetensors", png);
        assertMessage(file, "is absurd", assertThrows(WorkshopException.class, () -> SafeTensors.read(file)));
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("nope.safetensors");
        assertMessage(missing, "no such file", assertThrows(WorkshopException.class, () -> SafeTensors.read(missing)));
        assertMessage(dir, "is a directory", assertThrows(WorkshopException.class, () -> SafeTensors.read(dir)));
    }

    // ------------------------------------------------------------------------------ failed writes

    @Test
    void failedWriteLeavesThePreviousFileIntactAndNoTemporaryFile() throws IOException {
        LinkedHashMap<String, Tensor> v1 = new LinkedHashMap<>();
        v1.put("w", Tensor.of(new float[] {1f, 2f}, 2));
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, v1, Map.of("version", "1"));
        byte[] before = Files.readAllBytes(file);

        LinkedHashMap<String, Tensor> reserved = new LinkedHashMap<>();
        reserved.put("__metadata__", Tensor.of(new float[] {3f}, 1));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file, reserved, null));

        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void writeUnderARegularFileFailsCleanly() throws IOException {
        Path notADir = write("notes.txt", "hello".getBytes(StandardCharsets.US_ASCII));
        Path file = notADir.resolve("model.safetensors");
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.of(new float[] {1f}, 1));
        WorkshopException e = assertThrows(WorkshopException.class, () -> SafeTensors.write(file, t, null));
        assertTrue(e.getMessage().startsWith("cannot write " + file), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(notADir));
    }

    @Test
    void writeOverANonEmptyDirectoryFailsAndLeavesNoTemporaryFile() throws IOException {
        Path target = Files.createDirectory(dir.resolve("model.safetensors"));
        Files.writeString(target.resolve("keep.txt"), "keep");
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.of(new float[] {1f}, 1));
        assertThrows(WorkshopException.class, () -> SafeTensors.write(target, t, null));
        assertEquals("keep", Files.readString(target.resolve("keep.txt")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList()); // the temporary file was removed
        }
    }

    @Test
    void tensorRejectsAShapeThatDoesNotMatchItsData() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[0], -1, 0));
        int[] shape = {1, 2};
        Tensor t = new Tensor(shape, new float[2]);
        shape[0] = 7;
        t.shape()[1] = 9;
        assertArrayEquals(new int[] {1, 2}, t.shape()); // defensive copies both ways
    }

    // -------------------------------------------------------------------------------- helpers

    private static void assertMessage(Path file, String expected, WorkshopException e) {
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), "should name the file: " + m);
        assertTrue(m.contains(expected), "expected '" + expected + "' in: " + m);
        assertFalse(m.contains("\n") || m.contains("\r"), "should be one line: " + m);
    }

    /** A file with the given header (unpadded) and data section, named model.safetensors. */
    private Path raw(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        try {
            return write("model.safetensors", concat(le64(h.length), h, data));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
