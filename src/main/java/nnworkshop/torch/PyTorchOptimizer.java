package nnworkshop.torch;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.nn.Parameter;

import nnworkshop.optim.Adam;
import nnworkshop.optim.OptimizerKind;
import nnworkshop.train.TrainConfig;

/**
 * SGD, SGD with momentum and Adam with <em>PyTorch's</em> update rules — the rules of
 * {@code torch.optim} and of {@code nnworkshop.optim}:
 * <pre>
 *   g ← dW + wd·W                                     L2 weight decay, as torch.optim (not AdamW)
 *   SGD       W ← W − α·g
 *   momentum  v ← μ·v + g;   W ← W − α·v                (v₀ = 0, so the first v is g)
 *   Adam      m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²
 *             W ← W − α/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)     β = (0.9, 0.999), ε = 1e-8
 * </pre>
 * <b>DJL's own optimizers differ.</b> DJL 0.36's PyTorch SGD with momentum keeps a
 * <em>learning-rate-scaled</em> velocity (u ← μ·u + α·g; W ← W − u), equal to PyTorch's u = α·v
 * only while α is constant: after a StepLR drop the old velocity still carries the old rate.
 * DJL's Adam folds the bias corrections into the rate (α·√(1 − β2^t)/(1 − β1^t) · m/(√v + ε)),
 * which amounts to PyTorch's rule with ε/√(1 − β2^t) in place of ε: 32 times larger at the first
 * step. Plain SGD matches.
 *
 * <p>Two implementations, checked against each other and against the from-scratch engine:
 * <ul>
 *   <li><b>plain</b> ({@code fused = false}): the formulas above as NDArray operations, in place —
 *       the readable one;</li>
 *   <li><b>fused</b> (the default): libtorch's update kernels behind DJL's optimizers (one native
 *       call per parameter) with the hyper-parameters translated so that they compute PyTorch's
 *       rule: Adam gets the rate α·√(1 − β2^t)/(1 − β1^t) and ε·√(1 − β2^t) at step t; the
 *       momentum buffer u = α·v is rescaled by α_new/α_old when the rate changes. Measured here
 *       Adam steps about 20% faster this way (0.81–0.87 s against 1.0–1.1 s per 938 steps of
 *       784-128-10 at batch 64); SGD the same within noise.</li>
 * </ul>
 * Both zero each gradient after using it, as DJL's {@code Optimizer.update} does: libtorch's
 * autograd adds into {@code .grad} and nothing else clears it.
 */
final class PyTorchOptimizer implements AutoCloseable {
    private final OptimizerKind kind;
    private final boolean fused;
    private final float momentum;
    private final float weightDecay;
    private final List<Parameter> params;
    private final NDManager state;          // velocities / moments, freed by close()
    private final List<NDArray> first = new ArrayList<>();   // momentum (v, or α·v fused), or Adam's m; per parameter
    private final List<NDArray> second = new ArrayList<>();  // Adam's v
    private double lr;
    private int t;

    PyTorchOptimizer(TrainConfig config, List<Parameter> params, NDManager parent, boolean fused) {
        this.kind = config.optimizer();
        this.fused = fused;
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

    void setLearningRate(double newLr) {
        if (fused && kind == OptimizerKind.SGD && momentum != 0f && newLr != lr) {
            for (NDArray u : first) u.muli((float) (newLr / lr)); // keep u = α·v for the new α
        }
        this.lr = newLr;
    }

    double learningRate() {
        return lr;
    }

    /** Steps taken (Adam's t). */
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
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i).getArray();
            NDArray dW = w.getGradient();
            dW.attach(scope); // the wrapper DJL made for the gradient, not the gradient itself
            if (fused) {
                fusedStep(i, w, dW, bc1, bc2);
            } else {
                plainStep(i, w, dW, bc1, bc2, scope);
                dW.subi(dW);
            }
        }
    }

    /** The formulas of the class comment, one NDArray operation each. */
    private void plainStep(int i, NDArray w, NDArray dW, double bc1, double bc2, NDManager scope) {
        float a = (float) lr;
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
    }

    /** libtorch's update kernels (DJL's), with PyTorch's rule obtained through the arguments; they zero the gradient. */
    private void fusedStep(int i, NDArray w, NDArray dW, double bc1, double bc2) {
        NDArrayEx ex = w.getNDArrayInternal();
        float noRescale = 1f, noClip = -1f;
        switch (kind) {
            // u ← μ·u + α·(dW + wd·W);  W ← W − u
            case SGD -> ex.sgdUpdate(momentum == 0f ? new NDList(w, dW) : new NDList(w, dW, first.get(i)), new NDList(w),
                    (float) lr, weightDecay, noRescale, noClip, momentum, true);
            // W ← W − α·√bc2/bc1 · m / (√v + ε·√bc2)  =  W − α/bc1 · m / (√v/√bc2 + ε)
            case ADAM -> ex.adamUpdate(new NDList(w, dW, first.get(i), second.get(i)), new NDList(w),
                    (float) lr, (float) (lr * Math.sqrt(bc2) / bc1), weightDecay, noRescale, noClip,
                    (float) Adam.BETA1, (float) Adam.BETA2, (float) (Adam.EPS * Math.sqrt(bc2)), true, false);
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
        String rules = fused ? " [PyTorch rules, libtorch update kernels]" : " [PyTorch rules]";
        return switch (kind) {
            case SGD -> "SGD(lr=" + lr + ", momentum=" + momentum + ", weight_decay=" + weightDecay + ")" + rules;
            case ADAM -> "Adam(lr=" + lr + ", betas=(0.9, 0.999), eps=1e-08, weight_decay=" + weightDecay + ")" + rules;
        };
    }
}
