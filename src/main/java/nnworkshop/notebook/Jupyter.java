package nnworkshop.notebook;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import nnworkshop.WorkshopException;

/**
 * Finds Jupyter: {@code $JUPYTER} if set, else {@code jupyter} on {@code PATH}; else one line saying
 * how to install it. Jupyter's own Python (the one its launcher's {@code #!} line names, which has
 * {@code jupyter_client}) runs the kernel check; a {@code python3} first on {@code PATH} may be
 * another interpreter without these packages.
 */
public final class Jupyter {
    /** The environment variable naming the {@code jupyter} launcher to use. */
    public static final String ENV = "JUPYTER";
    /** How to install Jupyter, in one line. */
    public static final String INSTALL = "install it with `sudo apt-get install jupyter-notebook jupyter-nbconvert` "
            + "(Debian, Ubuntu) or `pip install notebook nbconvert`, or set $" + ENV + " to its `jupyter` command";

    private Jupyter() {}

    /** The {@code jupyter} launcher of this environment. */
    public static Path launcher() {
        return launcher(System.getenv());
    }

    /**
     * The {@code jupyter} launcher: {@code $JUPYTER} if set (it must be executable), else the first
     * executable {@code jupyter} on {@code $PATH}.
     *
     * @throws WorkshopException (one line) if there is none
     */
    static Path launcher(Map<String, String> env) {
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit.strip());
            if (!Files.isExecutable(p) || Files.isDirectory(p)) {
                throw new WorkshopException("$" + ENV + " is " + explicit.strip() + ", which is not an executable file: "
                        + "point it at Jupyter's `jupyter` command, or unset it to use the one on PATH");
            }
            return p.toAbsolutePath();
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path p = Path.of(dir).resolve("jupyter");
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return p.toAbsolutePath();
        }
        throw new WorkshopException("Jupyter is needed for the notebooks but `jupyter` is not on PATH: " + INSTALL);
    }

    /**
     * The command that runs Jupyter's Python: the interpreter of the launcher's {@code #!} line
     * ({@code /usr/bin/python3}, or {@code /usr/bin/env python3}), else {@code python3}.
     */
    static List<String> python(Path launcher) {
        try (BufferedReader r = Files.newBufferedReader(launcher, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (first != null && first.startsWith("#!")) {
                List<String> cmd = new ArrayList<>(Arrays.asList(first.substring(2).strip().split("\\s+")));
                if (!cmd.isEmpty() && !cmd.get(0).isEmpty()) return cmd;
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // a binary launcher: fall back to the usual name
        }
        return List.of("python3");
    }
}
