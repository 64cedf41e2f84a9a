package nnworkshop.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Tensor;
import nnworkshop.util.FileTrees;
import nnworkshop.util.Fuzz;
import nnworkshop.util.Mutation;
import nnworkshop.util.Seeds;

/**
 * Fuzzes {@link ModelFile#load} (and so {@link SafeTensors#read}): arbitrary bytes; a real model
 * file (6,5,4,3, tanh) with bit flips, overwritten integers (a header length that is huge or
 * negative), cuts and repeats; and files whose JSON header is made of plausible and wrong pieces:
 * dtypes other than F32, shapes and offsets that are negative, fractional, huge, of the wrong
 * rank or not numbers, names with control characters, metadata that lies, NaN and infinite
 * weights, and a header length that is right or off. Each file is written to a temporary folder
 * and loaded: a model, or a one-line {@code WorkshopException} (see {@link Fuzz}).
 *
 * <p>Runs a short seeded budget in {@code mvn verify}; a long one:
 * {@code mvn -B -o verify -Dtest=ModelFileFuzzTest -Dnnworkshop.fuzz.tries=1000000}.
 */
@AddLifecycleHook(Fuzz.Budget.class)
class ModelFileFuzzTest {
    private static Path dir;
    private static byte[] model;

    @BeforeContainer
    static void saveAModel() throws IOException {
        dir = Files.createTempDirectory("nnw-model-fuzz");
        ModelSpec spec = new ModelSpec(new int[] {6, 5, 4, 3}, Activation.TANH);
        Sequential m = spec.build(Init.HE, Seeds.init(3));
        Path f = ModelFile.save(dir.resolve("real.safetensors"), spec, m.stateDict(), new Normalization(0.13f, 0.31f),
                Map.of("dataset", "mnist"));
        model = Files.readAllBytes(f);
    }

    @AfterContainer
    static void removeFolder() {
        FileTrees.deleteTree(dir);
    }

    @Property(seed = "15101", tries = 1000)
    void arbitraryBytes(@ForAll @Size(max = 300) byte[] file) {
        load(file);
    }

    @Property(seed = "15102", tries = 1500)
    void mutatedModel(@ForAll("edits") List<Mutation> edits) {
        load(Mutation.apply(model, edits));
    }

    @Property(seed = "15103", tries = 1500)
    void madeUpHeaders(@ForAll("files") byte[] file) {
        load(file);
    }

    @Property(seed = "15105", tries = 1500)
    void madeUpModels(@ForAll("validSafetensors") byte[] file) {
        load(file);
    }

    @Property(seed = "15104", tries = 1000)
    void mutatedHeaderText(@ForAll("edits") List<Mutation> edits, @ForAll boolean keepLength) {
        // edit the JSON only, then give it its new length (or keep the old one): deeper than bit flips
        long n = ByteBuffer.wrap(model, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] header = java.util.Arrays.copyOfRange(model, 8, 8 + (int) n);
        byte[] data = java.util.Arrays.copyOfRange(model, 8 + (int) n, model.length);
        byte[] edited = Mutation.apply(header, edits);
        load(file(keepLength ? n : edited.length, edited, data));
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

    // ----------------------------------------------------------------------------- generators

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return Mutation.lists(6).filter(l -> !l.isEmpty());
    }

    /** A header length (right, or an interesting integer), a JSON header from pieces, a data section. */
    @Provide
    Arbitrary<byte[]> files() {
        Arbitrary<String> entries = Combinators.combine(name(), entry()).as((k, v) -> k + ":" + v)
                .list().ofMaxSize(5).map(l -> String.join(",", l));
        Arbitrary<String> header = Combinators.combine(metadata(), entries, Arbitraries.of("", "", " ", "  x", "}"))
                .as((m, e, tail) -> "{" + m + (m.isEmpty() || e.isEmpty() ? "" : ",") + e + "}" + tail);
        Arbitrary<byte[]> data = Arbitraries.of(0f, 1f, -0f, 1e-45f, Float.NaN, Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY, Float.MAX_VALUE, 0.5f).list().ofMaxSize(80)
                .map(l -> {
                    ByteBuffer b = ByteBuffer.allocate(4 * l.size()).order(ByteOrder.LITTLE_ENDIAN);
                    l.forEach(b::putFloat);
                    return b.array();
                });
        Arbitrary<Long> length = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(-1L)), Tuple.of(1, Mutation.interesting()));
        return Combinators.combine(header, data, length, Arbitraries.integers().between(0, 3)).as((h, d, n, pad) -> {
            byte[] json = (h + " ".repeat(pad)).getBytes(StandardCharsets.UTF_8);
            return file(n == -1L ? json.length : n, json, d);
        });
    }

    /**
     * Files that are valid safetensors: MLP-like tensor names with small shapes (rank 0 to 3, sizes
     * 0 to 6), offsets that tile the data, weights that are finite or not, and made-up metadata; so
     * that what follows the format check (the architecture, the numbers) is fuzzed too.
     */
    @Provide
    Arbitrary<byte[]> validSafetensors() {
        Arbitrary<String> names = Arbitraries.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "1.weight", "x");
        Arbitrary<int[]> shapes = Arbitraries.integers().between(0, 6).array(int[].class).ofMaxSize(3);
        Arbitrary<List<Tuple.Tuple2<String, int[]>>> tensors = Combinators.combine(names, shapes).as(Tuple::of)
                .list().ofMaxSize(6).uniqueElements(Tuple.Tuple2::get1);
        Arbitrary<Integer> values = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 8)));
        return Combinators.combine(metadata(), tensors, values).as((meta, list, palette) -> {
            float[] odd = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, 1e-45f, -0f, 1f, 0.5f};
            StringBuilder json = new StringBuilder("{").append(meta);
            long offset = 0;
            for (Tuple.Tuple2<String, int[]> t : list) {
                long numel = 1;
                for (int d : t.get2()) numel *= d;
                if (json.length() > 1) json.append(',');
                json.append('"').append(t.get1()).append("\":{\"dtype\":\"F32\",\"shape\":")
                        .append(java.util.Arrays.toString(t.get2()).replace(" ", "")).append(",\"data_offsets\":[")
                        .append(offset).append(',').append(offset + 4 * numel).append("]}");
                offset += 4 * numel;
            }
            byte[] header = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
            ByteBuffer data = ByteBuffer.allocate((int) offset).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; data.hasRemaining(); i++) {
                data.putFloat(palette == 0 ? 0.25f * (i % 5 - 2) : odd[(palette + 3 * i) % odd.length]);
            }
            return file(header.length, header, data.array());
        });
    }

    private static byte[] file(long headerLength, byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(headerLength).put(header).put(data).array();
    }

    private static Arbitrary<String> name() {
        return Arbitraries.of("\"0.weight\"", "\"0.bias\"", "\"2.weight\"", "\"2.bias\"", "\"4.weight\"", "\"1.weight\"",
                "\"__metadata__\"", "\"\"", "\"a\\u001b[31mred\"", "\"line\\nbreak\"", "\"cr\\r\"", "\"\\u202eevil\"",
                "\"tab\\t\"", "\"0.weight\\u0000\"", "\"\\ud800\"", "0.weight", "\"x\"");
    }

    private static Arbitrary<String> entry() {
        Arbitrary<String> dtype = Arbitraries.of("\"F32\"", "\"F32\"", "\"F32\"", "\"F16\"", "\"BF16\"", "\"I64\"", "\"f32\"",
                "\"\"", "32", "null", "\"F32\\u001b\"");
        Arbitrary<String> dim = Arbitraries.of("0", "1", "2", "3", "4", "5", "6", "10", "-1", "1.5", "1e3", "2147483647",
                "2147483648", "4294967296", "99999999999999999999", "\"2\"", "null", "[]", "-0", "01");
        Arbitrary<String> shape = Arbitraries.frequencyOf(
                Tuple.of(8, dim.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]")),
                Tuple.of(1, Arbitraries.just("[" + "1,".repeat(70) + "1]")),
                Tuple.of(1, Arbitraries.of("{}", "\"[2,3]\"", "null", "[[2],[3]]")));
        Arbitrary<String> offset = Arbitraries.of("0", "4", "8", "12", "16", "20", "24", "40", "80", "120", "-4", "1.0",
                "9223372036854775807", "9223372036854775808", "18446744073709551615", "\"0\"");
        Arbitrary<String> offsets = Arbitraries.frequencyOf(
                Tuple.of(8, offset.list().ofMinSize(2).ofMaxSize(2).map(l -> "[" + String.join(",", l) + "]")),
                Tuple.of(1, offset.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]")),
                Tuple.of(1, Arbitraries.of("null", "{}", "7")));
        Arbitrary<String> field = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of("\"extra\":1", "\"dtype\":\"F32\"", "\"shape\":[1]")),
                Tuple.of(9, Arbitraries.just("")));
        return Arbitraries.frequencyOf(
                Tuple.of(9, Combinators.combine(dtype, shape, offsets, field).as((d, s, o, x) ->
                        "{\"dtype\":" + d + ",\"shape\":" + s + ",\"data_offsets\":" + o + (x.isEmpty() ? "" : "," + x) + "}")),
                Tuple.of(1, Arbitraries.of("{}", "[]", "null", "\"F32\"", "{\"dtype\":\"F32\"}")));
    }

    private static Arbitrary<String> metadata() {
        Arbitrary<String> key = Arbitraries.of("format", "layers", "activation", "normalization_mean", "normalization_std",
                "dataset", "\\u001b");
        Arbitrary<String> value = Arbitraries.of("\"nn-workshop-mlp\"", "\"6,5,4,3\"", "\"2,2\"", "\"tanh\"", "\"relu\"",
                "\"sigmoid\"", "\"softmax\"", "\"gelu\"", "\"0.13\"", "\"0.31\"", "\"0\"", "\"-1\"", "\"NaN\"", "\"Infinity\"",
                "\"1e-45\"", "\"1e40\"", "\"x\"", "\"\"", "\"bad\\u001b[0m\"", "1", "null", "{}");
        Arbitrary<String> pairs = Combinators.combine(key, value).as((k, v) -> "\"" + k + "\":" + v)
                .list().ofMaxSize(5).map(l -> String.join(",", l));
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("")),
                Tuple.of(3, pairs.map(p -> "\"__metadata__\":{" + p + "}")),
                Tuple.of(1, Arbitraries.of("\"__metadata__\":[]", "\"__metadata__\":null", "\"__metadata__\":\"x\"")));
    }
}
