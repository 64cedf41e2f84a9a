package nnworkshop.nn;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The activations the workshop offers, by name ({@code --activation relu}), each pairing g with g'
 * from {@link Activations}.
 */
public enum Activation {
    SIGMOID("sigmoid", "Sigmoid", Activations::sigmoid, Activations::sigmoidDerivative),
    RELU("relu", "ReLU", Activations::relu, Activations::reluDerivative),
    TANH("tanh", "Tanh", Activations::tanh, Activations::tanhDerivative),
    LEAKY_RELU("leaky_relu", "Leaky ReLU (α = 0.01)", Activations::leakyRelu, Activations::leakyReluDerivative);

    private final String id;
    private final String title;
    private final DoubleUnaryOperator g;
    private final DoubleUnaryOperator dg;

    Activation(String id, String title, DoubleUnaryOperator g, DoubleUnaryOperator dg) {
        this.id = id;
        this.title = title;
        this.g = g;
        this.dg = dg;
    }

    /** The name used on the command line and in saved models, e.g. "leaky_relu". */
    public String id() { return id; }

    /** A title for plots and reports. */
    public String title() { return title; }

    /** g(z). */
    public double apply(double z) { return g.applyAsDouble(z); }

    /** g'(z). */
    public double derivative(double z) { return dg.applyAsDouble(z); }

    /** Parses "relu", "ReLU", "leaky_relu", "leaky-relu", "leakyrelu". */
    public static Activation parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Activation a : values()) {
            if (a.id.equals(k) || a.id.replace("_", "").equals(k)) return a;
        }
        throw new IllegalArgumentException("unknown activation '" + s + "' (choose sigmoid, relu, tanh or leaky_relu)");
    }

    @Override
    public String toString() { return id; }
}
