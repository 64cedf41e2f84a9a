package nnworkshop.train;

import java.util.Map;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Tensor;

/**
 * One implementation of the workshop's network — the from-scratch engine or libtorch — as the
 * training loop ({@link Training}) sees it: set the learning rate, take one step on a batch,
 * evaluate, parameters in and out. The loop does everything else (epochs, the schedule, the
 * shuffles, the divergence check, validation, the {@link History}, progress) once for both.
 * <pre>
 *   prepare(config, train, validation)        buffers, the loss, the optimizer (once, before the clock)
 *   for each epoch:  setLearningRate(α)
 *       for each batch:  L = computeGradients(batch)     forward, loss, backward: dW for every W
 *                        update()                        W ← update(W, dW)
 *       evaluate(validation, …)
 * </pre>
 * An engine holds native memory or threads: close it.
 */
public interface Engine extends AutoCloseable {

    /** "scratch" or "torch", as in {@link TrainingRun#impl()}. */
    String id();

    /** What computes, e.g. "vector-256, 2 threads" or "libtorch 2.7.1 (cpu, 1 intra-op thread)". */
    String describe();

    /** The threads it computes on: the kernels' for the from-scratch engine, libtorch's intra-op threads for torch. */
    int threads();

    /** The network's shape. */
    ModelSpec spec();

    /**
     * Gets ready to train with {@code config} on batches of {@code train} (and to validate on
     * {@code validation}, which may be null): sizes buffers, makes the loss and the optimizer.
     * Called by the loop once, before its first epoch's clock starts.
     */
    void prepare(TrainConfig config, Dataset train, Dataset validation);

    /** α for the next steps (the loop sets it at each epoch's start, from the schedule). */
    void setLearningRate(double lr);

    /**
     * Forward, loss and backward on {@code batch}: returns the batch's mean loss; every parameter's
     * gradient is then set, the weights not yet updated (a lock-step comparison looks in between).
     */
    double computeGradients(MiniBatch batch);

    /** The predicted class of each sample of the last {@link #computeGradients} batch, from its logits before the update. */
    void predictions(int[] out);

    /** W ← update(W, dW) for every parameter, from the last {@link #computeGradients}. */
    void update();

    /** Mean loss, accuracy and every prediction over the whole of {@code data}, in batches of {@code batch}. */
    Evaluation evaluate(Dataset data, Normalization normalization, int batch, LossKind loss);

    /** Logits (n, K) of {@code n} normalised inputs x (n, D), row-major. */
    Matrix logits(float[] x, int n);

    /** A copy of the parameters by PyTorch state-dict name ("0.weight" (H, D), "0.bias" (H), …). */
    Map<String, Tensor> stateDict();

    /** Copies values into the parameters (the names and shapes of {@link #stateDict()}). */
    void loadStateDict(Map<String, Tensor> state);

    /** A copy of the gradients of the last {@link #computeGradients}, by state-dict name. */
    Map<String, Tensor> gradients();

    /** Frees what the engine holds. */
    @Override
    void close();
}
