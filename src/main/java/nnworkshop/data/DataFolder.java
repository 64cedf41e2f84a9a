package nnworkshop.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import nnworkshop.WorkshopException;
import nnworkshop.util.FileKind;
import nnworkshop.util.PathText;

/**
 * Verification and loading of one data set's folder, e.g. {@code ~/.cache/nn-workshop/mnist}:
 * the four IDX files, each raw or gzip ({@code name} or {@code name.gz}; the raw one wins if both
 * exist). Reads only; never changes the folder.
 *
 * <p>A folder is either the program's own cache or one the user pointed at ({@code --data-dir});
 * the difference is only in what the messages advise: a bad file in the cache is replaced by
 * {@code ./workshop data fetch}, a bad file in a user's folder is never touched, so the user is
 * told how to fix it. Where a file is expected and a directory, FIFO, device, socket or broken
 * symbolic link is found, it is reported without being opened (reading a FIFO would wait forever).
 */
final class DataFolder {
    private final Path folder;
    private final DatasetKind kind;
    private final Map<String, String> officialSha256;
    private final Path cacheForUser;

    /**
     * @param officialSha256 the SHA-256 each file must have, by name (MNIST); empty for a data set
     *                       whose files are checked by parsing only (Fashion-MNIST)
     * @param cacheForUser   null if {@code folder} is in the program's cache; else it is a user's
     *                       folder, and this is the cache folder used instead when it is incomplete
     */
    DataFolder(Path folder, DatasetKind kind, Map<String, String> officialSha256, Path cacheForUser) {
        this.folder = folder;
        this.kind = kind;
        this.officialSha256 = Map.copyOf(officialSha256);
        this.cacheForUser = cacheForUser;
    }

    Path path() {
        return folder;
    }

    /** What was found for one expected file: the file to read, or nothing, or a problem. */
    record Entry(String name, Path path, String problem) {
        boolean found() { return path != null && problem == null; }
        boolean missing() { return path == null && problem == null; }
    }

    /**
     * {@code folder/name} if it is a regular file (or a link to one), else {@code folder/name.gz}
     * if that is; missing if neither exists; a problem if either is something else. Opens nothing.
     */
    Entry inspect(String name) {
        Path raw = folder.resolve(name);
        FileKind k = FileKind.of(raw);
        if (k == FileKind.REGULAR) return new Entry(name, raw, null);
        if (k != FileKind.MISSING) return new Entry(name, raw, notAFile(raw));
        Path gz = folder.resolve(name + ".gz");
        k = FileKind.of(gz);
        if (k == FileKind.REGULAR) return new Entry(name, gz, null);
        if (k != FileKind.MISSING) return new Entry(name, gz, notAFile(gz));
        return new Entry(name, null, null);
    }

    /**
     * The file to read for {@code name}, or null if it is missing.
     *
     * @throws WorkshopException if something other than a regular file is there
     */
    Path resolve(String name) {
        Entry e = inspect(name);
        if (e.problem() != null) throw new WorkshopException(PathText.show(e.path()) + ": " + e.problem());
        return e.path();
    }

    /** The four entries, in {@link DataStore#FILE_NAMES} order. */
    List<Entry> entries() {
        return DataStore.FILE_NAMES.stream().map(this::inspect).toList();
    }

    /**
     * True if each of the four files is present (not checked).
     *
     * @throws WorkshopException if something other than a regular file is where one is expected
     */
    boolean complete() {
        boolean all = true;
        for (String n : DataStore.FILE_NAMES) all &= resolve(n) != null;
        return all;
    }

    /**
     * Re-checks the files without changing anything. With official checksums, the SHA-256 of each
     * file's decompressed content must be the official one, and the files must parse; without, the
     * files must parse, and their SHA-256s are recorded. Missing and bad files are reported, not thrown.
     */
    VerifyReport verify() {
        List<VerifyReport.FileStatus> out = new ArrayList<>();
        int[] counts = new int[4];
        for (int i = 0; i < 4; i++) {
            String name = DataStore.FILE_NAMES.get(i);
            Entry entry = inspect(name);
            counts[i] = -1;
            if (entry.missing()) {
                out.add(new VerifyReport.FileStatus(name, folder.resolve(name), -1, "", false, missingAdvice()));
                continue;
            }
            if (entry.problem() != null) {
                out.add(new VerifyReport.FileStatus(name, entry.path(), -1, "", false, entry.problem()));
                continue;
            }
            Path file = entry.path();
            long size = -1;
            String sha = "";
            String problem = "";
            try {
                size = Files.size(file);
                byte[] content = IdxReader.readContent(file);
                sha = hex(DataStore.sha256().digest(content));
                String expected = officialSha256.get(name);
                if (expected != null && !expected.equals(sha)) {
                    problem = mismatch(sha, expected);
                } else if (i % 2 == 0) {
                    counts[i] = IdxReader.parseImages(content, file).count();
                } else {
                    counts[i] = IdxReader.parseLabels(content, file).length;
                }
            } catch (WorkshopException e) {
                problem = withoutPath(advised(e.getMessage()), file);
            } catch (IOException e) {
                problem = "cannot be read: " + IdxReader.oneLine(e);
            }
            out.add(new VerifyReport.FileStatus(name, file, size, sha, problem.isEmpty(), problem));
        }
        for (int i = 0; i < 4; i += 2) {
            if (counts[i] >= 0 && counts[i + 1] >= 0 && counts[i] != counts[i + 1]) {
                VerifyReport.FileStatus l = out.get(i + 1);
                out.set(i + 1, new VerifyReport.FileStatus(l.name(), l.path(), l.size(), l.sha256(), false,
                        "holds " + counts[i + 1] + " labels but " + PathText.show(out.get(i).path().getFileName())
                                + " holds " + counts[i] + " images (the two files do not belong together)"));
            }
        }
        return new VerifyReport(kind, folder, out);
    }

    /**
     * Throws for the first file that is there but bad (not a regular file, unreadable, not the
     * official file, not valid IDX); missing files are not a problem here. Reads every file present.
     *
     * @throws WorkshopException one line: which file, what is wrong, what to do
     */
    void requireNoBadFiles() {
        for (VerifyReport.FileStatus f : verify().files()) {
            if (!f.ok() && !f.problem().equals(missingAdvice())) {
                throw new WorkshopException(PathText.show(f.path()) + ": " + f.problem());
            }
        }
    }

    /**
     * Reads the training and test sets, checking each file against its official SHA-256 (if any)
     * as it is read, at no extra read.
     *
     * @param advice where else the data can come from, for the message about a missing file
     * @throws WorkshopException if a file is missing or invalid
     */
    MnistData load(String advice) {
        long t0 = System.nanoTime();
        StringBuilder listing = new StringBuilder();
        Path[] files = new Path[4];
        IdxReader.Images[] images = new IdxReader.Images[2];
        byte[][] labels = new byte[2][];
        try {
            for (int i = 0; i < 4; i++) {
                String name = DataStore.FILE_NAMES.get(i);
                files[i] = resolve(name);
                if (files[i] == null) {
                    throw new WorkshopException(PathText.show(folder.resolve(name)) + ": file not found (run `./workshop data fetch`, "
                            + advice + ")");
                }
                byte[] content = IdxReader.readContent(files[i]);
                String sha = hex(DataStore.sha256().digest(content));
                String expected = officialSha256.get(name);
                if (expected != null && !expected.equals(sha)) {
                    throw new WorkshopException(PathText.show(files[i]) + ": " + mismatch(sha, expected));
                }
                listing.append(sha).append("  ").append(name).append('\n');
                if (i % 2 == 0) {
                    images[i / 2] = IdxReader.parseImages(content, files[i]);
                } else {
                    labels[i / 2] = IdxReader.parseLabels(content, files[i]);
                }
            }
        } catch (WorkshopException e) {
            String m = advised(e.getMessage());
            throw m.equals(e.getMessage()) ? e : new WorkshopException(m, e);
        }
        Dataset train = IdxReader.combine(images[0], files[0], labels[0], files[1], kind.id() + "/train");
        Dataset test = IdxReader.combine(images[1], files[2], labels[1], files[3], kind.id() + "/test");
        double seconds = (System.nanoTime() - t0) / 1e9;
        String digest = hex(DataStore.sha256().digest(listing.toString().getBytes(StandardCharsets.US_ASCII)));
        return new MnistData(kind, train, test, digest, seconds);
    }

    // ------------------------------------------------------------------------ what to advise

    private boolean isUsers() {
        return cacheForUser != null;
    }

    /** What to do about a bad file here, in parentheses' words. */
    private String fix() {
        return isUsers()
                ? "files in --data-dir are never changed: put the right file there, or remove it to use the cache "
                        + PathText.show(cacheForUser)
                : "run `./workshop data fetch` to replace it, or delete the file";
    }

    private String missingAdvice() {
        return isUsers() ? "missing (the cache " + PathText.show(cacheForUser) + " is used instead)"
                : "missing (run `./workshop data fetch`)";
    }

    private String mismatch(String actual, String expected) {
        return "SHA-256 is " + actual + " but the official " + kind.displayName() + " file's is " + expected
                + " (" + fix() + ")";
    }

    private String notAFile(Path p) {
        return "is " + FileKind.describe(p) + ", not a regular IDX file; it was not opened or changed (" + fix() + ")";
    }

    /** {@code message} with IdxReader's advice (fetch again, or delete) replaced by this folder's. */
    private String advised(String message) {
        return isUsers() ? message.replace(IdxReader.HINT, fix()) : message;
    }

    private static String withoutPath(String message, Path file) {
        String prefix = PathText.show(file) + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
