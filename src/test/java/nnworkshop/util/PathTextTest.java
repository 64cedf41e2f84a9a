package nnworkshop.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class PathTextTest {
    @Test
    void plainTextIsShownAsItIs() {
        String s = "/home/ünï/数据/model 1.safetensors";
        assertSame(s, PathText.show(s));
        assertEquals(s, PathText.show(Path.of(s)));
        assertEquals("null", PathText.show((Path) null));
    }

    @Test
    void controlCharactersAndBidiOverridesAreEscaped() {
        assertEquals("a\\nb\\rc\\td", PathText.show("a\nb\rc\td"));
        assertEquals("\\x1b[31mred\\x07\\x00\\x7f\\x85", PathText.show("\u001b[31mred\u0007\u0000\u007f\u0085"));
        assertEquals("evil\\u202egpj.exe", PathText.show("evil\u202egpj.exe"));
        assertEquals("x\\u2028y", PathText.show("x\u2028y"));
        assertEquals("back\\\\slash", PathText.show("back\\slash"), "a backslash is doubled, so escapes are unambiguous");
    }

    @Test
    void aWholeMessageBecomesOneLineWithItsShownPathsLeftAlone() {
        String shown = "model " + PathText.show("C:\\models\\a\nb") + " is damaged";
        assertEquals("model C:\\\\models\\\\a\\nb is damaged", shown);
        assertEquals(shown, PathText.oneLine(shown), "escaped once, never twice");
        assertEquals("line one\\nline two \\x1b[2J", PathText.oneLine("line one\nline two \u001b[2J"));
        assertEquals("null", PathText.oneLine(null));
    }
}
