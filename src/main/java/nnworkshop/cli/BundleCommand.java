package nnworkshop.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import nnworkshop.WorkshopException;
import nnworkshop.bundle.Bundle;
import nnworkshop.data.DataStore;
import nnworkshop.torch.TorchRuntime;
import nnworkshop.util.OutputPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./workshop bundle}: the offline classroom bundle. */
@Command(name = "bundle", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the classroom bundle: one zip with the built jar and its libraries, libtorch for one "
                + "platform, the verified datasets, the notebooks and launchers that need only Java 17 (no Maven, "
                + "npm or network). Unpack it on each laptop and run its ./workshop (or workshop.cmd).",
            "Prints the archive's size. Every file is listed with its SHA-256 in SHA256SUMS, checked at the first start."})
final class BundleCommand implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The archive to write (.zip).")
    Path out;

    @Option(names = "--platform", paramLabel = "NAME",
            description = "linux-x86_64, linux-aarch64, osx-aarch64 or win-x86_64 (default: this machine's).")
    String platform;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data cache to take the datasets from (default: $NNWORKSHOP_DATA, else ~/.cache/nn-workshop).")
    Path dataDir;

    @Override
    public void run() {
        PrintWriter pw = spec.commandLine().getOut();
        var log = Cli.log(spec.commandLine().getErr());
        String p = platform != null ? platform : TorchRuntime.platform();
        if (!TorchRuntime.PLATFORMS.contains(p)) {
            throw new WorkshopException("--platform " + p + " has no libtorch " + TorchRuntime.PYTORCH_VERSION + ": choose one of "
                    + String.join(", ", TorchRuntime.PLATFORMS));
        }
        checkOut(out);
        new OutputPaths().output(out, "--out").check();
        Path root = projectRoot();
        Path libtorch = root.resolve("target/lib/pytorch-native-cpu-" + TorchRuntime.PYTORCH_VERSION + "-" + p + ".jar");
        if (!Files.isRegularFile(libtorch)) {
            libtorch = Bundle.libtorchJar(Path.of(System.getProperty("user.home"), ".m2", "repository"), p, TorchRuntime.PYTORCH_VERSION);
        }
        if (!Files.isRegularFile(libtorch)) {
            throw new WorkshopException("libtorch for " + p + " is not in the local Maven repository: fetch it first with "
                    + "mvn -q dependency:get -Dartifact=ai.djl.pytorch:pytorch-native-cpu:" + TorchRuntime.PYTORCH_VERSION
                    + ":jar:" + p + " -Dtransitive=false");
        }
        Bundle.Written w = Bundle.write(out, p, root, libtorch, DataStore.open(dataDir, log), log);
        pw.printf(Locale.ROOT, "bundle -> %s (%s, %d files, %.0f MB)%n", w.file(), w.platform(), w.files(), w.bytes() / 1e6);
        pw.flush();
    }

    /** The project this program was built from: target/nn-workshop.jar (or target/classes) is two levels below it. */
    static Path projectRoot() {
        try {
            Path code = Path.of(BundleCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.toAbsolutePath().getParent().getParent();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    /** Refused before any work: a folder, a link or device, a missing or unwritable folder. */
    static void checkOut(Path out) {
        Path abs = out.toAbsolutePath();
        if (Files.isDirectory(abs)) throw new WorkshopException("--out " + out + " is a folder: give the archive's file name, e.g. "
                + abs.resolve("nn-workshop.zip"));
        if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new WorkshopException("--out " + out + " exists and is not a regular file: choose another name");
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new WorkshopException("--out " + nnworkshop.util.PathText.show(out) + ": the folder " + nnworkshop.util.PathText.show(dir) + " does not exist");
        if (!Files.isWritable(dir)) throw new WorkshopException("--out " + nnworkshop.util.PathText.show(out) + ": the folder " + nnworkshop.util.PathText.show(dir) + " cannot be written");
    }
}
