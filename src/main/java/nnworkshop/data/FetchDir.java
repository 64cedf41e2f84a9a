package nnworkshop.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import nnworkshop.WorkshopException;
import nnworkshop.util.FileTrees;
import nnworkshop.util.PartialFiles;
import nnworkshop.util.PathText;

/**
 * The hidden folder a fetch works in, {@code DIR/.fetch-*}: inside the data folder, so the final
 * moves into place are renames on one file system. Everything downloaded or copied is checked
 * there first; {@link #close} deletes it whatever happened, and a shutdown hook if the JVM is
 * stopped by SIGINT or SIGTERM ({@link PartialFiles#track}). Folders left by a kill -9 are
 * removed by a later fetch once they are old enough that no running fetch can own them.
 */
final class FetchDir implements AutoCloseable {
    static final String PREFIX = ".fetch-";

    private final Path path;

    private FetchDir(Path path) {
        this.path = path;
    }

    /**
     * Creates {@code dataDir} if needed, removes stale {@code .fetch-*} folders in it (older than
     * an hour and than twice {@code timeout}), and creates a new one.
     *
     * @throws WorkshopException if the data folder cannot be written
     */
    static FetchDir create(Path dataDir, Duration timeout) {
        try {
            Files.createDirectories(dataDir);
            removeStale(dataDir, timeout);
            Path dir = Files.createTempDirectory(dataDir, PREFIX);
            PartialFiles.track(dir); // deleted by a shutdown hook if the JVM is stopped mid-fetch
            return new FetchDir(dir);
        } catch (IOException e) {
            throw new WorkshopException("cannot write to the data folder " + PathText.show(dataDir) + ": " + IdxReader.oneLine(e)
                    + " (make it writable, or choose another with --data-dir or NNWORKSHOP_DATA)", e);
        }
    }

    /** The folder itself. */
    Path path() {
        return path;
    }

    /** A new, empty sub-folder {@code name}. */
    Path newFolder(String name) throws IOException {
        return Files.createDirectory(path.resolve(name));
    }

    @Override
    public void close() {
        FileTrees.deleteTree(path);
        PartialFiles.release(path);
    }

    private static void removeStale(Path dataDir, Duration timeout) {
        Duration twice = timeout.multipliedBy(2);
        Duration age = Duration.ofHours(1).compareTo(twice) > 0 ? Duration.ofHours(1) : twice;
        FileTime cutoff = FileTime.from(Instant.now().minus(age));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dataDir, PREFIX + "*")) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && Files.getLastModifiedTime(p).compareTo(cutoff) < 0) FileTrees.deleteTree(p);
            }
        } catch (IOException e) {
            // best effort: a stale hidden folder wastes space but is never read
        }
    }
}
