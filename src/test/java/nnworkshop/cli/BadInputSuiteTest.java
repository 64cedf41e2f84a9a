package nnworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nnworkshop.model.ModelFile;
import nnworkshop.model.SafeTensors;
import nnworkshop.tensor.Tensor;

/**
 * The bad-input suite: the hostile inputs of the "nothing lost" issue and more, each through the
 * command line as a user types it. Every case must end with exit code 2, exactly one line on
 * stderr naming the problem, no stack trace, within a bound (a FIFO must not block), and the
 * user's folder exactly as it was: every file byte-identical, every link still a link to the same
 * target, every FIFO still a FIFO, and nothing added (no model, no JSON, no temporary file).
 */
class BadInputSuiteTest {
    @TempDir static Path shared;
    /** Sockets the cases listen on, closed after all of them. */
    static final List<java.io.Closeable> OPEN = new java.util.concurrent.CopyOnWriteArrayList<>();
    static Path data, model;

    /** A tiny Fashion-MNIST folder and a model trained on it, shared by the cases (copied, never changed). */
    @BeforeAll
    static void trainOnce() {
        data = CliTest.smallFashionCache(shared.resolve("data"), 120, 40);
        model = shared.resolve("good.safetensors");
        CliRunner r = CliRunner.run("train", "--dataset", "fashion", "--data-dir", data.toString(), "--validation", "20",
                "--epochs", "1", "--batch", "16", "--hidden", "8", "--threads", "1", "--save", model.toString());
        assertEquals(0, r.code, r::toString);
    }

    @org.junit.jupiter.api.AfterAll
    static void close() throws IOException {
        for (java.io.Closeable c : OPEN) c.close();
    }

    /** One case: a name, what to put in the user's folder, the arguments, and what the line must say. */
    record Case(String name, Setup setup, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Setup {
        /** Prepares the user's folder {@code u} and returns the arguments. */
        String[] prepare(Path u) throws Exception;
    }

    private static String[] train(String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--dataset", "fashion", "--data-dir", data.toString(),
                "--validation", "20"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static String[] evaluate(Path m) {
        return new String[] {"evaluate", "--dataset", "fashion", "--data-dir", data.toString(), "--model", m.toString()};
    }

    /** The good model with {@code edit} applied to its tensors and metadata, written without any checks. */
    private static Path damagedModel(Path u, String name, java.util.function.BiConsumer<Map<String, Tensor>, Map<String, String>> edit) {
        Map<String, Tensor> t = new LinkedHashMap<>(ModelFile.tensors(model));
        Map<String, String> meta = new LinkedHashMap<>(SafeTensors.read(model).metadata());
        edit.accept(t, meta);
        return SafeTensors.write(u.resolve(name), new LinkedHashMap<>(t), meta);
    }

    private static Path fifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        return p;
    }

    static Stream<Arguments> cases() {
        List<Case> c = new ArrayList<>();
        // resources: refused up front, not an OutOfMemoryError or an overflow after the data loads
        c.add(new Case("a batch of ten million", u -> train("--batch", "10000000", "--save", u.resolve("m.safetensors").toString()),
                "needs at least"));
        c.add(new Case("a layer of 300,000", u -> train("--layers", "784,300000,10", "--json", u.resolve("r.json").toString()),
                "needs at least"));
        c.add(new Case("a billion epochs", u -> train("--epochs", "999999999"), "steps"));
        c.add(new Case("too many threads", u -> train("--threads", "100000"), "more than 256"));
        c.add(new Case("a negative learning rate", u -> train("--lr", "-1"), "--lr"));
        c.add(new Case("a learning rate that is not a number", u -> train("--lr", "NaN"), "--lr"));
        c.add(new Case("epochs that are not a number", u -> train("--epochs", "ten"), "--epochs"));
        c.add(new Case("an unknown option", u -> train("--epoch", "3"), "--epoch"));
        // outputs: checked before training, never replacing what is there
        c.add(new Case("--json a folder", u -> {
            Files.writeString(Files.createDirectories(u.resolve("runs")).resolve("keep.txt"), "mine");
            return train("--json", u.resolve("runs").toString());
        }, "directory"));
        c.add(new Case("--save under a regular file", u -> {
            Files.writeString(u.resolve("notes.txt"), "my notes");
            return train("--save", u.resolve("notes.txt/m.safetensors").toString());
        }, "notes.txt"));
        c.add(new Case("--save and --json on one file", u -> train("--save", u.resolve("x").toString(), "--json",
                u.resolve("x").toString()), "the same file"));
        c.add(new Case("--json a link to the terminal", u -> {
            Files.createSymbolicLink(u.resolve("out.json"), Path.of("/proc/self/fd/1"));
            return train("--json", u.resolve("out.json").toString());
        }, "symbolic link"));
        c.add(new Case("--json a FIFO", u -> train("--json", fifo(u.resolve("pipe")).toString()), "pipe"));
        c.add(new Case("a newline and an escape in the path", u -> evaluate(u.resolve("a\nb\u001b[2J.safetensors")),
                "a\\nb\\x1b[2J.safetensors"));
        c.add(new Case("a name past the file-name limit", u -> train("--save", u.resolve("m".repeat(300)).toString()), "m"));
        // inputs: models
        c.add(new Case("a model with a NaN weight", u -> evaluate(damagedModel(u, "nan.safetensors", (t, m) -> {
            Tensor w = t.get("0.weight");
            float[] d = w.data().clone();
            d[5] = Float.NaN;
            t.put("0.weight", new Tensor(w.shape(), d));
        })), "NaN"));
        c.add(new Case("a model with an infinite bias", u -> evaluate(damagedModel(u, "inf.safetensors", (t, m) -> {
            Tensor b = t.get("2.bias");
            float[] d = b.data().clone();
            d[0] = Float.NEGATIVE_INFINITY;
            t.put("2.bias", new Tensor(b.shape(), d));
        })), "2.bias"));
        c.add(new Case("a model whose std is Infinity", u -> evaluate(damagedModel(u, "std.safetensors",
                (t, m) -> m.put(ModelFile.NORM_STD, "Infinity"))), ModelFile.NORM_STD));
        c.add(new Case("a model whose std is zero", u -> evaluate(damagedModel(u, "std0.safetensors",
                (t, m) -> m.put(ModelFile.NORM_STD, "0"))), ModelFile.NORM_STD));
        c.add(new Case("a truncated model", u -> {
            byte[] b = Files.readAllBytes(model);
            Path p = Files.write(u.resolve("cut.safetensors"), java.util.Arrays.copyOf(b, b.length / 2));
            return evaluate(p);
        }, "cut.safetensors"));
        c.add(new Case("a FIFO as the model", u -> evaluate(fifo(u.resolve("model.fifo"))), "model.fifo"));
        c.add(new Case("a folder as the model", u -> evaluate(Files.createDirectories(u.resolve("model.d"))), "model.d"));
        c.add(new Case("a broken link as the model", u -> {
            Path l = Files.createSymbolicLink(u.resolve("gone.safetensors"), u.resolve("nowhere"));
            return evaluate(l);
        }, "gone.safetensors"));
        c.add(new Case("/dev/zero as the model", u -> evaluate(Path.of("/dev/zero")), "/dev/zero"));
        c.add(new Case("a socket as the model", u -> {
            Path sock = u.resolve("model.sock");
            java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
            server.bind(java.net.UnixDomainSocketAddress.of(sock));
            OPEN.add(server);
            return evaluate(sock);
        }, "model.sock"));
        c.add(new Case("bench --json under a regular file", u -> {
            Files.writeString(u.resolve("notes.txt"), "my notes");
            return new String[] {"bench", "--json", u.resolve("notes.txt/bench.json").toString()};
        }, "notes.txt is a regular file"));
        c.add(new Case("--json /dev/null", u -> train("--json", "/dev/null"), "/dev/null"));
        // inputs: images and data
        c.add(new Case("an image that is a FIFO", u -> new String[] {"predict", "--model", model.toString(),
            fifo(u.resolve("digit.png")).toString()}, "digit.png"));
        c.add(new Case("an image bomb", u -> {
            // a PNG header declaring 100,000 × 100,000 pixels, with almost no data behind it
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(100_000).putInt(100_000).put((byte) 8)
                    .put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
            chunk(png, "IHDR", ihdr.array());
            chunk(png, "IEND", new byte[0]);
            return new String[] {"predict", "--model", model.toString(), Files.write(u.resolve("bomb.png"), png.toByteArray()).toString()};
        }, "bomb.png"));
        c.add(new Case("a damaged data set", u -> {
            Path d = Files.createDirectories(u.resolve("data/fashion"));
            for (Path f : Files.list(data.resolve("fashion")).toList()) Files.copy(f, d.resolve(f.getFileName()));
            Path images = d.resolve("train-images-idx3-ubyte.gz");
            byte[] b = Files.readAllBytes(images);
            Files.write(images, java.util.Arrays.copyOf(b, b.length - 100));
            return new String[] {"train", "--dataset", "fashion", "--data-dir", u.resolve("data").toString(), "--validation", "20",
                "--epochs", "1", "--hidden", "8"};
        }, "train-images-idx3-ubyte"));
        c.add(new Case("a data folder that is a file", u -> new String[] {"explore", "--data-dir",
            Files.writeString(u.resolve("data.txt"), "not a folder").toString(), "--out", u.resolve("out").toString()},
            "data.txt is not a folder (a regular file)"));
        return c.stream().map(Arguments::of);
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] body) throws IOException {
        java.io.DataOutputStream d = new java.io.DataOutputStream(out);
        d.writeInt(body.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        d.write(t);
        d.write(body);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(body);
        d.writeInt((int) crc.getValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isOneLineExitTwoAndLeavesTheUsersFilesAlone(Case c, @TempDir Path u) throws Exception {
        String[] args = c.setup().prepare(u);
        Map<String, String> before = snapshot(u);
        CliRunner r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRunner.run(args), c.name() + ": no hang");
        System.out.println("BAD " + c.name() + " => " + r.err.strip());
        assertEquals(2, r.code, c.name() + "\n" + r);
        assertEquals(1, r.err.lines().count(), c.name() + ": exactly one line on stderr\n" + r);
        assertTrue(r.err.startsWith("workshop: "), r.toString());
        assertTrue(r.err.contains(c.says()), c.name() + ": says '" + c.says() + "'\n" + r);
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), c.name() + ": no stack trace\n" + r);
        assertEquals(before, snapshot(u), c.name() + ": the user's folder is exactly as it was");
        assertTrue(Files.exists(Path.of("/dev/null")) && !Files.isRegularFile(Path.of("/dev/null")), "/dev/null is still a device");
    }

    /** Every entry under {@code dir}, links not followed: its kind and, for a file, its SHA-256. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                String key = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) out.put(key, "link -> " + Files.readSymbolicLink(p));
                else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) out.put(key, "folder");
                else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) out.put(key, "file " + sha256(p));
                else out.put(key, "other " + Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS));
            }
        }
        return out;
    }

    private static String sha256(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
