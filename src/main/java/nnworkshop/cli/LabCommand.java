package nnworkshop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import nnworkshop.WorkshopException;
import nnworkshop.data.DataStore;
import nnworkshop.data.DatasetKind;
import nnworkshop.lab.Lab;
import nnworkshop.lab.LoadBenchmark;
import nnworkshop.model.ModelFile;
import nnworkshop.train.Experiment;
import nnworkshop.util.OutputPaths;
import nnworkshop.util.Seeds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./workshop lab}: the Lab's local web page (draw digits, look inside, train live). */
@Command(name = "lab", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"The Lab: a local web page where you draw digits for both networks (from scratch and PyTorch),",
            "see what they see and how sure they are, look inside them, and train new ones live.",
            "Prints its address (with a fresh token) once ready; Ctrl-C stops it.",
            "The default models are trained at the first start (with augmentation) and cached."})
final class LabCommand implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "Port to listen on (0: any free port).")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
            description = "Address to listen on. Anything but 127.0.0.1/localhost exposes the Lab to the network (a warning is printed; the token still applies).")
    String host;

    @Option(names = "--scratch-model", paramLabel = "FILE", description = "A saved model for the from-scratch engine instead of the default.")
    Path scratchModel;

    @Option(names = "--torch-model", paramLabel = "FILE", description = "A saved model for PyTorch instead of the default.")
    Path torchModel;

    @Option(names = "--no-open", description = "Do not open a browser.")
    boolean noOpen;

    @Option(names = "--bench", description = "Instead of serving, run the load benchmark: concurrent clients on loopback, then exit.")
    boolean bench;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "32", description = "With --bench: concurrent clients.")
    int clients;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "30", description = "With --bench: seconds of measured load (after 5 s of warm-up).")
    double seconds;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "0",
            description = "With --bench: measure exactly N predictions instead of --seconds (e.g. 100000 for the memory check; 0 = use --seconds).")
    long requests;

    @Mixin OutOptions out;
    @Mixin DataOptions data;
    @Mixin ThreadsOption threads;
    @Mixin TorchThreadsOption torch;

    @Override
    public void run() {
        PrintWriter o = spec.commandLine().getOut();
        Consumer<String> log = Cli.log(spec.commandLine().getErr());
        if (bench) {
            Cli.requirePositive("--clients", clients);
            if (!(seconds > 0 && seconds <= 3600)) throw new WorkshopException("--seconds must be in (0, 3600], got " + seconds);
            if (clients > LoadBenchmark.MAX_CLIENTS) {
                throw new WorkshopException("--clients " + clients + " is more than " + LoadBenchmark.MAX_CLIENTS + " (each is a thread and a connection)");
            }
            if (requests < 0 || requests > LoadBenchmark.MAX_REQUESTS) {
                throw new WorkshopException("--requests must be in 0.." + LoadBenchmark.MAX_REQUESTS + ", got " + requests);
            }
        }
        DataStore store = data.store(log);
        Lab lab = start(store, log);
        if (bench) {
            try (lab) {
                LoadBenchmark.run(lab, experiment.test(), clients, requests > 0 ? 3600 : seconds, requests, 5, o);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            lab.close();
            stopped.countDown();
        }, "lab-shutdown"));
        o.println("lab: " + lab.url());
        o.println("lab: Ctrl-C stops it");
        o.flush();
        if (!noOpen) openBrowser(lab.url(), log);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Experiment experiment;

    /** Loads MNIST and the models, starts the server: what the tests call. */
    Lab start(DataStore store, Consumer<String> log) {
        // every option and file is checked before MNIST loads and before a default model trains
        if (port < 0 || port > 65535) throw new WorkshopException("--port must be in 0..65535, got " + port);
        if (data.kind() != DatasetKind.MNIST) throw new WorkshopException("the Lab is for MNIST digits: leave out --dataset");
        int scratchThreads = threads.value(), torchThreads = torch.value();
        Path outDir = out.dir("lab"); // OUT/lab: writable, not a file, link or device
        OutputPaths models = new OutputPaths();
        if (scratchModel != null) models.input(scratchModel, "--scratch-model");
        if (torchModel != null) models.input(torchModel, "--torch-model");
        models.check();
        for (Path given : new Path[] {scratchModel, torchModel}) if (given != null) ModelFile.load(given); // a bad file: one line, now
        // the Lab's own default models go to the program's cache, never into a --data-dir (only ever read)
        Path cache = store.cacheDir().resolve("lab");
        experiment = Experiment.prepare(store, DatasetKind.MNIST, 5000, 0, Seeds.DEFAULT, false, log);
        return Lab.start(new Lab.Settings(host, port, outDir, cache, scratchModel, torchModel, scratchThreads, torchThreads),
                experiment, log);
    }

    /** Opens {@code url} in the desktop's browser, where there is a desktop; else says nothing is opened. */
    static void openBrowser(String url, Consumer<String> log) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<String> cmd;
        if (os.contains("mac")) {
            cmd = List.of("open", url);
        } else if (os.contains("win")) {
            cmd = List.of("rundll32", "url.dll,FileProtocolHandler", url);
        } else if (isSet("DISPLAY") || isSet("WAYLAND_DISPLAY")) {
            cmd = List.of("xdg-open", url);
        } else {
            log.accept("lab: no desktop here (headless): open the address above in a browser");
            return;
        }
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            log.accept("lab: could not open a browser (" + e.getMessage() + "): open the address above");
        }
    }

    private static boolean isSet(String env) {
        String v = System.getenv(env);
        return v != null && !v.isBlank();
    }
}
