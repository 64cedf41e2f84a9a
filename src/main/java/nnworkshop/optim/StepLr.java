package nnworkshop.optim;

/**
 * PyTorch's {@code StepLR(step_size, gamma)}, stepped once per epoch: the rate of epoch e
 * (0-based) is {@code lr · γ^floor(e / step)}; e.g. lr 0.1, step 5, γ 0.5 gives 0.1 for epochs
 * 0–4, 0.05 for 5–9, 0.025 for 10–14.
 */
public final class StepLr implements LrSchedule {
    private final double lr;
    private final int step;
    private final double gamma;

    public StepLr(double lr, int step, double gamma) {
        this.lr = Hyper.positive("learning rate", lr);
        if (step <= 0) throw Hyper.bad("learning-rate step", step, "a positive number of epochs");
        this.step = step;
        this.gamma = Hyper.positive("learning-rate gamma", gamma);
    }

    @Override
    public double learningRate(int epoch) {
        return lr * Math.pow(gamma, epoch / step);
    }

    @Override
    public String toString() { return "StepLR(lr=" + lr + ", step_size=" + step + ", gamma=" + gamma + ")"; }
}
