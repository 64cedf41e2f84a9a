package nnworkshop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class CellErrorTest {
    @Test
    void aCompileErrorKeepsJavacsDetailsButNotItsEmptyLocation() {
        CellError e = CellError.compile("cannot find symbol\n  symbol:   variable foo\n  location: class ", "line 2 of this cell",
                "int x = foo;", 8);
        assertEquals(List.of("error: cannot find symbol (line 2 of this cell)", "  symbol:   variable foo", "    int x = foo;",
                "            ^"), e.traceback());
    }

    @Test
    void anInterruptIsOneLine() {
        assertEquals(List.of("java.lang.InterruptedException: the cell was interrupted"), CellError.interrupted(null).traceback());
    }
}
