package nnworkshop.util;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The program's standard output and error in UTF-8 where the platform's own encoding cannot show
 * its marks (✓ ✗ · — θ): under a C or POSIX locale (no {@code LANG}, as in many containers and ssh
 * sessions) Java 17 writes ASCII and every ✓ becomes "?". Terminals on Linux and macOS show UTF-8
 * whatever the locale says, and the program's parents read their child JVMs as UTF-8. On Windows the
 * console's code page is left as it is (UTF-8 bytes would show as mojibake there).
 */
public final class Console {
    /** A character every command may print; an encoding that cannot hold it gets replaced. */
    static final char MARK = '✓';

    private Console() {}

    /** The encoding {@code System.out} writes in: stdout.encoding (Java 18+), sun.stdout.encoding (17), else the default. */
    public static Charset stdoutCharset() {
        for (String p : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
            String name = System.getProperty(p);
            if (name != null && Charset.isSupported(name)) return Charset.forName(name);
        }
        return Charset.defaultCharset();
    }

    /** Whether output in {@code current} on {@code osName} should be switched to UTF-8. */
    static boolean needsUtf8(Charset current, String osName) {
        if (osName != null && osName.toLowerCase(Locale.ROOT).startsWith("windows")) return false;
        return !current.newEncoder().canEncode(MARK);
    }

    /** The charset the program writes its standard streams in, once {@link #useUtf8WhereNeeded} has run. */
    private static volatile Charset charset;

    /** A writer over System.out in the streams' charset (a plain {@code new PrintWriter(System.out)} uses the locale's). */
    public static PrintWriter out() {
        return new PrintWriter(new OutputStreamWriter(System.out, charset()), true);
    }

    /** A writer over System.err in the streams' charset. */
    public static PrintWriter err() {
        return new PrintWriter(new OutputStreamWriter(System.err, charset()), true);
    }

    private static Charset charset() {
        Charset c = charset;
        return c != null ? c : stdoutCharset();
    }

    /** Replaces System.out and System.err by UTF-8 streams when {@link #needsUtf8} says so; call first in a main. */
    public static void useUtf8WhereNeeded() {
        if (!needsUtf8(stdoutCharset(), System.getProperty("os.name"))) {
            charset = stdoutCharset();
            return;
        }
        charset = StandardCharsets.UTF_8;
        System.setOut(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 8192), true,
                StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 512), true,
                StandardCharsets.UTF_8));
    }
}
