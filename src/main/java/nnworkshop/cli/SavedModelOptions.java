package nnworkshop.cli;

import java.nio.file.Path;

import nnworkshop.compare.Impl;
import nnworkshop.model.ModelFile;
import picocli.CommandLine.Option;

/** {@code --model FILE} and {@code --impl}: a saved model and the implementation that runs it. */
final class SavedModelOptions {

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model saved by train --save.")
    Path modelFile;

    @Option(names = "--impl", defaultValue = "scratch",
            description = "Implementation: scratch or torch; a model trained by either works with both.")
    Impl impl;

    /** The model file, read and checked. */
    ModelFile.Loaded load() {
        return ModelFile.load(modelFile);
    }
}
