package nnworkshop.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import nnworkshop.WorkshopException;
import nnworkshop.data.DataStore;
import nnworkshop.data.DatasetKind;
import picocli.CommandLine.Option;

/** {@code --dataset} and {@code --data-dir}, shared by every command that reads images. */
final class DataOptions {

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "mnist",
            description = "Dataset: mnist or fashion (Fashion-MNIST).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data cache directory (default: $NNWORKSHOP_DATA, else ~/.cache/nn-workshop). "
                    + "Holds mnist/ and fashion/ with the IDX files.")
    Path dataDir;

    DatasetKind kind() {
        return DatasetKind.parse(dataset);
    }

    /** The data store; an explicit {@code --data-dir} must exist (the default cache is created). */
    DataStore store(Consumer<String> log) {
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            String what = Files.exists(dataDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? " is not a folder (" + nnworkshop.util.FileKind.describe(dataDir) + "): give a folder, "
                    : " does not exist: create it, ";
            throw new WorkshopException("data directory " + nnworkshop.util.PathText.show(dataDir) + what
                    + "or leave out --data-dir to use the default cache " + nnworkshop.util.PathText.show(DataStore.defaultDataDir()));
        }
        return DataStore.open(dataDir, log);
    }
}
