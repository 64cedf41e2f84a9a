package nnworkshop.cli;

import nnworkshop.data.Normalization;
import nnworkshop.nn.LossKind;
import nnworkshop.optim.OptimizerKind;
import nnworkshop.train.TrainConfig;
import picocli.CommandLine.Option;

/** The hyper-parameters of training, shared by {@code train} and the commands built on it. */
final class TrainOptions {

    @Option(names = "--epochs", defaultValue = "10", description = "Passes over the training set.")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "Mini-batch size.")
    int batch;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Learning rate (default: 0.1 for sgd, 0.001 for adam).")
    Double lr;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd", description = "sgd or adam.")
    String optimizer;

    @Option(names = "--momentum", defaultValue = "0", description = "SGD momentum (0 = plain SGD, as in the workshop).")
    double momentum;

    @Option(names = "--weight-decay", paramLabel = "WD", defaultValue = "0", description = "L2 weight decay.")
    double weightDecay;

    @Option(names = "--lr-step", paramLabel = "EPOCHS", defaultValue = "0",
            description = "Multiply the learning rate by --lr-gamma every EPOCHS epochs (0 = constant).")
    int lrStep;

    @Option(names = "--lr-gamma", paramLabel = "G", defaultValue = "0.1", description = "Step decay factor.")
    double lrGamma;

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = "cross_entropy",
            description = "cross_entropy (softmax + CE, fused) or mse.")
    String loss;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of initialisation, shuffling and the split.")
    long seed;

    @Option(names = "--validation", paramLabel = "N", defaultValue = "5000",
            description = "Training images held out for validation.")
    int validation;

    @Option(names = "--subset", paramLabel = "N", defaultValue = "0",
            description = "Train on the first N images of the training split only (0 = all), for a quick look.")
    int subset;

    @Option(names = "--standardize",
            description = "Standardise pixels with the training split's mean and std (default: scale to [0, 1]).")
    boolean standardize;

    TrainConfig config(Normalization normalization) {
        OptimizerKind opt = OptimizerKind.parse(optimizer);
        LossKind lossKind = LossKind.parse(loss);
        Cli.requireNonNegative("--subset", subset);
        Cli.requireNonNegative("--validation", validation);
        return TrainConfig.builder()
                .epochs(epochs).batch(batch).lr(lr == null ? opt.usualLearningRate() : lr)
                .optimizer(opt).momentum(momentum).weightDecay(weightDecay)
                .lrStep(lrStep).lrGamma(lrGamma).loss(lossKind)
                .seed(seed).normalization(normalization)
                .build();
    }
}
