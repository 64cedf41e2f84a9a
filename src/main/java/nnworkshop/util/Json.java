package nnworkshop.util;

import java.nio.file.Path;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;

/** Result files as pretty-printed JSON (Gson), written atomically. */
public final class Json {
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private Json() {}

    /** Pretty-printed text with a final newline. */
    public static String pretty(JsonElement e) {
        return PRETTY.toJson(e) + "\n";
    }

    /** Writes {@code e} to {@code file} atomically. */
    public static Path write(Path file, JsonElement e) {
        return AtomicFiles.writeString(file, pretty(e));
    }
}
