package nnworkshop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The arrows of ARCHITECTURE.md, checked on the sources: each package imports only the packages
 * it may (a class named in full without an import would slip through; none does today).
 */
class ArchitectureTest {
    private static final Path SRC = Path.of("src/main/java/nnworkshop");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(nnworkshop(?:\\.[a-z]+)*|ai\\.djl)\\.",
            Pattern.MULTILINE);

    /** package → the packages (and ai.djl) it must not import. */
    private static final Map<String, List<String>> FORBIDDEN = Map.ofEntries(
            Map.entry("nnworkshop.nn", List.of("nnworkshop.tensor.kernel", "nnworkshop.train", "nnworkshop.scratch", "nnworkshop.torch")),
            Map.entry("nnworkshop.optim", List.of("nnworkshop.tensor.kernel", "nnworkshop.nn", "nnworkshop.train")),
            Map.entry("nnworkshop.tensor", List.of("nnworkshop.nn", "nnworkshop.optim", "nnworkshop.train", "nnworkshop.data")),
            Map.entry("nnworkshop.train", List.of("nnworkshop.scratch", "nnworkshop.torch", "nnworkshop.compare", "nnworkshop.cli",
                    "nnworkshop.tensor.kernel", "ai.djl")),
            Map.entry("nnworkshop.scratch", List.of("nnworkshop.torch", "nnworkshop.compare", "nnworkshop.cli", "ai.djl")),
            Map.entry("nnworkshop.torch", List.of("nnworkshop.scratch", "nnworkshop.compare", "nnworkshop.cli", "nnworkshop.tensor.kernel")),
            Map.entry("nnworkshop.data", List.of("nnworkshop.tensor", "nnworkshop.nn", "nnworkshop.train", "ai.djl")),
            Map.entry("nnworkshop.compare", List.of("nnworkshop.cli", "nnworkshop.lab", "ai.djl")),
            Map.entry("nnworkshop.exercise", List.of("nnworkshop.cli", "nnworkshop.compare", "nnworkshop.torch", "nnworkshop.scratch", "ai.djl")),
            Map.entry("nnworkshop.lab", List.of("nnworkshop.cli", "nnworkshop.tensor.kernel", "ai.djl")),
            Map.entry("nnworkshop.cli", List.of("ai.djl")));

    @Test
    void importsPointOneWay() throws IOException {
        List<String> broken = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SRC)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = "nnworkshop" + (f.getParent().equals(SRC) ? ""
                        : "." + SRC.relativize(f.getParent()).toString().replace('/', '.'));
                List<String> no = FORBIDDEN.get(pkg);
                if (no == null) continue;
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String used = m.group(1);
                    for (String bad : no) {
                        if (used.equals(bad) || used.startsWith(bad + ".")) broken.add(SRC.relativize(f) + " imports " + used);
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
    }
}
