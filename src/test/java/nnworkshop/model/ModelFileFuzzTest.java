package nnworkshop.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import nnworkshop.tensor.Tensor;
import nnworkshop.util.FileTrees;
import nnworkshop.util.Fuzz;

/**
 * Fuzzes {@link ModelFile#load} (and so {@link SafeTensors#read}) with Jazzer (coverage-guided):
 * each input is a model file in the layout of {@link #file}, mutated by libFuzzer from the
 * committed inputs in {@code src/test/resources/nnworkshop/model/ModelFileFuzzTestInputs/modelFiles}
 * (real small models saved with {@link ModelFile#save}, and the two files whose messages carried
 * control characters). Each file is written to a temporary folder and loaded: a model with finite
 * weights and a usable normalisation, or a one-line {@code WorkshopException} (see {@link Fuzz}).
 *
 * <p>{@code mvn verify} replays the committed inputs, then fuzzes for a few seconds (surefire's
 * {@code fuzz-model} execution, {@code JAZZER_FUZZ=1}); a long run is in the README.
 */
class ModelFileFuzzTest {
    private static Path dir;

    @BeforeAll
    static void makeFolder() throws IOException {
        dir = Files.createTempDirectory("nnw-model-fuzz");
    }

    @AfterAll
    static void removeFolder() {
        Fuzz.report(ModelFileFuzzTest.class);
        FileTrees.deleteTree(dir);
    }

    /** One model file ({@link #file}), written and loaded. */
    @DictionaryEntries({"\"dtype\"", "\"F32\"", "\"F16\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"",
            "\"format\"", "\"nn-workshop-mlp\"", "\"layers\"", "\"activation\"", "\"normalization_mean\"",
            "\"normalization_std\"", "\"0.weight\"", "\"0.bias\"", "\"2.weight\"", "\"2.bias\"", "\\\\u001b", "\\x1b", "\\r",
            "1e40", "NaN", "-1", "9223372036854775807", "18446744073709551615", "2147483648"})
    @FuzzTest(maxDuration = "10s")
    void modelFiles(byte[] input) {
        Fuzz.tried("ModelFileFuzzTest.modelFiles");
        load(file(input));
    }

    /**
     * The model file an input stands for. Byte 0 even: the rest is the file as it is (so its
     * 8-byte header length is fuzzed too). Byte 0 odd: bytes 1-2 give the length D of the data
     * section (big-endian, cut to what is there), the rest is the JSON header followed by D bytes
     * of data, and the file is the header's length, the header and the data: edits of the JSON
     * keep its length right, so they get past the length check into the JSON and the model.
     */
    static byte[] file(byte[] input) {
        if (input.length == 0) return input;
        if ((input[0] & 1) == 0 || input.length < 3) return Arrays.copyOfRange(input, 1, input.length);
        int data = Math.min(((input[1] & 0xFF) << 8) | (input[2] & 0xFF), input.length - 3);
        int header = input.length - 3 - data;
        return ByteBuffer.allocate(8 + header + data).order(ByteOrder.LITTLE_ENDIAN).putLong(header)
                .put(input, 3, header + data).array();
    }

    private static void load(byte[] file) {
        Path f = dir.resolve("fuzz.safetensors");
        try {
            Files.write(f, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The file, its header as text and JSON tokens, the tensors (floats), the model built from
        // them (weights, gradients, buffers): a few dozen bytes per byte of file at most.
        long bound = Fuzz.BASE_ALLOCATION + 32L * file.length;
        Fuzz.check(Fuzz.hex(file) + " = " + Fuzz.text(file), bound, () -> ModelFile.load(f)).ifPresent(loaded -> {
            for (Map.Entry<String, Tensor> e : loaded.model().stateDict().entrySet()) {
                for (float v : e.getValue().data()) {
                    if (!Float.isFinite(v)) throw new AssertionError("loaded a non-finite weight in " + e.getKey());
                }
            }
            if (!(loaded.normalization().std() >= Float.MIN_NORMAL)) {
                throw new AssertionError("loaded a normalisation std of " + loaded.normalization().std());
            }
        });
    }
}
