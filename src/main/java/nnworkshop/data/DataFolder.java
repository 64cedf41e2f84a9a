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

/**
 * Verification and loading of one data set's folder, e.g. {@code ~/.cache/nn-workshop/mnist}:
 * the four IDX files, each raw or gzip ({@code name} or {@code name.gz}; the raw one wins if both
 * exist). Reads only; never changes the folder.
 */
final class DataFolder {
    private final Path folder;
    private final DatasetKind kind;
    private final Map<String, String> officialSha256;

    /**
     * @param officialSha256 the SHA-256 each file must have, by name (MNIST); empty for a data set
     *                       whose files are checked by parsing only (Fashion-MNIST)
     */
    DataFolder(Path folder, DatasetKind kind, Map<String, String> officialSha256) {
        this.folder = folder;
        this.kind = kind;
        this.officialSha256 = Map.copyOf(officialSha256);
    }

    Path path() {
        return folder;
    }

    /** {@code folder/name} if it is a file, else {@code folder/name.gz} if that is, else null. */
    Path resolve(String name) {
        Path raw = folder.resolve(name);
        if (Files.isRegularFile(raw)) return raw;
        Path gz = folder.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    /** True if each of the four files is present (not checked). */
    boolean complete() {
        return DataStore.FILE_NAMES.stream().allMatch(n -> resolve(n) != null);
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
            Path file = resolve(name);
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
                sha = hex(DataStore.sha256().digest(content));
                String expected = officialSha256.get(name);
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
        for (int i = 0; i < 4; i++) {
            String name = DataStore.FILE_NAMES.get(i);
            files[i] = resolve(name);
            if (files[i] == null) {
                throw new WorkshopException(folder.resolve(name) + ": file not found (run `./workshop data fetch`, "
                        + advice + ")");
            }
            byte[] content = IdxReader.readContent(files[i]);
            String sha = hex(DataStore.sha256().digest(content));
            String expected = officialSha256.get(name);
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
        String digest = hex(DataStore.sha256().digest(listing.toString().getBytes(StandardCharsets.US_ASCII)));
        return new MnistData(kind, train, test, digest, seconds);
    }

    private static String withoutPath(String message, Path file) {
        String prefix = file + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
