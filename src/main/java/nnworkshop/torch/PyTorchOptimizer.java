package nnworkshop.torch;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import nnworkshop.optim.Adam;
import nnworkshop.optim.OptimizerKind;
import nnworkshop.train.TrainConfig;

/**
 * SGD, SGD with momentum and Adam with <em>PyTorch's</em> update rules, written with NDArray
 * operations in place on the parameters, the same rules as {@code nnworkshop.optim}:
 * <pre>
 *   g ← dW + wd·W                                     L2 weight decay, as torch.optim (not AdamW)
 *   SGD       W ← W − α·g
 *   momentum  v ← μ·v + g;   W ← W − α·v                (v₀ = 0, so the first v is g)
 *   Adam      m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²
 *             W ← W − α/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)     β = (0.9, 0.999), ε = 1e-8
 * </pre>
 * <b>Why not DJL's own optimizers.</b> DJL 0.36's PyTorch SGD with momentum keeps the
 * <em>learning-rate-scaled</em> velocity (v ← μ·v + α·g; W ← W − v), which equals PyTorch's
 * only while α is constant: after a StepLR drop the old velocity still carries the old rate.
 * DJL's Adam folds the bias corrections into the rate (α·√(1 − β2^t)/(1 − β1^t) · m/(√v + ε)),
 * which puts ε where PyTorch has ε·√(1 − β2^t) — 32 times smaller at the first step. Plain SGD
 * matches, but one implementation of all three keeps them consistent.
 *
 * <p>Like DJL's {@code Optimizer.update}, {@link #step} zeroes each gradient after using it:
 * libtorch's autograd adds into {@code .grad}, and nothing else clears it.
 */
final class PyTorchOptimizer implements AutoCloseable {
    private final OptimizerKind kind;
    private final float momentum;
    private final float weightDecay;
    private final List<Parameter> params;
    private final NDManager state;          // velocities / moments, freed by close()
    private final List<NDArray> first = new ArrayList<>();   // momentum v, or Adam's m; one per parameter
    private final List<NDArray> second = new ArrayList<>();  // Adam's v
    private double lr;
    private int t;

    PyTorchOptimizer(TrainConfig config, List<Parameter> params, NDManager parent) {
        this.kind = config.optimizer();
        this.momentum = (float) config.momentum();
        this.weightDecay = (float) config.weightDecay();
        this.params = List.copyOf(params);
        this.lr = config.lr();
        this.state = parent.newSubManager();
        boolean needsFirst = kind == OptimizerKind.ADAM || momentum != 0f;
        for (Parameter p : this.params) {
            if (needsFirst) first.add(state.zeros(p.getArray().getShape()));
            if (kind == OptimizerKind.ADAM) second.add(state.zeros(p.getArray().getShape()));
        }
    }

    void setLearningRate(double lr) {
        this.lr = lr;
    }

    double learningRate() {
        return lr;
    }

    /** Adam's step count t (also counted for SGD). */
    int steps() {
        return t;
    }

    /**
     * Updates every parameter from its gradient, then zeroes the gradient. Temporary arrays are
     * attached to {@code scope} (closed by the caller after the step).
     */
    void step(NDManager scope) {
        t++;
        double bc1 = 1.0 - Math.pow(Adam.BETA1, t);
        double bc2 = 1.0 - Math.pow(Adam.BETA2, t);
        float a = (float) lr;
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i).getArray();
            NDArray dW = w.getGradient();
            dW.attach(scope);                                           // the wrapper, not the gradient
            NDArray g = weightDecay == 0f ? dW : dW.add(in(scope, w.mul(weightDecay)));
            switch (kind) {
                case SGD -> {
                    if (momentum == 0f) {
                        w.subi(g.mul(a));
                    } else {
                        NDArray v = first.get(i);
                        v.muli(momentum).addi(g);
                        w.subi(in(scope, v.mul(a)));
                    }
                }
                case ADAM -> {
                    NDArray m = first.get(i), v = second.get(i);
                    m.muli((float) Adam.BETA1).addi(g.mul((float) (1 - Adam.BETA1)));
                    v.muli((float) Adam.BETA2).addi(g.square().muli((float) (1 - Adam.BETA2)));
                    NDArray denom = in(scope, v.sqrt()).divi((float) Math.sqrt(bc2)).addi((float) Adam.EPS);
                    w.subi(in(scope, m.div(denom)).muli((float) (lr / bc1)));
                }
            }
            dW.subi(dW);
        }
    }

    /** Attaches an array computed from a long-lived one (so owned by the model) to the step's scope. */
    private static NDArray in(NDManager scope, NDArray a) {
        a.attach(scope);
        return a;
    }

    @Override
    public void close() {
        state.close();
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SGD -> "SGD(lr=" + lr + ", momentum=" + momentum + ", weight_decay=" + weightDecay + ") [PyTorch rules]";
            case ADAM -> "Adam(lr=" + lr + ", betas=(0.9, 0.999), eps=1e-08, weight_decay=" + weightDecay + ") [PyTorch rules]";
        };
    }
}
