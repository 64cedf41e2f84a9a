package nnworkshop.notebook;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import nnworkshop.WorkshopException;
import nnworkshop.util.Json;

/**
 * Builds the notebooks' Jupyter kernel spec inside the project, so nothing is written into the
 * user's Jupyter configuration:
 * <pre>
 *   target/jupyter/                          ← JUPYTER_PATH
 *     kernels/nn-workshop/kernel.json        argv: java &lt;JVM flags&gt; -cp &lt;classpath&gt; nnworkshop.kernel.KernelMain {connection_file}
 * </pre>
 * The kernel is the project's own ({@link nnworkshop.kernel}: JShell over jjava-jupyter's Jupyter
 * protocol); it runs in a JVM of its own whose classpath is the project's jar and its dependencies
 * ({@code target/lib}, where the build copies them, jjava-jupyter and jeromq included), and the
 * cells compile and run against that same classpath. The launcher's flags go on its command line:
 * {@code --add-modules jdk.incubator.vector} (the fast Vector API kernels; without it the engine
 * falls back to plain Java) and {@code -Djava.awt.headless=true} (charts without a display). DJL is
 * told to stay offline through its environment variables. Interrupts come as messages
 * ({@code interrupt_mode: message}), which the kernel turns into a stop of the running cell.
 */
public final class KernelSetup {
    /** The kernel's name, as the notebooks' metadata ({@code kernelspec.name}) refers to it. */
    public static final String KERNEL_NAME = "nn-workshop";
    /** The kernel's process. */
    public static final String MAIN_CLASS = nnworkshop.kernel.KernelMain.class.getName();
    /**
     * JVM flags of the kernel: those of {@code ./workshop}, plus a heap for MNIST and two models. As
     * there, C2 compiles the Vector API kernels after a tenth of the usual call counts (a faster first
     * epoch) and compiles each of them once, inlined into no caller outside them (a quarter less C2
     * work), and {@code CompileCommand=quiet} keeps the JVM from printing a line about it at start.
     */
    public static final List<String> JVM_FLAGS = List.of("-Xmx2g", "-XX:+UseParallelGC", "-Djava.awt.headless=true",
            "--add-modules", "jdk.incubator.vector", "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=CompileThresholdScaling,nnworkshop.tensor.kernel.*::*,0.1",
            "-XX:CompileCommand=dontinline,nnworkshop.tensor.kernel.*::*");

    /**
     * Where things are: the project root and the folders the build fills, or an unpacked classroom
     * bundle ({@code bundle}: the jar and its libraries in {@code lib/}, the kernel spec written to
     * {@code jupyter/} beside them).
     */
    public record Layout(Path root, boolean bundle) {
        public Layout {
            root = root.toAbsolutePath().normalize();
        }

        /** A project checkout. */
        public Layout(Path root) {
            this(root, false);
        }

        /**
         * The project this code runs from: the folder above {@code target/} holding these classes or
         * the jar; in an unpacked bundle (its launcher sets {@code nnworkshop.bundle}), the bundle.
         */
        public static Layout ofRunningCode() {
            String bundle = System.getProperty("nnworkshop.bundle");
            if (bundle != null && !bundle.isBlank()) return new Layout(Path.of(bundle), true);
            try {
                Path code = Path.of(KernelSetup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                // target/nn-workshop.jar or target/classes → the project root
                Path target = code.getParent();
                if (target == null || target.getParent() == null || !target.getFileName().toString().equals("target")) {
                    throw new WorkshopException("cannot find the project folder from " + code
                            + ": run the notebooks commands through ./workshop in the project");
                }
                return new Layout(target.getParent());
            } catch (java.net.URISyntaxException | SecurityException e) {
                throw new WorkshopException("cannot find the project folder: " + e.getMessage());
            }
        }

        public Path target() { return root.resolve("target"); }

        /** The folder to give Jupyter as {@code JUPYTER_PATH}. */
        public Path jupyterPath() { return bundle ? root.resolve("jupyter") : target().resolve("jupyter"); }

        /** The kernel's folder. */
        public Path kernelDir() { return jupyterPath().resolve("kernels").resolve(KERNEL_NAME); }

        /** The committed notebooks. */
        public Path notebooks() { return root.resolve("notebooks"); }
    }

    private KernelSetup() {}

    /**
     * The classpath of the cells: the project's jar ({@code target/nn-workshop.jar}, else
     * {@code target/classes}) and every jar of {@code target/lib}, in name order; in a bundle
     * {@code lib/nn-workshop.jar} and the other jars of {@code lib/}.
     *
     * @throws WorkshopException if the project has not been built
     */
    public static List<Path> projectClasspath(Layout layout) {
        List<Path> cp = new ArrayList<>();
        Path home = layout.bundle() ? layout.root().resolve("lib") : layout.target();
        Path jar = home.resolve("nn-workshop.jar"), classes = layout.target().resolve("classes");
        if (Files.isRegularFile(jar)) cp.add(jar);
        else if (!layout.bundle() && Files.isDirectory(classes)) cp.add(classes);
        else if (layout.bundle()) throw new WorkshopException("the bundle has no " + jar + ": unpack a fresh copy of it");
        else throw new WorkshopException("the project is not built (no " + jar + "): run ./workshop once, or mvn -B package");
        Path lib = layout.bundle() ? home : layout.target().resolve("lib");
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(lib)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(lib, "*.jar")) {
                for (Path p : ds) if (!p.equals(jar)) jars.add(p); // in a bundle the project's jar sits among them
            } catch (IOException e) {
                throw new WorkshopException("cannot list " + lib + ": " + e.getMessage(), e);
            }
        }
        if (jars.isEmpty()) throw new WorkshopException("no dependencies in " + lib + ": run mvn -B package");
        jars.sort(null);
        cp.addAll(jars);
        return cp;
    }

    /**
     * Writes the kernel folder (replacing an older one, and removing what an older kernel left in it)
     * with {@code classpath} for the kernel's JVM and its cells.
     *
     * @return the kernel folder
     * @throws WorkshopException if a classpath entry is missing or a file cannot be written
     */
    public static Path install(Layout layout, List<Path> classpath) {
        if (classpath.isEmpty()) throw new WorkshopException("the kernel needs a classpath: run mvn -B package");
        for (Path p : classpath) {
            if (!Files.exists(p)) throw new WorkshopException("classpath entry " + p + " does not exist: run mvn -B package");
        }
        Path dir = layout.kernelDir();
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(dir)) {
                for (Path p : old) {
                    // e.g. the jar of the kernel used before this one
                    if (Files.isRegularFile(p) && !p.getFileName().toString().equals("kernel.json")) Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new WorkshopException("cannot write the kernel folder " + dir + ": " + e.getMessage(), e);
        }
        Json.write(dir.resolve("kernel.json"), kernelJson(classpath));
        return dir;
    }

    /** {@link #install} with {@link #projectClasspath}. */
    public static Path install(Layout layout) {
        return install(layout, projectClasspath(layout));
    }

    /** The kernel spec: this JVM's java, the flags, the classpath, the kernel's main class, and the environment. */
    static JsonObject kernelJson(List<Path> classpath) {
        JsonArray argv = new JsonArray();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        JVM_FLAGS.forEach(argv::add);
        nnworkshop.util.ChildJvm.crashFlags().forEach(argv::add); // Jupyter starts it in the notebooks' folder
        StringBuilder cp = new StringBuilder();
        for (Path p : classpath) {
            if (cp.length() > 0) cp.append(File.pathSeparatorChar);
            cp.append(p.toAbsolutePath().normalize());
        }
        argv.add("-cp");
        argv.add(cp.toString());
        argv.add(MAIN_CLASS);
        argv.add("{connection_file}");

        JsonObject env = new JsonObject();
        // DJL (notebook 04) reads these before anything else: never reach the network
        env.addProperty("DJL_OFFLINE", "true");
        env.addProperty("OPT_OUT_TRACKING", "true");

        JsonObject o = new JsonObject();
        o.add("argv", argv);
        o.addProperty("display_name", "Java (nn-workshop)");
        o.addProperty("language", "java");
        o.addProperty("interrupt_mode", "message");
        o.add("env", env);
        return o;
    }
}
