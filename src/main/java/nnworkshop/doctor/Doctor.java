package nnworkshop.doctor;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import nnworkshop.WorkshopException;
import nnworkshop.data.DataStore;
import nnworkshop.data.DatasetKind;
import nnworkshop.data.MnistData;
import nnworkshop.notebook.KernelCheck;
import nnworkshop.notebook.KernelSetup;
import nnworkshop.tensor.Backend;
import nnworkshop.torch.TorchCheck;
import nnworkshop.util.ChildJvm;

/**
 * {@code ./workshop doctor}: is this machine ready for the workshop? Each item is checked in order
 * and gives one line — ✓ and what was found, or ✗, what is wrong and the one command that fixes it —
 * so an instructor can have 30 laptops checked before the day, not an hour into it.
 *
 * <p>Required: Java 17+ with the Vector API, the build's libraries, the MNIST data (fetched and
 * verified), libtorch (loaded in a JVM of its own, one forward pass timed), Jupyter, the notebooks'
 * kernel (started through Jupyter, one cell run), free disk and memory for a full run. Optional: Chromium (the report's browser check). The machine is ready when
 * every required item passes.
 */
public final class Doctor {
    /** Disk a full run needs beyond what is already there: libtorch unpacked (~430 MB), data, outputs. */
    static final long DISK_NEEDED_MB = 1024;
    /** Memory a full run needs: the 1 GB heap, libtorch and the JVM's own. */
    static final long MEMORY_NEEDED_MB = 1536;

    /** One item's verdict. */
    public record Check(String item, boolean ok, boolean required, String detail, String fix) {
        /** The item's line: "✓ item: detail", or "✗ item: detail — fix: command" ("(optional)" when not required). */
        public String line() {
            String mark = ok ? "✓" : required ? "✗" : "–";
            String s = mark + " " + item + ": " + detail;
            if (!ok && fix != null) s += " — fix: " + fix;
            if (!ok && !required) s += " (optional)";
            return s;
        }
    }

    /**
     * What the checks look at; {@link #system()} is this machine, tests give others.
     *
     * @param env       environment variables (JUPYTER, CHROMIUM, PATH, …)
     * @param dataDir   the data folder, or null for the default
     * @param javaSpec  the running Java's feature version
     * @param vectorApi whether the Vector API module is present
     * @param memAvailableMb available memory (MemAvailable), NaN if unknown
     * @param torch     runs the libtorch check; returns its output line
     * @param kernel    starts the notebooks' kernel with the given Jupyter and runs one cell; null when
     *                  it answered, else why not
     */
    public record Machine(Map<String, String> env, Path dataDir, int javaSpec, boolean vectorApi, double memAvailableMb,
                          java.util.function.Supplier<String> torch, java.util.function.Function<Path, String> kernel) {
        /** Without a kernel check (it then reports itself as not run). */
        public Machine(Map<String, String> env, Path dataDir, int javaSpec, boolean vectorApi, double memAvailableMb,
                       java.util.function.Supplier<String> torch) {
            this(env, dataDir, javaSpec, vectorApi, memAvailableMb, torch, j -> "not checked");
        }
    }

    private Doctor() {}

    /** This machine. */
    public static Machine system(Path dataDir) {
        return new Machine(System.getenv(), dataDir, Runtime.version().feature(), Backend.vectorApiAvailable(),
                memAvailableMb(), Doctor::torchInChild, Doctor::kernelOnce);
    }

    /** Runs every check in order, telling {@code out} each line as it is known; returns them all. */
    public static List<Check> run(Machine m, Consumer<String> out) {
        List<Check> all = new ArrayList<>();
        for (java.util.function.Supplier<Check> c : List.<java.util.function.Supplier<Check>>of(
                () -> java(m), () -> build(), () -> data(m), () -> torch(m), () -> jupyter(m), () -> kernel(m), () -> chromium(m),
                () -> disk(m), () -> memory(m))) {
            Check r;
            try {
                r = c.get();
            } catch (RuntimeException e) {
                r = new Check("check", false, true, "failed: " + e, null);
            }
            all.add(r);
            out.accept(r.line());
        }
        return all;
    }

    /** Whether every required item passed. */
    public static boolean ready(List<Check> checks) {
        return checks.stream().allMatch(c -> c.ok() || !c.required());
    }

    static Check java(Machine m) {
        String what = "Java " + m.javaSpec() + (m.vectorApi() ? " with the Vector API" : " without the Vector API");
        if (m.javaSpec() < 17) return new Check("Java", false, true, what, "install Java 17 (sudo apt-get install openjdk-17-jdk)");
        if (!m.vectorApi()) {
            return new Check("Java", false, true, what + " (the fast kernels need it)",
                    "run through ./workshop, which adds --add-modules jdk.incubator.vector");
        }
        return new Check("Java", true, true, what, null);
    }

    static Check build() {
        for (String c : List.of("picocli.CommandLine", "com.google.gson.Gson", "org.jfree.chart.JFreeChart", "ai.djl.engine.Engine")) {
            try {
                Class.forName(c, false, Doctor.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return new Check("build", false, true, "library " + c + " missing from the class path",
                        "rebuild: mvn -B -DskipTests package");
            }
        }
        return new Check("build", true, true, "the jar and its libraries", null);
    }

    static Check data(Machine m) {
        try {
            DataStore store = DataStore.open(m.dataDir(), null);
            MnistData d = store.load(DatasetKind.MNIST);
            return new Check("data", true, true, String.format(Locale.ROOT, "MNIST verified (%,d + %,d images) in %s",
                    d.train().count(), d.test().count(), store.dir()), null);
        } catch (WorkshopException e) {
            return new Check("data", false, true, e.getMessage(), "./workshop data fetch");
        }
    }

    static Check torch(Machine m) {
        String line = m.torch().get();
        if (line.startsWith("ok ")) {
            String[] f = line.split(" ");
            return new Check("libtorch", true, true, String.format(Locale.ROOT, "PyTorch %s loads offline in %s s, a forward pass took %.1f ms",
                    f.length > 3 ? f[3] : "?", f[1], 1000 * Double.parseDouble(f[2])), null);
        }
        return new Check("libtorch", false, true, line.startsWith("error ") ? line.substring(6) : line,
                "rebuild (mvn -B -DskipTests package) and remove the DJL cache (rm -rf ~/.djl.ai)");
    }

    private static String torchInChild() {
        try {
            return ChildJvm.run(TorchCheck.class.getName(), List.of(), s -> { }, 120).strip();
        } catch (WorkshopException e) {
            return "error " + e.getMessage();
        }
    }

    /** Jupyter: {@code $JUPYTER} if set, else {@code jupyter} on the PATH. */
    static Check jupyter(Machine m) {
        Path found = findJupyter(m.env());
        if (found == null) {
            String given = m.env().get("JUPYTER");
            return new Check("Jupyter", false, true, given != null && !given.isBlank() ? "$JUPYTER=" + given + " is not an executable"
                    : "jupyter is not on the PATH", "sudo apt-get install jupyter-notebook jupyter-nbconvert (or pip install notebook nbconvert)");
        }
        return new Check("Jupyter", true, true, found.toString(), null);
    }

    /** {@code $JUPYTER} if set (null when it is not an executable), else the first {@code jupyter} on the PATH. */
    public static Path findJupyter(Map<String, String> env) {
        String given = env.get("JUPYTER");
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        return onPath(env, "jupyter");
    }

    /** The notebooks' kernel: started through Jupyter, one cell run. */
    /** The {@link Machine#kernel()} of a check run from a notebook: the kernel is the one running it. */
    public static final java.util.function.Function<Path, String> THIS_KERNEL = j -> null;

    /**
     * The same checks from a notebook's first cell: each line printed as it is known, then one line
     * saying whether the machine is ready. The kernel item is the notebook's own kernel, which has
     * answered (no second kernel is started, and its spec is left alone). Returns nothing, so that
     * the cell shows only the lines.
     */
    public static void checkFromNotebook() {
        Machine s = system(null);
        Machine m = new Machine(s.env(), null, s.javaSpec(), s.vectorApi(), s.memAvailableMb(), s.torch(), THIS_KERNEL);
        boolean ready = ready(run(m, line -> {
            System.out.println(line);
            System.out.flush();
        }));
        System.out.println(ready ? "Ready: everything the workshop needs is here."
                : "Not ready yet: run the fix of each ✗ line above in a terminal, then run this cell again"
                  + " (Parts 1 to 3 need only Java and the data).");
    }

    static Check kernel(Machine m) {
        if (m.kernel() == THIS_KERNEL) {
            return new Check("kernel", true, true, "this notebook runs on the Java kernel (" + KernelSetup.KERNEL_NAME + ")", null);
        }
        Path jupyter = findJupyter(m.env());
        if (jupyter == null) return new Check("kernel", false, true, "not started: no Jupyter (above)", "install Jupyter first");
        long t0 = System.nanoTime();
        String error = m.kernel().apply(jupyter);
        double s = (System.nanoTime() - t0) / 1e9;
        if (error == null) {
            return new Check("kernel", true, true, String.format(Locale.ROOT, "the Java kernel started and ran a cell in %.1f s", s), null);
        }
        return new Check("kernel", false, true, "the Java kernel did not answer: " + error, "./workshop notebooks setup, then "
                + "./workshop notebooks check-kernel --starts 3");
    }

    private static String kernelOnce(Path jupyter) {
        try {
            KernelSetup.Layout layout = KernelSetup.Layout.ofRunningCode();
            KernelSetup.install(layout);
            KernelCheck.Report r = KernelCheck.run(new KernelCheck.Options(jupyter, layout.jupyterPath(), KernelSetup.KERNEL_NAME,
                    java.time.Duration.ofSeconds(60)), 1, s -> { });
            return r.failures() == 0 ? null : r.starts().get(0).error();
        } catch (WorkshopException e) {
            return e.getMessage();
        }
    }

    static Check chromium(Machine m) {
        String given = m.env().get("CHROMIUM");
        Path p = given != null && !given.isBlank() ? Path.of(given) : onPath(m.env(), "chromium");
        if (p == null || !Files.isExecutable(p)) {
            return new Check("Chromium", false, false, "not found: the report is written but not checked in a browser",
                    "sudo apt-get install chromium");
        }
        return new Check("Chromium", true, false, p + " (the report's browser check)", null);
    }

    static Check disk(Machine m) {
        Path home = Path.of(System.getProperty("user.home"));
        try {
            Path probe = m.dataDir() != null && Files.exists(m.dataDir()) ? m.dataDir() : home;
            FileStore fs = Files.getFileStore(probe);
            long free = fs.getUsableSpace() / (1024 * 1024);
            String detail = String.format(Locale.ROOT, "%,d MB free on %s (a full run needs about %,d MB)", free, probe, DISK_NEEDED_MB);
            return new Check("disk", free >= DISK_NEEDED_MB, true, detail, "free some disk space");
        } catch (IOException e) {
            return new Check("disk", false, true, "cannot tell the free space (" + e.getMessage() + ")", null);
        }
    }

    static Check memory(Machine m) {
        double mb = m.memAvailableMb();
        if (Double.isNaN(mb)) return new Check("memory", true, true, "available memory unknown (not Linux)", null);
        String detail = String.format(Locale.ROOT, "%,.0f MB available (a full run needs about %,d MB)", mb, MEMORY_NEEDED_MB);
        return new Check("memory", mb >= MEMORY_NEEDED_MB, true, detail, "close other programs");
    }

    private static Path onPath(Map<String, String> env, String name) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) continue;
            for (String n : List.of(name, name + ".exe", name + ".cmd")) {
                Path p = Path.of(dir, n);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
            }
        }
        return null;
    }

    private static double memAvailableMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) return Double.parseDouble(line.replaceAll("\\D", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
