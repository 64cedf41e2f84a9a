package nnworkshop.cli;

import nnworkshop.data.Dataset;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import picocli.CommandLine.Option;

/** The architecture: {@code --hidden} or {@code --layers}, {@code --activation}, {@code --init}. */
final class ModelOptions {

    @Option(names = "--hidden", paramLabel = "H[,H2…]",
            description = "Hidden layer width(s): 784-H-10 (default 128). Several give a deeper net.")
    String hidden;

    @Option(names = "--layers", paramLabel = "784,…,10",
            description = "All layer sizes, e.g. 784,256,128,10 (instead of --hidden).")
    String layers;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu",
            description = "Hidden activation: relu, sigmoid, tanh or leaky_relu.")
    String activation;

    @Option(names = "--init", paramLabel = "NAME", defaultValue = "he",
            description = "Weight initialisation: he, xavier or pytorch (nn.Linear's default).")
    String init;

    ModelSpec spec() {
        return ModelSpec.parse(hidden, layers, activation, 28 * 28, Dataset.NUM_CLASSES);
    }

    Init initKind() {
        return Init.parse(init);
    }
}
