package nnworkshop.notebook;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import nnworkshop.WorkshopException;
import nnworkshop.util.AtomicFiles;
import nnworkshop.util.Json;

/**
 * Builds the notebooks' Jupyter kernel inside the project, so nothing is written into the user's
 * Jupyter configuration:
 * <pre>
 *   target/jupyter/                          ← JUPYTER_PATH
 *     kernels/nn-workshop/kernel.json        argv: java &lt;JVM flags&gt; -jar {resource_dir}/rapaio-jupyter-kernel-3.0.1.jar {connection_file}
 *     kernels/nn-workshop/rapaio-jupyter-kernel-3.0.1.jar
 * </pre>
 * The kernel (a JShell kernel, {@code io.github.padreati:rapaio-jupyter-kernel}) runs the cells in
 * its own JVM, so the launcher's flags go on its command line: {@code --add-modules
 * jdk.incubator.vector} (the fast Vector API kernels; without it the engine falls back to plain
 * Java) and {@code -Djava.awt.headless=true} (charts without a display). The project's classes and
 * dependencies reach the cells through {@code RJK_CLASSPATH}, which the kernel splits on {@code ;}
 * on every platform. DJL is told to stay offline through its environment variables.
 *
 * <p>The kernel jar itself is copied from the Maven build ({@code target/notebook-kernel/}, the
 * pom's {@code copy-notebook-kernel} execution): nothing is downloaded here.
 */
public final class KernelSetup {
    /** The kernel's name, as the notebooks' metadata ({@code kernelspec.name}) refers to it. */
    public static final String KERNEL_NAME = "nn-workshop";
    /** The rapaio kernel's version (the pom's {@code notebook.kernel.version}). */
    public static final String KERNEL_VERSION = "3.0.1";
    /** The kernel jar's file name, as Maven copies it. */
    public static final String KERNEL_JAR = "rapaio-jupyter-kernel-" + KERNEL_VERSION + ".jar";
    /** JVM flags of the kernel: those of {@code ./workshop}, plus a heap for MNIST and two models. */
    public static final List<String> JVM_FLAGS = List.of("-Xmx2g", "-XX:+UseParallelGC", "-Djava.awt.headless=true",
            "--add-modules", "jdk.incubator.vector");

    /** Where things are: the project root, and the folders the build fills. */
    public record Layout(Path root) {
        public Layout {
            root = root.toAbsolutePath().normalize();
        }

        /** The project this code runs from: the folder above {@code target/} holding these classes or the jar. */
        public static Layout ofRunningCode() {
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
        public Path jupyterPath() { return target().resolve("jupyter"); }

        /** The kernel's folder. */
        public Path kernelDir() { return jupyterPath().resolve("kernels").resolve(KERNEL_NAME); }

        /** The kernel jar as the build copies it. */
        public Path builtKernelJar() { return target().resolve("notebook-kernel").resolve(KERNEL_JAR); }

        /** The committed notebooks. */
        public Path notebooks() { return root.resolve("notebooks"); }
    }

    private KernelSetup() {}

    /**
     * The classpath of the cells: the project's jar ({@code target/nn-workshop.jar}, else
     * {@code target/classes}) and every jar of {@code target/lib}, in name order.
     *
     * @throws WorkshopException if the project has not been built
     */
    public static List<Path> projectClasspath(Layout layout) {
        List<Path> cp = new ArrayList<>();
        Path jar = layout.target().resolve("nn-workshop.jar"), classes = layout.target().resolve("classes");
        if (Files.isRegularFile(jar)) cp.add(jar);
        else if (Files.isDirectory(classes)) cp.add(classes);
        else throw new WorkshopException("the project is not built (no " + jar + "): run ./workshop once, or mvn -B package");
        Path lib = layout.target().resolve("lib");
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(lib)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(lib, "*.jar")) {
                ds.forEach(jars::add);
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
     * Writes the kernel folder (replacing an older one) with {@code classpath} for the cells.
     *
     * @return the kernel folder
     * @throws WorkshopException if the kernel jar is missing (the build copies it) or a file cannot be written
     */
    public static Path install(Layout layout, List<Path> classpath) {
        Path jar = layout.builtKernelJar();
        if (!Files.isRegularFile(jar)) {
            throw new WorkshopException("the notebook kernel " + jar + " is missing: run mvn -B package (Maven fetches "
                    + "io.github.padreati:rapaio-jupyter-kernel:" + KERNEL_VERSION + ")");
        }
        for (Path p : classpath) {
            if (!Files.exists(p)) throw new WorkshopException("classpath entry " + p + " does not exist");
        }
        Path dir = layout.kernelDir();
        try {
            Files.createDirectories(dir);
            Path copy = dir.resolve(KERNEL_JAR);
            if (!Files.isRegularFile(copy) || Files.size(copy) != Files.size(jar)
                    || Files.getLastModifiedTime(copy).compareTo(Files.getLastModifiedTime(jar)) < 0) {
                Path tmp = dir.resolve(KERNEL_JAR + ".tmp");
                Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                AtomicFiles.moveIntoPlace(tmp, copy);
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

    /** The kernel spec: this JVM's java, the flags, the jar in the kernel folder, and the environment. */
    static JsonObject kernelJson(List<Path> classpath) {
        JsonArray argv = new JsonArray();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        JVM_FLAGS.forEach(argv::add);
        argv.add("-jar");
        argv.add("{resource_dir}/" + KERNEL_JAR);
        argv.add("{connection_file}");

        JsonObject env = new JsonObject();
        StringBuilder cp = new StringBuilder();
        for (Path p : classpath) {
            if (cp.length() > 0) cp.append(';'); // the kernel's separator on every platform
            cp.append(p.toAbsolutePath().normalize());
        }
        env.addProperty("RJK_CLASSPATH", cp.toString());
        env.addProperty("RJK_COMPILER_OPTIONS", "");
        env.addProperty("RJK_INIT_SCRIPT", "");
        env.addProperty("RJK_TIMEOUT_MILLIS", "-1");
        env.addProperty("RJK_MIMA_CACHE", "mima_cache");
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
