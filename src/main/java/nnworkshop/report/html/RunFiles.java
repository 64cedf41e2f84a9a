package nnworkshop.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import nnworkshop.WorkshopException;

/**
 * The run's files the report reads, each with the command that writes it, so that a missing or
 * broken one is a one-line error saying what to run.
 */
final class RunFiles {
    private final Path out;

    RunFiles(Path out) {
        this.out = out;
    }

    /** The command that (re)writes {@code rel}, a path under out/ such as "part5/compare.json". */
    static String producer(String rel) {
        String part = rel.substring(0, rel.indexOf('/') < 0 ? rel.length() : rel.indexOf('/'));
        return switch (part) {
            case "part1" -> "`./workshop activations` or `./workshop run`";
            case "part2", "part3" -> "`./workshop run`";
            default -> "`./workshop compare` or `./workshop run`";
        };
    }

    /** {@code out/rel}, which must be a regular file. */
    Path require(String rel) {
        Path p = out.resolve(rel);
        if (!Files.isRegularFile(p)) {
            throw new WorkshopException(p + " not found: run " + producer(rel));
        }
        return p;
    }

    /** Reads {@code out/rel} as a JSON object. */
    Doc json(String rel) {
        Path p = require(rel);
        try {
            JsonElement e = JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) throw new JsonParseException("not a JSON object");
            return new Doc(rel, p, e.getAsJsonObject(), "");
        } catch (IOException | JsonParseException e) {
            throw new WorkshopException(p + " cannot be read (" + oneLine(e) + "): run " + producer(rel) + " again", e);
        }
    }

    /**
     * {@code out/rel} checked to be a PNG image; returns its {width, height} from the header.
     */
    int[] png(String rel) {
        Path p = require(rel);
        byte[] h = new byte[24];
        try (InputStream in = Files.newInputStream(p)) {
            int n = in.readNBytes(h, 0, 24);
            boolean png = n == 24 && (h[0] & 0xFF) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G'
                    && h[12] == 'I' && h[13] == 'H' && h[14] == 'D' && h[15] == 'R';
            if (!png) throw new WorkshopException(p + " is not a PNG image: run " + producer(rel) + " again");
            return new int[] {readInt(h, 16), readInt(h, 20)};
        } catch (IOException e) {
            throw new WorkshopException(p + " cannot be read (" + oneLine(e) + "): run " + producer(rel) + " again", e);
        }
    }

    private static int readInt(byte[] b, int o) {
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }

    /**
     * One JSON object of the run, with typed look-ups by dotted path ("scratch.peak_heap_mb") that
     * fail with the file's name and the missing key.
     */
    record Doc(String rel, Path file, JsonObject root, String prefix) {
        /** The sub-object at {@code path}, as a Doc of the same file. */
        Doc obj(String path) {
            JsonElement e = get(path);
            if (!e.isJsonObject()) throw bad(path, "an object");
            return new Doc(rel, file, e.getAsJsonObject(), prefix + path + ".");
        }

        boolean has(String path) {
            JsonElement e = root;
            for (String k : path.split("\\.")) {
                if (!e.isJsonObject() || !e.getAsJsonObject().has(k) || e.getAsJsonObject().get(k).isJsonNull()) return false;
                e = e.getAsJsonObject().get(k);
            }
            return true;
        }

        double num(String path) {
            JsonElement e = get(path);
            try {
                return e.getAsDouble();
            } catch (RuntimeException ex) {
                throw bad(path, "a number");
            }
        }

        String str(String path) {
            JsonElement e = get(path);
            if (!e.isJsonPrimitive()) throw bad(path, "a string");
            return e.getAsString();
        }

        double[] nums(String path) {
            JsonArray a = arr(path);
            double[] v = new double[a.size()];
            try {
                for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsDouble();
            } catch (RuntimeException ex) {
                throw bad(path, "a list of numbers");
            }
            return v;
        }

        JsonArray arr(String path) {
            JsonElement e = get(path);
            if (!e.isJsonArray()) throw bad(path, "a list");
            return e.getAsJsonArray();
        }

        /** The keys of this object, in file order. */
        List<String> keys() {
            return new ArrayList<>(root.keySet());
        }

        /** The keys of the object at {@code path}, in file order. */
        List<String> keys(String path) {
            return new ArrayList<>(obj(path).root.keySet());
        }

        JsonElement get(String path) {
            JsonElement e = root;
            for (String k : path.split("\\.")) {
                if (!e.isJsonObject() || !e.getAsJsonObject().has(k) || e.getAsJsonObject().get(k).isJsonNull()) {
                    throw new WorkshopException(file + " has no \"" + prefix + path + "\" (written by another version?): run "
                            + producer(rel) + " again");
                }
                e = e.getAsJsonObject().get(k);
            }
            return e;
        }

        private WorkshopException bad(String path, String what) {
            return new WorkshopException(file + ": \"" + prefix + path + "\" should be " + what + ": run " + producer(rel) + " again");
        }
    }
}
