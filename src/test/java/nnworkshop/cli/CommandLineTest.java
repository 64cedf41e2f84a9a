package nnworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The CLI builds only the command a run names (start-up), and every command when it names none:
 * the help lists them all, in order, and a misspelt name is refused as before.
 */
class CommandLineTest {

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Class<?> c : Main.COMMANDS) names.add(c.getAnnotation(CommandLine.Command.class).name());
        return names;
    }

    @Test
    void aNamedCommandIsBuiltAlone() {
        for (String name : names()) {
            assertEquals(Set.of(name), Main.commandLine(name, "--help").getSubcommands().keySet(), name);
        }
    }

    @Test
    void withoutACommandNameEveryCommandIsThereInTheHelpsOrder() {
        List<String> all = new ArrayList<>(names());
        all.add("help");
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "train"}, {"--debug", "train"}, {"trian"}}) {
            assertEquals(all, new ArrayList<>(Main.commandLine(args).getSubcommands().keySet()), String.join(" ", args));
        }
    }

    @Test
    void aMisspeltCommandIsRefusedInOneLine() {
        java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
        int code = Main.execute(new java.io.PrintWriter(out), new java.io.PrintWriter(err), "trian");
        assertEquals(2, code);
        assertEquals("workshop: Unmatched argument at index 0: 'trian' (see ./workshop help)", err.toString().strip());
    }

    @Test
    void everyCommandIsListedOnce() {
        assertEquals(14, Main.COMMANDS.size());
        assertEquals(Main.COMMANDS.size(), Set.copyOf(names()).size());
        assertTrue(names().contains("train") && names().contains("lab"));
    }
}
