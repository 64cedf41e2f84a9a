package nnworkshop.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The program's temporary files and folders: how they are named, removed when the JVM is stopped
 * (SIGINT, SIGTERM, {@code System.exit}: a shutdown hook), and swept when a kill -9 left them.
 *
 * <p>A temporary file for {@code NAME} is {@code .NAME.nnwPID.RANDOM.tmp} in the same folder, PID
 * being the writing process's id; NAME is cut (at a character boundary) so that the whole name
 * stays within {@link #MAX_NAME_BYTES} bytes of UTF-8, the file-name limit of Linux file systems,
 * so any valid target name has a valid temporary name.
 *
 * <p>{@link #sweep} removes, in one folder, the temporaries of this naming that no live writer
 * can own: this process's own that it no longer tracks, those of a process that is no longer
 * running once they have not changed for {@link #STALE_AFTER} (a process id from another host or
 * container sharing the folder means nothing here, and a live writer keeps its file changing), and
 * any older than {@link #ABANDONED_AFTER}. Nothing else is ever touched.
 */
public final class PartialFiles {
    /** The longest file name, in bytes, that Linux file systems (ext4, xfs, btrfs, tmpfs) accept. */
    public static final int MAX_NAME_BYTES = 255;
    /** How long a dead process's temporary must have been left unchanged before a sweep removes it. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(1);
    /** A temporary this old is removed whoever wrote it. */
    public static final Duration ABANDONED_AFTER = Duration.ofDays(1);

    private static final String TAG = "nnw";
    private static final String SUFFIX = ".tmp";
    private static final int RANDOM_CHARS = 8;
    private static final Pattern OWN = Pattern.compile("\\..*\\." + TAG + "([0-9]{1,19})\\.[0-9a-z]{" + RANDOM_CHARS + "}"
            + Pattern.quote(SUFFIX), Pattern.DOTALL);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<Path> TRACKED = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;

    private PartialFiles() {}

    /** The temporary name for {@code targetName} in this process: {@code .NAME.nnwPID.RANDOM.tmp}, at most 255 bytes. */
    static String temporaryName(String targetName) {
        StringBuilder r = new StringBuilder(RANDOM_CHARS);
        for (int i = 0; i < RANDOM_CHARS; i++) r.append(Character.forDigit(RANDOM.nextInt(36), 36));
        String tail = "." + TAG + ProcessHandle.current().pid() + "." + r + SUFFIX;
        int budget = MAX_NAME_BYTES - 1 - tail.getBytes(StandardCharsets.UTF_8).length;
        return "." + cut(targetName, budget) + tail;
    }

    /** True if {@code fileName} has this program's temporary naming. */
    public static boolean isTemporaryName(String fileName) {
        return OWN.matcher(fileName).matches();
    }

    /** {@code s} cut to at most {@code maxBytes} bytes of UTF-8, never inside a character. */
    static String cut(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) break;
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    /**
     * Creates a new, empty temporary file for {@code targetName} in {@code dir} (which must exist),
     * with {@code permissions}, tracked until {@link #release}: removed if the JVM is stopped.
     */
    static Path create(Path dir, String targetName, Set<PosixFilePermission> permissions) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(temporaryName(targetName));
            track(tmp);
            try {
                if (permissions == null) return Files.createFile(tmp);
                FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(permissions);
                Path p = Files.createFile(tmp, attr);
                Files.setPosixFilePermissions(p, permissions); // the umask may have taken bits away
                return p;
            } catch (FileAlreadyExistsException e) {
                TRACKED.remove(tmp);
                if (attempt >= 10) throw e;
            } catch (IOException | RuntimeException e) {
                release(tmp);
                throw e;
            }
        }
    }

    /**
     * Tracks {@code path} (a file, or a folder deleted with all it holds): if the JVM is stopped
     * before {@link #release}, a shutdown hook deletes it.
     */
    public static void track(Path path) {
        hook();
        TRACKED.add(path.toAbsolutePath());
    }

    /** Stops tracking {@code path}, and deletes it (a file, or a folder and all it holds) if it still exists. */
    public static void release(Path path) {
        Path p = path.toAbsolutePath();
        FileTrees.deleteTree(p);
        TRACKED.remove(p);
    }

    /** Stops tracking {@code path} without deleting it (it was moved into place). */
    static void forget(Path path) {
        TRACKED.remove(path.toAbsolutePath());
    }

    /** Whether {@code path} is tracked now (for tests). */
    static boolean isTracked(Path path) {
        return TRACKED.contains(path.toAbsolutePath());
    }

    /**
     * Removes from {@code dir} the stale temporaries of this program's naming (see the class
     * comment). Best effort: a folder that cannot be listed is left alone.
     *
     * @return how many were removed
     */
    public static int sweep(Path dir) {
        int removed = 0;
        long self = ProcessHandle.current().pid();
        Instant now = Instant.now();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "." + "*" + SUFFIX)) {
            for (Path p : ds) {
                Matcher m = OWN.matcher(p.getFileName().toString());
                if (!m.matches()) continue;
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    continue;
                }
                if (!a.isRegularFile()) continue; // a link or folder of that name is not ours
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                Duration age = Duration.between(a.lastModifiedTime().toInstant(), now);
                boolean stale;
                if (pid == self) {
                    stale = !TRACKED.contains(p.toAbsolutePath());
                } else {
                    boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    stale = (!alive && age.compareTo(STALE_AFTER) > 0) || age.compareTo(ABANDONED_AFTER) > 0;
                }
                if (stale) {
                    try {
                        Files.deleteIfExists(p);
                        removed++;
                    } catch (IOException e) {
                        // best effort: a later sweep tries again
                    }
                }
            }
        } catch (IOException e) {
            // best effort
        }
        return removed;
    }

    private static void hook() {
        if (hooked) return;
        synchronized (PartialFiles.class) {
            if (hooked) return;
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(PartialFiles::deleteAllTracked, "nn-workshop temporary files"));
            } catch (IllegalStateException e) {
                return; // already shutting down: the caller's own cleanup has to do
            }
            hooked = true;
        }
    }

    private static void deleteAllTracked() {
        for (Path p : TRACKED.toArray(new Path[0])) FileTrees.deleteTree(p);
    }
}
