package nnworkshop.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import nnworkshop.WorkshopException;
import nnworkshop.util.OutputPaths;
import picocli.CommandLine.Option;

/** {@code --out DIR}: where a command writes its figures and JSON (created if missing). */
final class OutOptions {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "Output directory (created if missing).")
    Path out;

    /** The output directory, or {@code sub} inside it; fails clearly if a file is in the way. */
    Path dir(String... sub) {
        Path d = out;
        for (String s : sub) d = d.resolve(s);
        for (Path p = d; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new WorkshopException("cannot use " + d + " as output directory: " + p
                        + " is a file; choose another with --out");
            }
        }
        new OutputPaths().outputFolder(d, "--out").check(); // writable, not a link or device
        return d;
    }
}
