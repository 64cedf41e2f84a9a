package nnworkshop.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import nnworkshop.WorkshopException;
import nnworkshop.data.DataStore;
import nnworkshop.data.DatasetKind;
import nnworkshop.util.AtomicFiles;

/**
 * The classroom bundle: one zip with everything a laptop needs for the workshop without Maven, npm
 * or a network — the built jar and its libraries (with libtorch for one platform), the verified
 * datasets, the notebooks, launchers ({@code workshop}, {@code workshop.cmd}) that run Java
 * directly, and {@code SHA256SUMS} for every file, which the launcher checks on its first run (a
 * truncated or tampered bundle is refused in one line before anything runs).
 * <pre>
 *   nn-workshop/workshop, workshop.cmd, README.txt, SHA256SUMS
 *   nn-workshop/lib/nn-workshop.jar, lib/*.jar
 *   nn-workshop/data/mnist/…, data/fashion/… (when present)
 *   nn-workshop/notebooks/*.ipynb
 * </pre>
 * No test classes, no sources: what runs, what the learner reads (the notebooks).
 */
public final class Bundle {
    /** The folder everything is under inside the archive. */
    public static final String TOP = "nn-workshop/";
    /** The checksum list inside the archive. */
    public static final String SUMS = "SHA256SUMS";

    private Bundle() {}

    /** What {@link #write} put in the archive. */
    public record Written(Path file, long bytes, int files, String platform) {}

    /**
     * Writes the bundle for {@code platform} (DJL's name, e.g. linux-x86_64) to {@code out},
     * through a temporary file moved into place.
     *
     * @param root  the project (its target/ holds the built jar and libraries; its notebooks/)
     * @param libtorch the libtorch jar for {@code platform}
     * @throws WorkshopException if a piece is missing, or the archive cannot be written
     */
    public static Written write(Path out, String platform, Path root, Path libtorch, DataStore store, Consumer<String> log) {
        Map<String, Path> files = new LinkedHashMap<>(); // name in the archive → file
        Path jar = root.resolve("target/nn-workshop.jar"), lib = root.resolve("target/lib");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            throw new WorkshopException("the project is not built (" + jar + "): run mvn -B -DskipTests package first");
        }
        files.put("lib/nn-workshop.jar", jar);
        for (Path p : list(lib)) {
            String name = p.getFileName().toString();
            if (name.startsWith("pytorch-native-cpu-")) continue; // the platform's own, below
            files.put("lib/" + name, p);
        }
        files.put("lib/" + libtorch.getFileName(), libtorch);
        for (DatasetKind kind : DatasetKind.values()) {
            Path dir;
            try {
                dir = store.load(kind) != null ? store.dir(kind) : null; // verified before it is packed
            } catch (WorkshopException e) {
                if (kind == DatasetKind.MNIST) throw e;
                log.accept("bundle: " + kind.displayName() + " left out (" + e.getMessage() + ")");
                continue;
            }
            for (String f : DataStore.FILE_NAMES) {
                Path p = existing(dir, f);
                if (p != null) files.put("data/" + kind.id() + "/" + p.getFileName(), p);
            }
        }
        for (Path p : list(root.resolve("notebooks"))) {
            if (p.getFileName().toString().endsWith(".ipynb")) files.put("notebooks/" + p.getFileName(), p);
        }
        log.accept(String.format(Locale.ROOT, "bundle: %d files for %s", files.size() + 4, platform));

        Map<String, String> sums = new LinkedHashMap<>();
        AtomicFiles.write(out, os -> {
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(os)) {
                for (Map.Entry<String, Path> e : files.entrySet()) {
                    sums.put(e.getKey(), copy(zip, TOP + e.getKey(), e.getValue(), compressible(e.getKey())));
                }
                for (String launcher : List.of("workshop", "workshop.cmd", "README.txt")) {
                    byte[] text = resource(launcher);
                    sums.put(launcher, put(zip, TOP + launcher, text, launcher.equals("workshop") ? 0755 : 0644));
                }
                StringBuilder list = new StringBuilder();
                sums.forEach((name, sha) -> list.append(sha).append("  ").append(name).append('\n'));
                put(zip, TOP + SUMS, list.toString().getBytes(StandardCharsets.UTF_8), 0644);
            }
        });
        long bytes;
        try {
            bytes = Files.size(out);
        } catch (IOException e) {
            bytes = -1;
        }
        return new Written(out, bytes, sums.size() + 1, platform);
    }

    /** The data sets are raw bytes that compress well; jars are compressed already. */
    private static boolean compressible(String name) {
        return !name.endsWith(".jar");
    }

    private static String copy(ZipArchiveOutputStream zip, String name, Path file, boolean deflate) throws IOException {
        ZipArchiveEntry e = new ZipArchiveEntry(name);
        e.setUnixMode(0644);
        zip.setLevel(deflate ? 6 : 0);
        zip.putArchiveEntry(e);
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(zip);
        }
        zip.closeArchiveEntry();
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String put(ZipArchiveOutputStream zip, String name, byte[] bytes, int mode) throws IOException {
        ZipArchiveEntry e = new ZipArchiveEntry(name);
        e.setUnixMode(mode);
        zip.setLevel(6);
        zip.putArchiveEntry(e);
        zip.write(bytes);
        zip.closeArchiveEntry();
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static byte[] resource(String name) {
        try (InputStream in = Bundle.class.getResourceAsStream(name)) {
            if (in == null) throw new WorkshopException("the build lacks the bundle's " + name + ": rebuild the project");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new WorkshopException("cannot read the bundle's " + name + ": " + e.getMessage(), e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path existing(Path dir, String name) {
        for (String n : List.of(name, name + ".gz")) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new WorkshopException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The libtorch jar files a bundle for each platform needs, from the local Maven repository. */
    public static Path libtorchJar(Path mavenRepo, String platform, String version) {
        return mavenRepo.resolve("ai/djl/pytorch/pytorch-native-cpu/" + version + "/pytorch-native-cpu-" + version + "-"
                + platform + ".jar");
    }

    /** Every file of an unpacked bundle that {@code SHA256SUMS} lists but is missing or differs, as "name: why". */
    public static List<String> verify(Path unpacked) {
        Path sums = unpacked.resolve(SUMS);
        List<String> bad = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(sums, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of(SUMS + ": missing or unreadable");
        }
        for (String line : lines) {
            if (line.isBlank()) continue;
            int sep = line.indexOf("  ");
            if (sep != 64) {
                bad.add(SUMS + ": malformed line");
                continue;
            }
            String want = line.substring(0, 64), name = line.substring(66);
            Path p = unpacked.resolve(name).normalize();
            if (!p.startsWith(unpacked.normalize())) {
                bad.add(name + ": outside the bundle");
                continue;
            }
            if (!Files.isRegularFile(p)) {
                bad.add(name + ": missing");
                continue;
            }
            MessageDigest sha = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(p), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                bad.add(name + ": unreadable");
                continue;
            }
            if (!HexFormat.of().formatHex(sha.digest()).equals(want)) bad.add(name + ": differs from its checksum");
        }
        return bad;
    }
}
