package nnworkshop.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import nnworkshop.WorkshopException;

/**
 * The check a command makes of everything it will write, before any work starts: an hour of
 * training must not end in "cannot write", nor overwrite the model it was given.
 *
 * <pre>{@code
 * new OutputPaths()
 *         .input(modelFile, "--model")
 *         .output(jsonFile, "--json")
 *         .outputFolder(outDir, "--out")
 *         .check();
 * }</pre>
 *
 * <p>For each output file: its name is within the 255-byte file-name limit; it is missing or a
 * regular file (a directory, a symbolic link, a FIFO, a device or a socket is refused, since
 * {@link AtomicFiles} writes only regular files); its folder exists and is writable, or does not
 * exist yet and can be created in the nearest folder that does (a command writes into
 * {@code --out DIR/part1/}); no part of the folder path is a regular file. For each output folder,
 * the same of the folder itself. Then no two outputs, and no output and input, are the same file:
 * paths are compared after normalising them and resolving symbolic links in the part that exists,
 * and existing files also by identity (a hard link is the same file). An input may be a file or a
 * folder; it is never opened.
 *
 * <p>The check opens nothing and changes nothing. It does not replace the checks of
 * {@link AtomicFiles} at write time (something may change in between); it moves the refusal to
 * before the work.
 */
public final class OutputPaths {
    private record Item(Path path, String what, boolean folder) {}

    private final List<Item> outputs = new ArrayList<>();
    private final List<Item> inputs = new ArrayList<>();

    /** An empty check; add the command's outputs and inputs, then call {@link #check()}. */
    public OutputPaths() {}

    /**
     * A file the command will write (through {@link AtomicFiles}).
     *
     * @param what how the user named it, for messages, e.g. "--save"; null for none
     */
    public OutputPaths output(Path file, String what) {
        outputs.add(new Item(Objects.requireNonNull(file, "file"), what, false));
        return this;
    }

    /** A folder the command will write files into, creating it if needed; {@code what} as for {@link #output}. */
    public OutputPaths outputFolder(Path folder, String what) {
        outputs.add(new Item(Objects.requireNonNull(folder, "folder"), what, true));
        return this;
    }

    /** A file or folder the command will read; no output may be the same file. Null is ignored. */
    public OutputPaths input(Path fileOrFolder, String what) {
        if (fileOrFolder != null) inputs.add(new Item(fileOrFolder, what, false));
        return this;
    }

    /**
     * Checks everything added (see the class comment). Opens nothing, changes nothing.
     *
     * @throws WorkshopException one line for the first problem: which path, what is wrong, what to do
     */
    public void check() {
        List<Path> keys = new ArrayList<>();
        for (Item o : outputs) {
            if (o.folder) checkFolder(o, o.path.toAbsolutePath().normalize(), true);
            else checkFile(o);
            keys.add(key(o.path));
        }
        for (int i = 0; i < outputs.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (same(outputs.get(i).path, keys.get(i), outputs.get(j).path, keys.get(j))) {
                    throw new WorkshopException("cannot write " + name(outputs.get(i)) + ": it is the same file as "
                            + name(outputs.get(j)) + ", another output of this command (give each output its own path)");
                }
            }
        }
        for (Item in : inputs) {
            Path inKey = key(in.path);
            for (int i = 0; i < outputs.size(); i++) {
                if (same(outputs.get(i).path, keys.get(i), in.path, inKey)) {
                    throw new WorkshopException("cannot write " + name(outputs.get(i)) + ": it is the same file as "
                            + name(in) + ", which this command reads, and writing it would replace that"
                            + " (choose another output path)");
                }
            }
        }
    }

    private static void checkFile(Item o) {
        Path abs = o.path.toAbsolutePath().normalize();
        if (abs.getFileName() == null) {
            throw new WorkshopException("cannot write " + name(o) + ": it is not a file name (give a file path)");
        }
        int bytes = abs.getFileName().toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > PartialFiles.MAX_NAME_BYTES) {
            throw new WorkshopException("cannot write " + name(o) + ": its file name is " + bytes
                    + " bytes long, and the limit is " + PartialFiles.MAX_NAME_BYTES + " bytes (choose a shorter name)");
        }
        FileKind k = FileKind.ofEntry(abs);
        switch (k) {
            case MISSING, REGULAR -> { }
            case DIRECTORY -> throw new WorkshopException("cannot write " + name(o)
                    + ": it is a directory (give a file name inside it)");
            case SYMLINK -> throw new WorkshopException("cannot write " + name(o) + ": it is " + FileKind.describe(abs)
                    + ", and this program replaces only regular files, never links (remove the link, or choose another path)");
            case INACCESSIBLE -> throw new WorkshopException("cannot write " + name(o)
                    + ": it cannot be examined (permission denied on a folder on the way; choose another path)");
            default -> throw new WorkshopException("cannot write " + name(o) + ": it is " + k.phrase()
                    + ", and this program writes only regular files (choose a file path)");
        }
        checkFolder(o, abs.getParent(), false);
    }

    /**
     * {@code folder} is a writable directory, or missing with its nearest existing ancestor a
     * writable directory. {@code itself}: the output is the folder (else the folder of a file).
     */
    private static void checkFolder(Item o, Path folder, boolean itself) {
        String subject = itself ? "cannot write into " + name(o) : "cannot write " + name(o);
        Path p = folder;
        while (p != null) {
            FileKind k = FileKind.of(p);
            switch (k) {
                case MISSING -> {
                    p = p.getParent();
                    continue;
                }
                case DIRECTORY -> {
                    if (!Files.isWritable(p)) {
                        String where = p.equals(folder) ? "its folder " + PathText.show(p)
                                : "the folder " + PathText.show(p) + ", where " + PathText.show(folder) + " would be created,";
                        throw new WorkshopException(subject + ": " + where + " is not writable"
                                + " (make it writable, or choose another path)");
                    }
                    return;
                }
                case INACCESSIBLE -> throw new WorkshopException(subject + ": " + PathText.show(p)
                        + " cannot be examined (permission denied; choose another path)");
                case REGULAR -> throw new WorkshopException(subject + ": " + PathText.show(p)
                        + " is a regular file, not a folder (choose another path)");
                default -> throw new WorkshopException(subject + ": " + PathText.show(p) + " is "
                        + FileKind.describe(p) + ", not a folder (choose another path)");
            }
        }
        throw new WorkshopException(subject + ": no part of its folder exists (choose another path)");
    }

    /**
     * {@code path} made absolute and normal, its longest existing prefix resolved to the real path
     * (symbolic links followed), the rest appended.
     */
    static Path key(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return abs;
        try {
            Path real = existing.toRealPath();
            return real.resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }

    private static boolean same(Path a, Path keyA, Path b, Path keyB) {
        if (keyA.equals(keyB)) return true;
        if (Files.exists(a, LinkOption.NOFOLLOW_LINKS) && Files.exists(b)) {
            try {
                return Files.isSameFile(a, b);
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    private static String name(Item i) {
        return PathText.show(i.path) + (i.what == null || i.what.isEmpty() ? "" : " (" + PathText.show(i.what) + ")");
    }
}
