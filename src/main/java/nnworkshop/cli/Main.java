package nnworkshop.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

import nnworkshop.WorkshopException;
import nnworkshop.util.PathText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code ./workshop}: the entry point. */
@Command(name = "workshop",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        showDefaultValues = true,
        usageHelpAutoWidth = true,
        description = {
            "A neural-networks practical workshop in Java, in five parts:",
            "  1. activation functions  2. a network from scratch  3. the MNIST dataset",
            "  4. the same model on PyTorch (DJL)  5. the comparison.",
            "`./workshop run` runs the whole workshop; the commands below run one step each."})
public final class Main implements Runnable {

    /**
     * The commands, in the order the help lists them (then {@code help}). Added by {@link #commandLine},
     * not by the annotation: building a command's model (picocli reads its options by reflection)
     * took 0.10-0.15 s for all fifteen at every start, and a run needs only the one it names.
     */
    static final List<Class<?>> COMMANDS = List.of(
            RunCommand.class,
            DataCommand.class,
            ActivationsCommand.class,
            ExploreCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            GradcheckCommand.class,
            BenchCommand.class,
            CompareCommand.class,
            NotebooksCommand.class,
            DoctorCommand.class,
            BundleCommand.class,
            LabCommand.class);

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Show stack traces of errors (for bug reports).")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        nnworkshop.util.Console.useUtf8WhereNeeded();
        System.exit(execute(nnworkshop.util.Console.out(), nnworkshop.util.Console.err(), args));
    }

    /** Runs the CLI with the given streams and returns the exit code (0 ok, 2 user error, 1 bug). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        // an unpacked classroom bundle checks its files first, before any library they hold is needed
        String bundle = System.getProperty("nnworkshop.bundle");
        if (bundle != null && !bundle.isBlank()) {
            String damaged = nnworkshop.bundle.BundleCheck.firstStart(java.nio.file.Path.of(bundle));
            if (damaged != null) {
                err.println("workshop: " + PathText.oneLine(damaged));
                err.flush();
                return 2;
            }
        }
        boolean debug = Arrays.asList(args).contains("--debug");
        // the default of every --threads option (the from-scratch kernels: one per core, up to 4)
        System.setProperty("nnworkshop.cores", String.valueOf(nnworkshop.scratch.ScratchEngine.defaultThreads()));
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            String path = commandPath(ex.getCommandLine());
            e.println("workshop: " + PathText.oneLine(ex.getMessage()) + " (see ./workshop help"
                    + (path.isEmpty() ? "" : " " + path) + ")");
            if (debug) ex.printStackTrace(e);
            e.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter e = c.getErr();
            out.flush();
            if (ex instanceof WorkshopException we) {
                e.println("workshop: " + PathText.oneLine(we.getMessage()));
                if (debug) we.printStackTrace(e);
                e.flush();
                return we.exitCode();
            }
            e.println("workshop: internal error: " + PathText.oneLine(String.valueOf(ex)) + (debug ? "" : " (run again with --debug for the stack trace, and please report it)"));
            if (debug) ex.printStackTrace(e);
            e.flush();
            return 1;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // the up-front estimates (train.Footprint) refuse what surely cannot fit; this is what slipped past them
            out.flush();
            err.println("workshop: out of memory: the Java heap (" + nnworkshop.train.Footprint.size(Runtime.getRuntime().maxMemory())
                    + ") is too small for this run: use a smaller --batch or narrower layers, or give Java more (WORKSHOP_JAVA_OPTS=-Xmx...)");
            if (debug) e.printStackTrace(err);
            err.flush();
            return 2;
        }
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The command line for {@code args}: when the first argument names a command, the root with
     * that command alone (what it parses and prints is the same: its options, its help, its
     * errors); otherwise — no command, {@code help}, an option of the root, a misspelt name that
     * picocli suggests a command for — the root with every command.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> named = args.length == 0 ? null : COMMANDS.stream()
                .filter(c -> c.getAnnotation(Command.class).name().equals(args[0]))
                .findFirst().orElse(null);
        for (Class<?> c : COMMANDS) {
            if (named == null || c == named) cl.addSubcommand(c);
        }
        if (named == null) cl.addSubcommand(CommandLine.HelpCommand.class);
        return cl;
    }

    private static String commandPath(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        return name.startsWith("workshop") ? name.substring("workshop".length()).trim() : name;
    }

    /** Version line: project version and the Java running it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {
                "nn-workshop " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
