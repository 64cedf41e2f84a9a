package nnworkshop.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import nnworkshop.WorkshopException;

/**
 * What is at a path, found without opening it: {@code open(2)} on a FIFO blocks until a writer
 * comes, and on a device it may do anything, so a program that wants a regular file asks first.
 *
 * <p>{@link #of} follows symbolic links (a link to a regular file is {@link #REGULAR}; one whose
 * target is missing, or a loop, is {@link #BROKEN_SYMLINK}); {@link #ofEntry} looks at the entry
 * itself (any link is {@link #SYMLINK}). FIFOs, devices and sockets are told apart through the
 * {@code unix:mode} attribute where the platform has it, else they are {@link #OTHER}.
 */
public enum FileKind {
    MISSING("missing"),
    REGULAR("a regular file"),
    DIRECTORY("a directory"),
    SYMLINK("a symbolic link"),
    BROKEN_SYMLINK("a broken symbolic link"),
    FIFO("a FIFO (named pipe)"),
    CHARACTER_DEVICE("a character device"),
    BLOCK_DEVICE("a block device"),
    SOCKET("a socket"),
    OTHER("a special file"),
    /** It cannot be examined: a folder on the way is not searchable. */
    INACCESSIBLE("not accessible (permission denied)");

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFSOCK = 0140000;

    private final String phrase;

    FileKind(String phrase) {
        this.phrase = phrase;
    }

    /** How a message names it, e.g. "a FIFO (named pipe)". */
    public String phrase() {
        return phrase;
    }

    /** What {@code path} is, following symbolic links. Never opens it, never blocks. */
    public static FileKind of(Path path) {
        FileKind entry = ofEntry(path);
        if (entry != SYMLINK) return entry;
        try {
            BasicFileAttributes target = Files.readAttributes(path, BasicFileAttributes.class);
            return classify(path, target, new LinkOption[0]);
        } catch (AccessDeniedException e) {
            return INACCESSIBLE;
        } catch (IOException e) {
            return BROKEN_SYMLINK; // missing target, or a loop ("Too many levels of symbolic links")
        }
    }

    /** What the directory entry {@code path} itself is: a symbolic link is {@link #SYMLINK}. */
    public static FileKind ofEntry(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return classify(path, a, new LinkOption[] {LinkOption.NOFOLLOW_LINKS});
        } catch (NoSuchFileException e) {
            return MISSING;
        } catch (AccessDeniedException e) {
            return INACCESSIBLE;
        } catch (FileSystemException e) {
            // ENOTDIR: a component of the path is a regular file, so nothing can be at the path
            return "Not a directory".equals(e.getReason()) ? MISSING : INACCESSIBLE;
        } catch (IOException e) {
            return INACCESSIBLE;
        }
    }

    /**
     * {@code path} and what it is, for a message: "a symbolic link to /proc/self/fd/1", "a FIFO
     * (named pipe)", "a broken symbolic link to /gone".
     */
    public static String describe(Path path) {
        FileKind entry = ofEntry(path);
        if (entry != SYMLINK) return entry.phrase;
        FileKind target = of(path);
        String to;
        try {
            to = " to " + PathText.show(Files.readSymbolicLink(path));
        } catch (IOException | UnsupportedOperationException e) {
            to = "";
        }
        if (target == BROKEN_SYMLINK) return BROKEN_SYMLINK.phrase + to;
        return SYMLINK.phrase + to + (target == REGULAR ? "" : " (" + target.phrase + ")");
    }

    /**
     * Checks, without opening it, that {@code file} is a regular file (or a symbolic link to one)
     * that can be read.
     *
     * @param hint what to do, appended in parentheses, e.g. "give the file train --save wrote"
     * @return {@code file}
     * @throws WorkshopException one line naming the file and what was found instead
     */
    public static Path requireReadableFile(Path file, String hint) {
        FileKind k = of(file);
        String suffix = hint == null || hint.isEmpty() ? "" : " (" + hint + ")";
        String shown = PathText.show(file);
        switch (k) {
            case REGULAR -> {
                if (!Files.isReadable(file)) throw new WorkshopException(shown + ": permission denied" + suffix);
                return file;
            }
            case MISSING -> throw new WorkshopException(shown + ": no such file" + suffix);
            case INACCESSIBLE -> throw new WorkshopException(shown + ": cannot be examined: permission denied" + suffix);
            default -> throw new WorkshopException(shown + ": is " + describe(file)
                    + ", not a regular file; it was not opened" + suffix);
        }
    }

    private static FileKind classify(Path path, BasicFileAttributes a, LinkOption[] options) {
        if (a.isSymbolicLink()) return SYMLINK;
        if (a.isRegularFile()) return REGULAR;
        if (a.isDirectory()) return DIRECTORY;
        try {
            Object mode = Files.getAttribute(path, "unix:mode", options);
            if (mode instanceof Integer m) {
                return switch (m & S_IFMT) {
                    case S_IFIFO -> FIFO;
                    case S_IFCHR -> CHARACTER_DEVICE;
                    case S_IFBLK -> BLOCK_DEVICE;
                    case S_IFSOCK -> SOCKET;
                    case S_IFREG -> REGULAR;
                    case S_IFDIR -> DIRECTORY;
                    case S_IFLNK -> SYMLINK;
                    default -> OTHER;
                };
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no "unix" attribute view here: a FIFO, device or socket is just "special"
        }
        return OTHER;
    }
}
