package nnworkshop.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConsoleTest {
    @Test
    void onlyAnEncodingWithoutTheMarksIsReplacedAndNeverOnWindows() {
        assertTrue(Console.needsUtf8(StandardCharsets.US_ASCII, "Linux"), "a C locale");
        assertTrue(Console.needsUtf8(StandardCharsets.ISO_8859_1, "Mac OS X"));
        assertFalse(Console.needsUtf8(StandardCharsets.UTF_8, "Linux"));
        assertFalse(Console.needsUtf8(Charset.forName("UTF-16LE"), "Linux"), "any encoding that holds ✓ is kept");
        assertFalse(Console.needsUtf8(Charset.forName("IBM437"), "Windows 11"), "a Windows console keeps its code page");
    }

    @Test
    void underACLocaleTheProgramStillWritesItsMarksInUtf8() throws Exception {
        // a child JVM with no locale at all: Java 17 would write "?" for every character outside ASCII
        List<String> cmd = ChildJvm.command("nnworkshop.cli.Main", List.of("gradcheck", "--help"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
        env.put("LC_ALL", "C");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.contains("(L(θ+h) − L(θ−h)) / 2h"), text);
        assertFalse(text.contains("?"), "no character replaced by '?':\n" + text);
    }
}
