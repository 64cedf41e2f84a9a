package nnworkshop.optim;

import java.util.List;

import nnworkshop.tensor.Parameter;

/**
 * Updates parameters from their gradients: the workshop's {@code W ← W − α·dW} and its variants.
 * An optimizer is bound to its parameters when made and keeps any state (momentum, Adam's moments)
 * per parameter. {@link #step()} reads each {@link Parameter#grad()} and updates
 * {@link Parameter#value()} in place.
 */
public interface Optimizer {

    /** One update of every parameter from its current gradient. */
    void step();

    /** The learning rate α used by the next {@link #step()}. */
    double learningRate();

    /** Sets α (a schedule calls this between epochs). */
    void setLearningRate(double lr);

    /** The parameters this optimizer updates. */
    List<Parameter> parameters();

    /**
     * The optimizer a configuration names: {@link Sgd} (momentum 0), {@link Momentum}
     * (SGD with momentum μ &gt; 0, as {@code torch.optim.SGD(momentum=μ)}) or {@link Adam}.
     */
    static Optimizer create(OptimizerKind kind, List<Parameter> params, double lr, double momentum, double weightDecay) {
        Optimizer o = create(kind, params, momentum, weightDecay);
        o.setLearningRate(lr);
        return o;
    }

    /**
     * {@link #create(OptimizerKind, List, double, double, double)} with no learning rate yet: a
     * training loop sets it from its schedule before the first step (which fails until then).
     */
    static Optimizer create(OptimizerKind kind, List<Parameter> params, double momentum, double weightDecay) {
        return switch (kind) {
            case SGD -> momentum == 0.0 ? Sgd.withoutRate(params, weightDecay) : Momentum.withoutRate(params, momentum, weightDecay);
            case ADAM -> Adam.withoutRate(params, weightDecay);
        };
    }
}
