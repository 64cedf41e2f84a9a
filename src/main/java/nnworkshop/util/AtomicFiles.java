package nnworkshop.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import nnworkshop.WorkshopException;

/**
 * Writes files so that a reader never sees a half-written one and nothing but a regular file is
 * ever replaced.
 *
 * <p>{@link #write}: the content goes to a temporary file in the same folder, named by
 * {@link PartialFiles} (within the 255-byte file-name limit, removed if the JVM is stopped,
 * swept by a later write if a kill -9 left it), which is then renamed over the target in one
 * step. The target may be missing or a regular file; a directory, a symbolic link (even one to a
 * regular file), a FIFO, a device or a socket is refused, never replaced: {@code --json /dev/null}
 * must not replace {@code /dev/null}. A failure is one line naming the file and the cause (a full
 * disk says so), and leaves the previous content of the target untouched.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    private static final Set<PosixFilePermission> RW_R_R = PosixFilePermissions.fromString("rw-r--r--");

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically, creating its parent directories. On failure the temporary
     * file is removed and the previous content of {@code target} (if any) is left untouched. A new
     * file is {@code rw-r--r--}; a replaced one keeps its permissions.
     *
     * @throws WorkshopException if {@code target} is not a regular file or missing, or if the
     *                           folder cannot be created or written
     */
    public static Path write(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        if (abs.getFileName() == null) {
            throw new WorkshopException("cannot write " + PathText.show(target) + ": it is not a file name (give a file path)");
        }
        int nameBytes = abs.getFileName().toString().getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes > PartialFiles.MAX_NAME_BYTES) {
            throw new WorkshopException("cannot write " + PathText.show(target) + ": its file name is " + nameBytes
                    + " bytes long, and the limit is " + PartialFiles.MAX_NAME_BYTES + " bytes (choose a shorter name)");
        }
        refuseUnlessRegularOrMissing(target);
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            PartialFiles.sweep(dir);
            tmp = PartialFiles.create(dir, abs.getFileName().toString(), permissionsFor(abs));
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), 1 << 16)) {
                writer.write(out);
            }
            refuseUnlessRegularOrMissing(target); // it may have changed while the content was written
            moveIntoPlace(tmp, abs);
            PartialFiles.forget(tmp);
            tmp = null;
            return target;
        } catch (IOException | UncheckedIOException e) {
            throw new WorkshopException("cannot write " + PathText.show(target) + ": " + describe(e, dir), e);
        } finally {
            if (tmp != null) PartialFiles.release(tmp);
        }
    }

    /** Writes a UTF-8 text file atomically. */
    public static Path writeString(Path target, String text) {
        return write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Moves {@code source} onto {@code target} atomically (falls back to a plain replace if the file
     * system cannot), replacing a regular file there.
     *
     * @throws FileSystemException if {@code target} is a directory, a symbolic link or a special file
     */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        FileKind k = FileKind.ofEntry(target);
        if (k != FileKind.MISSING && k != FileKind.REGULAR) {
            throw new FileSystemException(target.toString(), null, "is " + FileKind.describe(target) + ", not a regular file, and is never replaced");
        }
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Moves {@code source} to {@code target} only if nothing is there, not even a broken symbolic
     * link: by a hard link and an unlink, so the check and the move are one step (where the file
     * system has no hard links, by a move that checks first).
     *
     * @throws FileAlreadyExistsException if anything is at {@code target}; {@code source} is then kept
     */
    public static void moveIfAbsent(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(target.toString());
            Files.move(source, target); // without REPLACE_EXISTING: fails if something appeared meanwhile
            return;
        }
        Files.delete(source);
    }

    /**
     * Throws unless {@code target} is missing or a regular file (not a link to one).
     *
     * @throws WorkshopException one line: what is there, and what to do
     */
    static void refuseUnlessRegularOrMissing(Path target) {
        FileKind k = FileKind.ofEntry(target);
        switch (k) {
            case MISSING, REGULAR -> { }
            case DIRECTORY -> throw new WorkshopException("cannot write " + PathText.show(target)
                    + ": it is a directory (give a file name inside it)");
            case SYMLINK -> throw new WorkshopException("cannot write " + PathText.show(target) + ": it is "
                    + FileKind.describe(target) + ", and this program replaces only regular files, never links"
                    + " (remove the link, or choose another path)");
            case INACCESSIBLE -> throw new WorkshopException("cannot write " + PathText.show(target)
                    + ": a folder on the way cannot be searched (permission denied; choose another path)");
            default -> throw new WorkshopException("cannot write " + PathText.show(target) + ": it is " + k.phrase()
                    + ", and this program writes only regular files (choose a file path)");
        }
    }

    /** Those of the file being replaced, else rw-r--r-- (temporary files are created rw-------); null if not POSIX. */
    private static Set<PosixFilePermission> permissionsFor(Path target) {
        try {
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                return Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS);
            }
            return Files.getFileStore(target.getParent()).supportsFileAttributeView("posix") ? RW_R_R : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The cause of a failed write, in a few words and what to do; {@code dir} is the target's folder. */
    static String describe(Exception e, Path dir) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String full = messages(t);
        if (full.contains("No space left on device")) {
            return "the disk is full (No space left on device; free some space, or write it elsewhere)";
        }
        if (full.contains("Disk quota exceeded")) {
            return "the disk quota is exceeded (Disk quota exceeded; free some space, or write it elsewhere)";
        }
        if (full.contains("Read-only file system")) {
            return "the file system is read-only (choose another folder)";
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied (make " + PathText.show(dir) + " writable, or choose another folder)";
        }
        if (t instanceof FileAlreadyExistsException f && f.getFile() != null && !Files.isDirectory(Path.of(f.getFile()))) {
            return PathText.show(f.getFile()) + " is a file, not a folder (choose another path)";
        }
        if (t instanceof FileSystemException f && "Not a directory".equals(f.getReason())) {
            return "a part of its folder " + PathText.show(dir) + " is a file, not a folder (choose another path)";
        }
        if (full.contains("File name too long")) {
            return "the file name is too long (the limit is " + PartialFiles.MAX_NAME_BYTES + " bytes; choose a shorter one)";
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : " " + PathText.show(oneLine(m)))
                + " (check that the folder exists and is writable)";
    }

    /** The messages of {@code t}, its causes and suppressed exceptions, joined. */
    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.add(t);
        while (!todo.isEmpty() && seen.size() < 50) {
            Throwable x = todo.poll();
            if (!seen.add(x)) continue;
            if (x.getMessage() != null) sb.append(x.getMessage()).append(' ');
            if (x.getCause() != null) todo.add(x.getCause());
            for (Throwable s : x.getSuppressed()) todo.add(s);
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
