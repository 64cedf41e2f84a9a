package nnworkshop.util;

import java.nio.file.Path;

/**
 * Paths and other user-supplied text as a message shows them: one line, with nothing a terminal
 * would act on.
 *
 * <p>A file name may hold any byte but {@code /} and NUL: a newline would split a one-line error
 * in two, an escape sequence could recolour or rewrite the user's terminal, a bidirectional
 * override could make {@code evil.exe} read as {@code exe.live}. {@link #show} writes such
 * characters as escapes ({@code \n}, {@code \t}, {@code \x1b}, {@code \u202e}) and a backslash as
 * {@code \\}, so the shown text is unambiguous; everything else (accents, CJK, emoji) is kept.
 */
public final class PathText {
    private PathText() {}

    /** {@code path} for a message, control characters escaped (see the class comment); "null" for null. */
    public static String show(Path path) {
        return path == null ? "null" : show(path.toString());
    }

    /** {@code text} for a message, control characters escaped (see the class comment); "null" for null. */
    public static String show(String text) {
        return escaped(text, false);
    }

    /**
     * {@code message} with its control characters escaped as {@link #show} does, but backslashes kept
     * as they are: the last guard before a message reaches the terminal, applied to whole messages
     * whose paths may already have been shown (escaping those again would double their backslashes).
     */
    public static String oneLine(String message) {
        return escaped(message, true);
    }

    /** {@code text} with each character {@link #escape} names replaced, backslashes too unless {@code keepBackslash}. */
    private static String escaped(String text, boolean keepBackslash) {
        if (text == null) return "null";
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String esc = keepBackslash && c == '\\' ? null : escape(c);
            if (esc == null) {
                if (sb != null) sb.append(c);
                continue;
            }
            if (sb == null) sb = new StringBuilder(text.length() + 8).append(text, 0, i);
            sb.append(esc);
        }
        return sb == null ? text : sb.toString();
    }

    /** The escape for {@code c}, or null if it is shown as itself. */
    private static String escape(char c) {
        switch (c) {
            case '\\': return "\\\\";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            default: break;
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) return String.format("\\x%02x", (int) c);
        // line and paragraph separators, bidirectional embeddings, overrides and isolates, BOM
        if (c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c || c == 0xfeff) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
