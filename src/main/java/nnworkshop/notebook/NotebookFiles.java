package nnworkshop.notebook;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;

import nnworkshop.WorkshopException;
import nnworkshop.util.AtomicFiles;

/**
 * Reading {@code .ipynb} files (nbformat 4, JSON) and keeping them output-free.
 *
 * <p>The repository stores the notebooks without outputs and without execution counts, so a diff
 * shows only what an author changed. {@link #write} uses Jupyter's own layout (keys sorted,
 * one-space indent, non-ASCII kept, a final newline), so a notebook saved by Jupyter and one
 * cleaned here differ only where their content does.
 */
public final class NotebookFiles {
    private NotebookFiles() {}

    /** One cell: its position (0-based) among all cells, its type, and its source as one string. */
    public record Cell(int index, String type, String source) {
        /** The first non-blank line of the source (for messages). */
        public String firstLine() {
            for (String l : source.split("\n", -1)) if (!l.isBlank()) return l.strip();
            return "";
        }
    }

    /** Parses a notebook. */
    public static JsonObject read(Path file) {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file));
            if (!e.isJsonObject() || !e.getAsJsonObject().has("cells")) {
                throw new WorkshopException(file + " is not a Jupyter notebook (no \"cells\")");
            }
            return e.getAsJsonObject();
        } catch (IOException e) {
            throw new WorkshopException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (com.google.gson.JsonParseException e) {
            throw new WorkshopException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The cells of a notebook, in order. */
    public static List<Cell> cells(JsonObject notebook) {
        List<Cell> out = new ArrayList<>();
        JsonArray cells = notebook.getAsJsonArray("cells");
        for (int i = 0; i < cells.size(); i++) {
            JsonObject c = cells.get(i).getAsJsonObject();
            out.add(new Cell(i, c.get("cell_type").getAsString(), source(c.get("source"))));
        }
        return out;
    }

    /** nbformat allows a source as a string or as a list of lines. */
    static String source(JsonElement e) {
        if (e == null || e.isJsonNull()) return "";
        if (e.isJsonPrimitive()) return e.getAsString();
        StringBuilder sb = new StringBuilder();
        for (JsonElement line : e.getAsJsonArray()) sb.append(line.getAsString());
        return sb.toString();
    }

    /**
     * What makes a notebook not clean, one line per offending cell (empty when clean): outputs,
     * or an execution count.
     */
    public static List<String> problems(JsonObject notebook) {
        List<String> out = new ArrayList<>();
        JsonArray cells = notebook.getAsJsonArray("cells");
        for (int i = 0; i < cells.size(); i++) {
            JsonObject c = cells.get(i).getAsJsonObject();
            if (!"code".equals(c.get("cell_type").getAsString())) continue;
            JsonArray outputs = c.has("outputs") ? c.getAsJsonArray("outputs") : new JsonArray();
            JsonElement count = c.get("execution_count");
            if (outputs.size() > 0) out.add("cell " + (i + 1) + " has " + outputs.size() + " output(s)");
            if (count != null && !count.isJsonNull()) out.add("cell " + (i + 1) + " has execution count " + count);
        }
        return out;
    }

    /** Removes every output and execution count (in place); returns whether anything changed. */
    public static boolean strip(JsonObject notebook) {
        boolean changed = false;
        for (JsonElement e : notebook.getAsJsonArray("cells")) {
            JsonObject c = e.getAsJsonObject();
            if (!"code".equals(c.get("cell_type").getAsString())) continue;
            if (!c.has("outputs") || c.getAsJsonArray("outputs").size() > 0) {
                c.add("outputs", new JsonArray());
                changed = true;
            }
            JsonElement count = c.get("execution_count");
            if (count == null || !count.isJsonNull()) {
                c.add("execution_count", JsonNull.INSTANCE);
                changed = true;
            }
        }
        return changed;
    }

    /** The notebooks of a folder ({@code *.ipynb}), in name order. */
    public static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.ipynb")) {
            ds.forEach(out::add);
        } catch (IOException e) {
            throw new WorkshopException("cannot list the notebooks in " + dir + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    /** Writes a notebook as Jupyter does (atomically). */
    public static void write(JsonObject notebook, Path file) {
        AtomicFiles.writeString(file, format(notebook));
    }

    /** Jupyter's layout: keys sorted, indent of one space, non-ASCII as is, final newline. */
    public static String format(JsonObject notebook) {
        StringWriter sw = new StringWriter();
        try (JsonWriter w = new JsonWriter(sw)) {
            w.setIndent(" ");
            w.setHtmlSafe(false);
            writeSorted(w, notebook);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        // Python's json.dump writes "key": value, and "[]" / "{}" for empty containers, as Gson does
        return sw + "\n";
    }

    private static void writeSorted(JsonWriter w, JsonElement e) throws IOException {
        if (e.isJsonObject()) {
            w.beginObject();
            Map<String, JsonElement> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) sorted.put(m.getKey(), m.getValue());
            for (Map.Entry<String, JsonElement> m : sorted.entrySet()) {
                w.name(m.getKey());
                writeSorted(w, m.getValue());
            }
            w.endObject();
        } else if (e.isJsonArray()) {
            w.beginArray();
            for (JsonElement x : e.getAsJsonArray()) writeSorted(w, x);
            w.endArray();
        } else if (e.isJsonNull()) {
            w.nullValue();
        } else {
            var p = e.getAsJsonPrimitive();
            if (p.isBoolean()) w.value(p.getAsBoolean());
            else if (p.isNumber()) w.value(p.getAsNumber());
            else w.value(p.getAsString());
        }
    }
}
