package nnworkshop.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import nnworkshop.WorkshopException;

/**
 * The student and instructor editions of the notebooks, from the one committed source (the
 * committed notebooks are the instructor edition), marked as nbgrader marks them:
 * <ul>
 *   <li>a region of a code cell between a line {@value #BEGIN} and a line {@value #END} is solution
 *       code; the student edition replaces it by one line, {@value #STUB}, at the indentation of the
 *       {@value #BEGIN} line (so a region ends a method or lambda body: nothing may follow it there);</li>
 *   <li>a cell whose metadata {@code tags} hold {@value #SOLUTION_TAG} is solution only, and the
 *       student edition drops it.</li>
 * </ul>
 * Both editions are written output-free in Jupyter's layout.
 */
public final class Editions {
    public static final String BEGIN = "// BEGIN SOLUTION";
    public static final String END = "// END SOLUTION";
    public static final String STUB = "throw new NotImplementedYet();   // your code here";
    public static final String SOLUTION_TAG = "solution";
    /** The tag of a cell that checks an exercise (the student edition's test reads their outputs). */
    public static final String CHECK_TAG = "check";

    /** Which edition. */
    public enum Edition {
        STUDENT, INSTRUCTOR;

        /** "student" or "instructor", as the command line spells it. */
        public static Edition parse(String s) {
            for (Edition e : values()) if (e.name().equalsIgnoreCase(s.strip())) return e;
            throw new WorkshopException("unknown edition '" + s + "': student or instructor");
        }
    }

    private Editions() {}

    /** The {@code edition} of a notebook (a new object; {@code notebook} is not modified). */
    public static JsonObject convert(JsonObject notebook, Edition edition, String name) {
        JsonObject out = notebook.deepCopy();
        JsonArray kept = new JsonArray();
        for (JsonElement e : out.getAsJsonArray("cells")) {
            JsonObject cell = e.getAsJsonObject();
            if (edition == Edition.STUDENT) {
                if (hasTag(cell, SOLUTION_TAG)) continue;
                if ("code".equals(cell.get("cell_type").getAsString())) {
                    String src = NotebookFiles.source(cell.get("source"));
                    cell.add("source", lines(student(src, name)));
                }
            } else {
                student(NotebookFiles.source(cell.get("source")), name); // the markers must be well-formed in both
            }
            kept.add(cell);
        }
        out.add("cells", kept);
        NotebookFiles.strip(out);
        return out;
    }

    /** A cell's source with every solution region replaced by the stub. */
    static String student(String source, String where) {
        if (!source.contains(BEGIN) && !source.contains(END)) return source;
        StringBuilder sb = new StringBuilder();
        String[] lines = source.split("\n", -1);
        boolean inside = false;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i], t = l.strip();
            String nl = i + 1 < lines.length ? "\n" : "";
            if (t.equals(BEGIN)) {
                if (inside) throw new WorkshopException(where + ": " + BEGIN + " inside another solution region (line " + (i + 1) + ")");
                inside = true;
                sb.append(l, 0, l.indexOf(BEGIN)).append(STUB).append(nl);
            } else if (t.equals(END)) {
                if (!inside) throw new WorkshopException(where + ": " + END + " without " + BEGIN + " (line " + (i + 1) + ")");
                inside = false;
            } else if (t.contains(BEGIN) || t.contains(END)) {
                throw new WorkshopException(where + ": a solution marker must be a line of its own (line " + (i + 1) + ")");
            } else if (!inside) {
                sb.append(l).append(nl);
            }
        }
        if (inside) throw new WorkshopException(where + ": " + BEGIN + " without " + END);
        return sb.toString();
    }

    static boolean hasTag(JsonObject cell, String tag) {
        JsonObject meta = cell.has("metadata") ? cell.getAsJsonObject("metadata") : null;
        if (meta == null || !meta.has("tags") || !meta.get("tags").isJsonArray()) return false;
        for (JsonElement t : meta.getAsJsonArray("tags")) if (t.isJsonPrimitive() && tag.equals(t.getAsString())) return true;
        return false;
    }

    /** nbformat's list of lines, each ending in a newline but the last. */
    static JsonArray lines(String source) {
        JsonArray a = new JsonArray();
        int from = 0;
        while (from < source.length()) {
            int nl = source.indexOf('\n', from);
            int to = nl < 0 ? source.length() : nl + 1;
            a.add(new JsonPrimitive(source.substring(from, to)));
            from = to;
        }
        return a;
    }

    /**
     * Writes the {@code edition} of every notebook of {@code notebooksDir} into {@code out}, which
     * must not exist or be an empty folder. Everything is written under a temporary name beside
     * {@code out} and moved into place at the end, so a failure leaves no half-written edition.
     *
     * @return the notebooks written, in {@code out}
     */
    public static List<Path> export(Path notebooksDir, Edition edition, Path out) {
        if (!Files.isDirectory(notebooksDir)) throw new WorkshopException("no notebooks folder " + notebooksDir);
        if (Files.isRegularFile(out)) throw new WorkshopException("--out " + out + " is a file: give a folder that does not exist yet");
        if (Files.isDirectory(out) && !isEmpty(out)) {
            throw new WorkshopException("--out " + out + " exists and is not empty: give a new or empty folder");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) throw new WorkshopException("--out " + out + " is not a folder");
        List<Path> notebooks = NotebookFiles.list(notebooksDir);
        if (notebooks.isEmpty()) throw new WorkshopException("no notebooks in " + notebooksDir);
        Path abs = out.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-");
            List<Path> written = new ArrayList<>();
            for (Path nb : notebooks) {
                String name = nb.getFileName().toString();
                NotebookFiles.write(convert(NotebookFiles.read(nb), edition, name), tmp.resolve(name));
                written.add(abs.resolve(name));
            }
            if (Files.isDirectory(abs)) Files.delete(abs); // empty, checked above
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            return written;
        } catch (IOException e) {
            throw new WorkshopException("cannot write the " + edition.name().toLowerCase(Locale.ROOT) + " edition into " + out
                    + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) deleteTree(tmp);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new WorkshopException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary folder
        }
    }
}
