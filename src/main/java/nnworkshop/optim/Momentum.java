package nnworkshop.optim;

import java.util.List;

import nnworkshop.tensor.Parameter;

/**
 * SGD with momentum, exactly PyTorch's {@code SGD(lr, momentum=μ, weight_decay=wd)} (no
 * dampening, no Nesterov). Per parameter W with gradient dW and velocity v (starting at 0):
 * <pre>
 *   g ← dW + wd·W
 *   v ← μ·v + g          (the first step gives v = g, as PyTorch)
 *   W ← W − α·v
 * </pre>
 */
public final class Momentum implements Optimizer {
    private final List<Parameter> params;
    private final float[][] velocity; // one per parameter, its shape
    private final float mu;
    private final float weightDecay;
    private double lr;

    public Momentum(List<Parameter> params, double lr, double momentum, double weightDecay) {
        this.params = List.copyOf(params);
        this.lr = Hyper.positive("learning rate", lr);
        if (!(momentum >= 0 && momentum < 1)) throw Hyper.bad("momentum", momentum, "in [0, 1)");
        this.mu = (float) momentum;
        this.weightDecay = (float) Hyper.nonNegative("weight decay", weightDecay);
        this.velocity = new float[this.params.size()][];
        for (int i = 0; i < velocity.length; i++) velocity[i] = this.params.get(i).newState();
    }

    /** One whose learning rate a training loop sets (from its schedule) before the first step. */
    static Momentum withoutRate(List<Parameter> params, double momentum, double weightDecay) {
        Momentum o = new Momentum(params, 1.0, momentum, weightDecay);
        o.lr = Double.NaN;
        return o;
    }

    @Override
    public void step() {
        if (Double.isNaN(lr)) throw new IllegalStateException("set the learning rate before the first step");
        float a = (float) lr;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            p.momentumStep(velocity[i], a, mu, weightDecay);   // v ← μ·v + (dW + wd·W); W ← W − α·v
        }
    }

    @Override
    public double learningRate() { return lr; }

    @Override
    public void setLearningRate(double lr) { this.lr = Hyper.positive("learning rate", lr); }

    @Override
    public List<Parameter> parameters() { return params; }

    @Override
    public String toString() { return "SGD(lr=" + lr + ", momentum=" + mu + ", weight_decay=" + weightDecay + ")"; }
}
