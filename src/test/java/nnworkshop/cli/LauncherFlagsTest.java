package nnworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The JVM flags of the four launchers (the project's and the classroom bundle's, bash and Windows):
 * each starts the JVM with C2 compiling the Vector API kernels after a tenth of the usual call counts
 * (a faster first epoch), and each of them on its own, inlined into no caller outside the kernels
 * (a quarter less C2 work), quietly. On Windows that flag is in double quotes: unquoted, the java
 * launcher would expand its {@code *} and cmd.exe could split it at the commas.
 */
class LauncherFlagsTest {
    static final String QUIET = "-XX:CompileCommand=quiet";
    static final String SCALING = "-XX:CompileCommand=CompileThresholdScaling,nnworkshop.tensor.kernel.*::*,0.1";
    static final String DONT_INLINE = "-XX:CompileCommand=dontinline,nnworkshop.tensor.kernel.*::*";
    static final List<String> LAUNCHERS = List.of("workshop", "workshop.cmd",
            "src/main/resources/nnworkshop/bundle/workshop", "src/main/resources/nnworkshop/bundle/workshop.cmd");

    @Test
    void everyLauncherCompilesTheKernelsEarlyAndQuietly() throws IOException {
        for (String name : LAUNCHERS) {
            String text = Files.readString(Path.of(name), StandardCharsets.UTF_8);
            assertTrue(text.contains(QUIET), name + " lacks " + QUIET);
            assertTrue(text.contains(SCALING), name + " lacks " + SCALING);
            assertTrue(text.indexOf(QUIET) < text.indexOf(SCALING), name + ": quiet first, or the JVM prints the other");
            // quoted everywhere: in bash the * would otherwise be a glob, on Windows see above
            assertTrue(text.contains("\"" + SCALING + "\""), name + ": the CompileThresholdScaling flag in double quotes");
            assertTrue(text.contains("\"" + DONT_INLINE + "\""), name + " lacks " + DONT_INLINE + " (in double quotes)");
            assertTrue(text.indexOf(QUIET) < text.indexOf(DONT_INLINE), name + ": quiet first, or the JVM prints the other");
        }
    }
}
