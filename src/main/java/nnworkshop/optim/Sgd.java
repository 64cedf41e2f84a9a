package nnworkshop.optim;

import java.util.List;

import nnworkshop.tensor.Parameter;

/**
 * Plain stochastic gradient descent, the workshop's update {@code W ← W − α·dW} (and
 * {@code b ← b − α·db}), with optional L2 weight decay applied as PyTorch's {@code SGD} does:
 * <pre>
 *   g ← dW + wd·W
 *   W ← W − α·g
 * </pre>
 */
public final class Sgd implements Optimizer {
    private final List<Parameter> params;
    private final float weightDecay;
    private double lr;

    public Sgd(List<Parameter> params, double lr, double weightDecay) {
        this.params = List.copyOf(params);
        this.lr = Hyper.positive("learning rate", lr);
        this.weightDecay = (float) Hyper.nonNegative("weight decay", weightDecay);
    }

    public Sgd(List<Parameter> params, double lr) {
        this(params, lr, 0.0);
    }

    /** One whose learning rate a training loop sets (from its schedule) before the first step. */
    static Sgd withoutRate(List<Parameter> params, double weightDecay) {
        Sgd o = new Sgd(params, 1.0, weightDecay);
        o.lr = Double.NaN;
        return o;
    }

    @Override
    public void step() {
        if (Double.isNaN(lr)) throw new IllegalStateException("set the learning rate before the first step");
        float a = (float) lr;
        for (Parameter p : params) {
            p.sgdStep(a, weightDecay);   // W ← W − α·(dW + wd·W)
        }
    }

    @Override
    public double learningRate() { return lr; }

    @Override
    public void setLearningRate(double lr) { this.lr = Hyper.positive("learning rate", lr); }

    @Override
    public List<Parameter> parameters() { return params; }

    @Override
    public String toString() { return "SGD(lr=" + lr + ", weight_decay=" + weightDecay + ")"; }
}
