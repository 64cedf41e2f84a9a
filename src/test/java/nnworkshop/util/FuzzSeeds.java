package nnworkshop.util;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import nnworkshop.data.Normalization;
import nnworkshop.model.ModelFile;
import nnworkshop.model.SafeTensors;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;

/**
 * Writes the committed inputs of the Jazzer fuzz tests ({@code *FuzzTest}) under
 * {@code src/test/resources/nnworkshop/<package>/<Class>Inputs/<method>/}: small valid files made
 * with the project's own API, plus the inputs that crashed the parsers before their fixes. Jazzer
 * replays them in every test run (regression mode) and libFuzzer mutates from them when fuzzing.
 * Not a test; run once after changing it (from the project root, after {@code mvn test-compile}):
 * <pre>java -cp target/classes:target/test-classes:$(cat target/cp.txt) nnworkshop.util.FuzzSeeds src/test/resources</pre>
 * (with {@code mvn dependency:build-classpath -Dmdep.outputFile=target/cp.txt} first).
 */
public final class FuzzSeeds {
    private FuzzSeeds() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources").resolve("nnworkshop");
        idx(root.resolve("data/IdxReaderFuzzTestInputs/idxFiles"));
        models(root.resolve("model/ModelFileFuzzTestInputs/modelFiles"));
        images(root.resolve("data/DigitPreprocessorFuzzTestInputs/imageFiles"));
        predictBodies(root.resolve("lab/LabInputsFuzzTestInputs/predictBody"));
        trainBodies(root.resolve("lab/LabInputsFuzzTestInputs/trainBody"));
    }

    // ------------------------------------------------------------------------------------ IDX

    /** Inputs of IdxReaderFuzzTest.idxFiles: flags, labels length (2 bytes), images, labels. */
    private static void idx(Path dir) throws IOException {
        write(dir, "valid-3-images-4x5", idxPair(0, images(3, 4, 5), labels(3, 9)));
        write(dir, "valid-2-images-28x28", idxPair(0, images(2, 28, 28), labels(2, 9)));
        write(dir, "valid-0-images", idxPair(0, images(0, 28, 28), labels(0, 9)));
        write(dir, "valid-gzipped-by-flags", idxPair(3, images(2, 3, 3), labels(2, 9)));
        write(dir, "valid-gzipped-files", idxPair(0, gzip(images(2, 3, 3)), gzip(labels(2, 9))));
        write(dir, "label-10", idxPair(0, images(2, 2, 2), labels(2, 10)));
        write(dir, "counts-differ", idxPair(0, images(3, 2, 2), labels(2, 9)));
        write(dir, "body-1-short", idxPair(0, java.util.Arrays.copyOf(images(2, 3, 3), 16 + 17), labels(2, 9)));
        // Crashers found before (IdxReaderTest pins them): pixel counts that wrapped in int or long.
        write(dir, "crash-0-images-of-67108864x67108864", idxPair(0, header(0, 1 << 26, 1 << 26), labels(0, 9)));
        write(dir, "crash-16-images-of-1073741824x1073741824", idxPair(0, header(16, 1 << 30, 1 << 30), labels(16, 9)));
    }

    private static byte[] idxPair(int flags, byte[] images, byte[] labels) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(flags);
        o.write(labels.length >>> 8);
        o.write(labels.length);
        o.writeBytes(images);
        o.writeBytes(labels);
        return o.toByteArray();
    }

    private static byte[] header(int count, int rows, int cols) {
        return ByteBuffer.allocate(16).putInt(0x803).putInt(count).putInt(rows).putInt(cols).array();
    }

    private static byte[] images(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols).put(header(count, rows, cols));
        for (int i = 0; b.hasRemaining(); i++) b.put((byte) (i * 37));
        return b.array();
    }

    private static byte[] labels(int count, int max) {
        ByteBuffer b = ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count);
        for (int i = 0; b.hasRemaining(); i++) b.put((byte) (count - 1 - i == 0 ? max : i % 10));
        return b.array();
    }

    /** {@code raw} gzipped (also the IDX fuzz target's gzip flag). */
    public static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(o)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return o.toByteArray();
    }

    // ---------------------------------------------------------------------------------- models

    /**
     * Inputs of ModelFileFuzzTest.modelFiles: byte 0 even, then the file as it is; or byte 0 odd,
     * bytes 1-2 the length of the data section, then the JSON header and the data (the header's
     * length is written by the test, so edits of the JSON keep it right).
     */
    private static void models(Path dir) throws IOException {
        Path tmp = Files.createTempDirectory("nnw-seeds");
        try {
            byte[] tanh = model(tmp, new int[] {6, 5, 4, 3}, Activation.TANH, Map.of("dataset", "mnist"));
            byte[] relu = model(tmp, new int[] {4, 3, 2}, Activation.RELU, Map.of());
            write(dir, "model-6-5-4-3-tanh", raw(tanh));
            write(dir, "model-4-3-2-relu", raw(relu));
            write(dir, "model-6-5-4-3-tanh-split", split(tanh));
            write(dir, "model-4-3-2-relu-split", split(relu));
            write(dir, "no-tensors", raw(safetensors("{}", new byte[0])));
            // Crashers found before (SafeTensorsTest, ModelFileTest pin them): control characters
            // from the file in the messages, from Gson's JSON path and from the metadata.
            write(dir, "crash-escape-in-gson-path", raw(safetensors("{\"a\\u001b[31mred\":{\"shape\":[01]}}", new byte[0])));
            ModelSpec spec = new ModelSpec(new int[] {4, 3, 2}, Activation.RELU);
            Sequential m = spec.build(Init.HE, Seeds.init(3));
            Path f = SafeTensors.write(tmp.resolve("esc.safetensors"), new LinkedHashMap<>(m.stateDict()),
                    Map.of(ModelFile.ACTIVATION, "bad\u001b[0m"));
            write(dir, "crash-escape-in-metadata", raw(Files.readAllBytes(f)));
        } finally {
            FileTrees.deleteTree(tmp);
        }
    }

    private static byte[] model(Path tmp, int[] sizes, Activation a, Map<String, String> extra) throws IOException {
        ModelSpec spec = new ModelSpec(sizes, a);
        Sequential m = spec.build(Init.HE, Seeds.init(3));
        return Files.readAllBytes(ModelFile.save(tmp.resolve("m.safetensors"), spec, m.stateDict(),
                new Normalization(0.13f, 0.31f), extra));
    }

    private static byte[] safetensors(String json, byte[] data) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    private static byte[] raw(byte[] file) {
        byte[] out = new byte[file.length + 1];
        System.arraycopy(file, 0, out, 1, file.length);
        return out;
    }

    private static byte[] split(byte[] file) {
        int n = (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int data = file.length - 8 - n;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(1);
        o.write(data >>> 8);
        o.write(data);
        o.write(file, 8, file.length - 8);
        return o.toByteArray();
    }

    // ---------------------------------------------------------------------------------- images

    private static void images(Path dir) throws IOException {
        String[] names = {"png-gray-28x28", "png-rgb-20x15", "png-argb-9x9", "png-gray16-12x12", "png-palette-16x16",
                "png-1x1", "gif-16x12", "bmp-10x14", "jpeg-16x16", "wbmp-16x16", "tiff-gray8-12x12"};
        java.util.List<byte[]> seeds = FuzzImages.seeds();
        for (int i = 0; i < names.length; i++) write(dir, names[i], seeds.get(i));
        write(dir, "bomb-png-100000x100000", FuzzImages.pngBomb(100_000, 100_000));
        write(dir, "bomb-gif-65535x65535", FuzzImages.gifBomb(65535, 65535));
        write(dir, "bomb-bmp-20000x20000-top-down", FuzzImages.bmpBomb(20_000, -20_000));
        // Crashers found before (DigitPreprocessorTest pins them): 32-bit and float gray TIFFs.
        write(dir, "crash-tiff-gray32", tiffInt());
        write(dir, "crash-tiff-float-nan", tiffNaN());
    }

    private static byte[] tiffInt() {
        return FuzzImages.encode(FuzzImages.gray(12, 12, DataBuffer.TYPE_INT), "tiff");
    }

    private static byte[] tiffNaN() {
        BufferedImage floats = FuzzImages.gray(12, 12, DataBuffer.TYPE_FLOAT);
        floats.getRaster().setSample(0, 0, 0, Float.NaN);
        return FuzzImages.encode(floats, "tiff");
    }

    // ------------------------------------------------------------------------------ Lab bodies

    private static void predictBodies(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("{\"pixels\":[");
        for (int i = 0; i < 784; i++) sb.append(i > 0 ? "," : "").append(i % 28 == 14 ? "1" : i % 5 == 0 ? "0.25" : "0");
        write(dir, "pixels-784", text(sb.append("]}").toString()));
        write(dir, "pixels-empty", text("{\"pixels\":[]}"));
        java.util.List<byte[]> seeds = FuzzImages.seeds();
        write(dir, "image-png-gray-28x28", image("data:image/png;base64,", seeds.get(0)));
        write(dir, "image-png-1x1", image("data:image/png;base64,", seeds.get(5)));
        write(dir, "image-gif-16x12", image("data:image/gif;base64,", seeds.get(6)));
        write(dir, "image-bmp-10x14", image("data:image/bmp;base64,", seeds.get(7)));
        write(dir, "image-empty", text("{\"image\":\"data:image/png;base64,\"}"));
        write(dir, "image-bomb-png-60000x60000", image("data:image/png;base64,", FuzzImages.pngBomb(60_000, 60_000)));
        write(dir, "nested-2000", text("[".repeat(2000) + "0" + "]".repeat(2000)));
        // Crashers found before: the TIFFs that broke predict broke /api/predict too (a 500).
        write(dir, "crash-image-tiff-gray32", image("data:image/tiff;base64,", tiffInt()));
        write(dir, "crash-image-tiff-float-nan", image("data:image/tiff;base64,", tiffNaN()));
    }

    private static void trainBodies(Path dir) throws IOException {
        write(dir, "scratch-adam", text("{\"engine\":\"scratch\",\"hidden\":\"256,128\",\"activation\":\"relu\","
                + "\"optimizer\":\"adam\",\"lr\":0.001,\"momentum\":0,\"batch\":64,\"epochs\":1,\"subset\":1000,"
                + "\"augmentation\":false,\"seed\":42}"));
        write(dir, "torch-sgd", text("{\"engine\":\"torch\",\"hidden\":\"32\",\"activation\":\"tanh\","
                + "\"optimizer\":\"sgd\",\"lr\":0.1,\"momentum\":0.9,\"batch\":1,\"epochs\":3,\"subset\":0,"
                + "\"augmentation\":true,\"seed\":-1}"));
        write(dir, "defaults", text("{}"));
        write(dir, "awkward-numbers", text("{\"hidden\":\"1,2,3,4,5,6\",\"lr\":1e400,\"batch\":2147483648,"
                + "\"epochs\":-0,\"subset\":4.5e15,\"seed\":123456789012345678901234567890}"));
        write(dir, "wrong-types", text("{\"engine\":[],\"hidden\":128,\"activation\":null,\"optimizer\":{},"
                + "\"lr\":\"0.1\",\"augmentation\":\"on\"}"));
    }

    private static byte[] image(String prefix, byte[] file) {
        return text("{\"image\":\"" + prefix + Base64.getEncoder().encodeToString(file) + "\"}");
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Path dir, String name, byte[] content) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), content);
    }
}
