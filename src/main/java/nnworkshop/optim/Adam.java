package nnworkshop.optim;

import java.util.List;

import nnworkshop.tensor.Parameter;

/**
 * Adam, exactly PyTorch's {@code Adam(lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=wd)}
 * (L2 decay added to the gradient, not AdamW). Per parameter W, at step t = 1, 2, …:
 * <pre>
 *   g  ← dW + wd·W
 *   m  ← β1·m + (1 − β1)·g            first moment,  m₀ = 0
 *   v  ← β2·v + (1 − β2)·g²           second moment, v₀ = 0
 *   m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)     bias correction
 *   W  ← W − α·m̂ / (√v̂ + ε)
 * </pre>
 * (computed as PyTorch does: α/(1 − β1^t) · m / (√v/√(1 − β2^t) + ε)).
 */
public final class Adam implements Optimizer {
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;

    private final List<Parameter> params;
    private final float[][] m; // first moments, one per parameter
    private final float[][] v; // second moments
    private final float weightDecay;
    private double lr;
    private int t;

    public Adam(List<Parameter> params, double lr, double weightDecay) {
        this.params = List.copyOf(params);
        this.lr = Hyper.positive("learning rate", lr);
        this.weightDecay = (float) Hyper.nonNegative("weight decay", weightDecay);
        this.m = new float[this.params.size()][];
        this.v = new float[this.params.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = this.params.get(i).newState();
            v[i] = this.params.get(i).newState();
        }
    }

    /** One whose learning rate a training loop sets (from its schedule) before the first step. */
    static Adam withoutRate(List<Parameter> params, double weightDecay) {
        Adam o = new Adam(params, 1.0, weightDecay);
        o.lr = Double.NaN;
        return o;
    }

    @Override
    public void step() {
        if (Double.isNaN(lr)) throw new IllegalStateException("set the learning rate before the first step");
        t++;
        double bc1 = 1.0 - Math.pow(BETA1, t);
        double bc2 = 1.0 - Math.pow(BETA2, t);
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            // m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; W ← W − α·m̂ / (√v̂ + ε), g = dW + wd·W
            p.adamStep(m[i], v[i], (float) lr, (float) BETA1, (float) BETA2, (float) EPS, weightDecay, bc1, bc2);
        }
    }

    /** Steps taken so far (t). */
    public int steps() { return t; }

    @Override
    public double learningRate() { return lr; }

    @Override
    public void setLearningRate(double lr) { this.lr = Hyper.positive("learning rate", lr); }

    @Override
    public List<Parameter> parameters() { return params; }

    @Override
    public String toString() { return "Adam(lr=" + lr + ", betas=(0.9, 0.999), eps=1e-08, weight_decay=" + weightDecay + ")"; }
}
