package nnworkshop.cli;

import java.io.PrintWriter;

import nnworkshop.data.DataStore;
import nnworkshop.data.Splits;
import nnworkshop.explore.ExploreResult;
import nnworkshop.explore.Explorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Part 3: {@code ./workshop explore}. */
@Command(name = "explore", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Part 3: look at the dataset: sample grid, class distribution, class means, "
                + "pixel histogram (PNGs) and statistics (explore.json).")
final class ExploreCommand implements Runnable {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin OutOptions out;

    @Option(names = "--validation", paramLabel = "N", defaultValue = "5000",
            description = "Images held out of the training set for validation.")
    int validation;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the validation split.")
    long seed;

    @Override
    public void run() {
        PrintWriter pw = spec.commandLine().getOut();
        ExploreResult r = explore(data, out, validation, seed, Cli.log(spec.commandLine().getErr()));
        pw.println(r.summary());
    }

    static ExploreResult explore(DataOptions data, OutOptions out, int validation, long seed,
                                 java.util.function.Consumer<String> log) {
        Cli.requireNonNegative("--validation", validation);
        var kind = data.kind();
        DataStore store = data.store(log);
        var set = store.load(kind);
        var split = Splits.trainValidation(set.train(), validation, seed);
        return Explorer.explore(kind.id(), kind.classNames(), split.train(), split.validation(), set.test(), out.dir());
    }
}
