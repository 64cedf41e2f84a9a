package nnworkshop.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removing the program's own temporary folders. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes {@code dir} and everything under it, best effort (a temporary file or folder of the
     * program's own: never call it on a user's path). Retries once after 100 ms, since a process
     * that is still exiting (a browser, a kernel) may be writing into it. Symbolic links are deleted,
     * never followed; a file (or link) is deleted itself. Returns whether {@code dir} is gone.
     */
    public static boolean deleteTree(Path dir) {
        for (int attempt = 0; attempt < 2 && Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS); attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            List<Path> paths = new ArrayList<>();
            if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                paths.add(dir);
            } else try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
            } catch (IOException | UncheckedIOException e) {
                // retry
            }
            for (Path p : paths) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // retry
                }
            }
        }
        return !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }
}
