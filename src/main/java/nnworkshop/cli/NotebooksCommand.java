package nnworkshop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.google.gson.JsonObject;

import nnworkshop.WorkshopException;
import nnworkshop.notebook.Jupyter;
import nnworkshop.notebook.KernelCheck;
import nnworkshop.notebook.Editions;
import nnworkshop.notebook.KernelSetup;
import nnworkshop.notebook.Nb;
import nnworkshop.notebook.NotebookFiles;
import nnworkshop.notebook.NotebookRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./workshop notebooks setup|run|open|clean|check-kernel|export}: the workshop as Jupyter notebooks. */
@Command(name = "notebooks", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"The five parts, and a sixth of experiments, as Java notebooks (Jupyter, with the project's Java kernel set up inside the project).",
            "Jupyter: $" + Jupyter.ENV + ", else `jupyter` on PATH; to " + Jupyter.INSTALL + "."},
        subcommands = {NotebooksCommand.Setup.class, NotebooksCommand.Run.class, NotebooksCommand.Open.class,
            NotebooksCommand.Clean.class, NotebooksCommand.CheckKernel.class,
            NotebooksCommand.Export.class})
final class NotebooksCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "setup", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {"Write the Java kernel into target/jupyter/kernels/" + KernelSetup.KERNEL_NAME
                    + " (use it with JUPYTER_PATH=target/jupyter); nothing outside the project unless --user."})
    static final class Setup implements Runnable {
        @Spec CommandSpec spec;

        @Option(names = "--user", description = "Also install the kernel for your user (jupyter kernelspec install --user).")
        boolean user;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            KernelSetup.Layout layout = KernelSetup.Layout.ofRunningCode();
            Path dir = KernelSetup.install(layout);
            out.println("kernel '" + KernelSetup.KERNEL_NAME + "' written to " + dir);
            if (user) {
                Path jupyter = Jupyter.launcher();
                int code = interactive(List.of(jupyter.toString(), "kernelspec", "install", "--user", "--replace",
                        "--name", KernelSetup.KERNEL_NAME, dir.toString()), null, Map.of());
                if (code != 0) throw new WorkshopException("jupyter kernelspec install failed (exit " + code + ")");
            } else {
                out.println("open the notebooks with: ./workshop notebooks open   (or: JUPYTER_PATH=" + layout.jupyterPath()
                        + " jupyter notebook notebooks/)");
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {"Execute every notebook headlessly, top to bottom, and write HTML copies (outputs included) "
                    + "into DIR/notebooks/. Exit 2 naming the notebook and cell of any error."})
    static final class Run implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutOptions outOptions;

        @Option(names = "--quick", description = "Small data and few epochs (NNWORKSHOP_QUICK=1): all six in a few minutes.")
        boolean quick;

        @Option(names = "--notebooks", paramLabel = "DIR", description = "The notebooks to run (default: the project's notebooks/).")
        Path notebooks;

        @Option(names = "--cell-timeout", paramLabel = "SECONDS", defaultValue = "1800",
                description = "The longest one cell may run.")
        int cellTimeout;

        @Parameters(paramLabel = "NAME", arity = "0..*",
                description = "Only these notebooks (a file name or its start, e.g. 02).")
        List<String> only = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            Cli.requirePositive("--cell-timeout", cellTimeout);
            Path jupyter = Jupyter.launcher();
            KernelSetup.Layout layout = KernelSetup.Layout.ofRunningCode();
            Path dir = notebooks != null ? notebooks : layout.notebooks();
            if (!Files.isDirectory(dir)) throw new WorkshopException("no notebooks folder " + dir);
            List<Path> files = select(NotebookFiles.list(dir), only);
            if (files.isEmpty()) throw new WorkshopException("no notebooks to run in " + dir + (only.isEmpty() ? "" : " matching " + only));
            KernelSetup.install(layout);
            Path htmlDir = outOptions.dir("notebooks");
            NotebookRunner.Options options = new NotebookRunner.Options(jupyter, layout.jupyterPath(),
                    KernelSetup.KERNEL_NAME, quick, Duration.ofSeconds(cellTimeout));
            out.printf("running %d notebook%s (%s) into %s%n", files.size(), files.size() == 1 ? "" : "s",
                    quick ? "quick" : "full", htmlDir);
            out.flush();
            Path work;
            try {
                work = Files.createTempDirectory("nn-workshop-notebooks-");
            } catch (IOException e) {
                throw new WorkshopException("cannot create a temporary folder: " + e.getMessage(), e);
            }
            List<String> failures = new ArrayList<>();
            double total = 0;
            try {
                for (Path nb : files) {
                    long t0 = System.nanoTime();
                    try {
                        NotebookRunner.Result r = NotebookRunner.run(nb, work, htmlDir, options);
                        total += r.seconds();
                        out.printf(Locale.ROOT, "  %-36s ok     %6.1f s  → %s%n", nb.getFileName(), r.seconds(), r.html());
                    } catch (NotebookRunner.NotebookFailure f) {
                        double s = (System.nanoTime() - t0) / 1e9;
                        total += s;
                        out.printf(Locale.ROOT, "  %-36s FAILED %6.1f s%n", nb.getFileName(), s);
                        out.flush();
                        err.println("workshop: " + f.getMessage());
                        f.details().stream().limit(12).forEach(l -> err.println("    " + l));
                        err.flush();
                        failures.add(f.getMessage());
                    }
                    out.flush();
                }
            } finally {
                deleteQuietly(work);
            }
            out.printf(Locale.ROOT, "%d of %d notebooks ran in %.1f s%n", files.size() - failures.size(), files.size(), total);
            if (!failures.isEmpty()) {
                throw new WorkshopException(failures.size() + " notebook" + (failures.size() == 1 ? "" : "s")
                        + " failed; first: " + failures.get(0));
            }
            return 0;
        }

        static List<Path> select(List<Path> all, List<String> only) {
            if (only.isEmpty()) return all;
            List<Path> out = new ArrayList<>();
            for (String o : only) {
                List<Path> hits = all.stream().filter(p -> p.getFileName().toString().startsWith(o)).toList();
                if (hits.isEmpty()) throw new WorkshopException("no notebook named " + o + "…; there are "
                        + all.stream().map(p -> p.getFileName().toString()).toList());
                hits.stream().filter(h -> !out.contains(h)).forEach(out::add);
            }
            return out;
        }
    }

    @Command(name = "open", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {"Set the kernel up and start Jupyter Notebook on notebooks/ (until Ctrl-C). "
                    + "Extra arguments go to Jupyter, e.g. -- --no-browser --port 8889."})
    static final class Open implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "JUPYTER_ARG", arity = "0..*", description = "Passed to `jupyter notebook`.")
        List<String> args = new ArrayList<>();

        @Option(names = "--quick", description = "Small data and few epochs in every notebook opened (NNWORKSHOP_QUICK=1 for "
                + "the kernels): for a rehearsal or a slow laptop.")
        boolean quick;

        @Override
        public Integer call() {
            Path jupyter = Jupyter.launcher();
            KernelSetup.Layout layout = KernelSetup.Layout.ofRunningCode();
            KernelSetup.install(layout);
            List<String> cmd = new ArrayList<>(List.of(jupyter.toString(), "notebook",
                    "--notebook-dir=" + layout.notebooks()));
            cmd.addAll(args);
            spec.commandLine().getOut().println("starting Jupyter with the kernel of " + layout.jupyterPath()
                    + (quick ? ", quick mode" : "") + " (Ctrl-C stops it)");
            spec.commandLine().getOut().flush();
            return interactive(cmd, layout.jupyterPath(), quick ? Map.of(Nb.QUICK_ENV, "1") : Map.of());
        }
    }

    @Command(name = "clean", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {"Remove outputs and execution counts from the committed notebooks (the repository keeps "
                    + "them output-free); with --check, only report and exit 2 if any has some."})
    static final class Clean implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--check", description = "Change nothing; exit 2 if a notebook carries outputs.")
        boolean check;

        @Option(names = "--notebooks", paramLabel = "DIR", description = "The notebooks folder (default: the project's notebooks/).")
        Path notebooks;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = notebooks != null ? notebooks : KernelSetup.Layout.ofRunningCode().notebooks();
            if (!Files.isDirectory(dir)) throw new WorkshopException("no notebooks folder " + dir);
            int dirty = 0;
            for (Path nb : NotebookFiles.list(dir)) {
                JsonObject json = NotebookFiles.read(nb);
                List<String> problems = NotebookFiles.problems(json);
                if (problems.isEmpty()) continue;
                dirty++;
                if (check) {
                    out.println(nb.getFileName() + ": " + String.join("; ", problems));
                } else {
                    NotebookFiles.strip(json);
                    NotebookFiles.write(json, nb);
                    out.println(nb.getFileName() + ": outputs removed");
                }
            }
            if (check && dirty > 0) {
                throw new WorkshopException(dirty + " notebook" + (dirty == 1 ? " has" : "s have")
                        + " outputs: run ./workshop notebooks clean");
            }
            out.println(dirty == 0 ? "all notebooks are clean" : dirty + " notebook" + (dirty == 1 ? "" : "s") + " cleaned");
            return 0;
        }
    }

    @Command(name = "check-kernel", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {"Start the notebooks' kernel N times through Jupyter's own client (jupyter_client: start, "
                    + "wait for the kernel_info reply, run `1 + 1`, shut down) and print the starts, the failures and "
                    + "the start-up time (median, max). Exit 2 if any start failed.",
                "Another kernel spec can be measured the same way with --jupyter-path and --kernel."})
    static final class CheckKernel implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--starts", paramLabel = "N", defaultValue = "20", description = "How many starts, one after the other.")
        int starts;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20",
                description = "The longest a start may take to answer (nbconvert's limit in `notebooks run`).")
        int timeout;

        @Option(names = "--kernel", paramLabel = "NAME", defaultValue = KernelSetup.KERNEL_NAME,
                description = "The kernel spec to start.")
        String kernel;

        @Option(names = "--jupyter-path", paramLabel = "DIR",
                description = "The folder holding kernels/NAME (default: the project's, written first as by setup).")
        Path jupyterPath;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Cli.requirePositive("--starts", starts);
            Cli.requirePositive("--timeout", timeout);
            Path jupyter = Jupyter.launcher();
            Path path = jupyterPath;
            if (path == null) {
                KernelSetup.Layout layout = KernelSetup.Layout.ofRunningCode();
                KernelSetup.install(layout);
                path = layout.jupyterPath();
            }
            if (!Files.isRegularFile(path.resolve("kernels").resolve(kernel).resolve("kernel.json"))) {
                throw new WorkshopException("no kernel spec " + path.resolve("kernels").resolve(kernel).resolve("kernel.json"));
            }
            out.printf(Locale.ROOT, "starting kernel %s %d times (timeout %d s)%n", kernel, starts, timeout);
            out.flush();
            int[] failed = {0};
            KernelCheck.Report report = KernelCheck.run(new KernelCheck.Options(jupyter, path, kernel, Duration.ofSeconds(timeout)),
                    starts, s -> {
                        if (!s.ok()) {
                            failed[0]++;
                            out.printf(Locale.ROOT, "  start %d FAILED: %s%n", s.index(), s.error());
                            s.kernelLog().forEach(l -> out.println("      kernel: " + l));
                        }
                        if (s.index() % 10 == 0 || s.index() == starts) {
                            out.printf(Locale.ROOT, "  %d/%d starts, %d failed%n", s.index(), starts, failed[0]);
                        }
                        out.flush();
                    });
            report.summary().forEach(out::println);
            if (report.failures() > 0) {
                throw new WorkshopException(report.failures() + " of " + starts + " starts failed");
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {"Write the student edition (each solution replaced by a stub that says \"not implemented yet\", "
                    + "solution cells dropped) or the instructor edition (complete) of the notebooks into a new folder."})
    static final class Export implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--edition", required = true, paramLabel = "student|instructor", description = "Which edition.")
        String edition;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "A folder that does not exist yet, or is empty.")
        Path out;

        @Option(names = "--notebooks", paramLabel = "DIR", description = "The source notebooks (default: the project's notebooks/).")
        Path notebooks;

        @Override
        public Integer call() {
            Editions.Edition e = Editions.Edition.parse(edition);
            Path dir = notebooks != null ? notebooks : KernelSetup.Layout.ofRunningCode().notebooks();
            List<Path> written = Editions.export(dir, e, out);
            spec.commandLine().getOut().printf("%s edition: %d notebooks written to %s%n", e.name().toLowerCase(Locale.ROOT),
                    written.size(), out);
            return 0;
        }
    }

    /** Runs a command attached to this terminal and returns its exit code. */
    static int interactive(List<String> cmd, Path jupyterPath, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        if (jupyterPath != null) pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
        pb.environment().putAll(env); // Jupyter's kernels inherit its environment
        try {
            return pb.start().waitFor();
        } catch (IOException e) {
            throw new WorkshopException("cannot start " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: best effort
        }
    }
}
