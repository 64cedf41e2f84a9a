package nnworkshop.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@link DataStore#verify(DatasetKind)}: one status per expected file. Missing and
 * bad files are reported here, not thrown.
 *
 * @param kind  the data set checked
 * @param dir   the folder checked, e.g. {@code ~/.cache/nn-workshop/mnist}
 * @param files one entry per expected file, in the order train images, train labels, test images,
 *              test labels
 */
public record VerifyReport(DatasetKind kind, Path dir, List<FileStatus> files) {

    /**
     * The state of one file.
     *
     * @param name    the canonical name, without {@code .gz} (e.g. "train-images-idx3-ubyte")
     * @param path    the file found (may end in {@code .gz}), or the expected path if missing
     * @param size    its size on disk in bytes, or -1 if missing
     * @param sha256  the SHA-256 of its decompressed content (lower-case hex), or "" if unreadable
     * @param ok      true if it is present, parses, and (for MNIST) matches the official checksum
     * @param problem what is wrong, one line ("" if ok)
     */
    public record FileStatus(String name, Path path, long size, String sha256, boolean ok, String problem) {
        /** One line for a terminal, e.g. {@code ok   train-images-idx3-ubyte  47040016 B  sha256 ba89…}. */
        public String line() {
            String sz = size < 0 ? "-" : size + " B";
            String sha = sha256.isEmpty() ? "" : "  sha256 " + sha256;
            return String.format("%-4s %-28s %12s%s%s", ok ? "ok" : "BAD", path.getFileName(), sz, sha,
                    ok ? "" : "  " + problem);
        }
    }

    public VerifyReport {
        files = List.copyOf(files);
    }

    /** True if every file is present and valid. */
    public boolean isOk() {
        return files.stream().allMatch(FileStatus::ok);
    }

    /** A heading and one line per file, for printing. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(kind.displayName() + " in " + dir + ": " + (isOk() ? "ok" : "NOT OK"));
        for (FileStatus f : files) out.add(f.line());
        return out;
    }
}
