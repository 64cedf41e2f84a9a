/**
 * Part 4: the same MLP on real PyTorch (libtorch 2.7.1) through DJL, fully offline — the only
 * package that imports {@code ai.djl}.
 * <ul>
 *   <li>{@link nnworkshop.torch.TorchRuntime}: starts the engine offline, with a thread count fixed
 *       per process; versions for the run manifest; a one-line error when libtorch cannot load.</li>
 *   <li>{@link nnworkshop.torch.TorchMlp}: the network as a DJL {@code SequentialBlock}; weights in
 *       and out under PyTorch's state-dict names, so model files are shared with the from-scratch
 *       engine.</li>
 *   <li>{@link nnworkshop.torch.TorchEngine}: libtorch as an {@code train.Engine}, trained by the
 *       same loop as the from-scratch engine ({@code train.Training}), from the same initial weights
 *       on the same mini-batches; {@link nnworkshop.torch.TorchTrainer} is its step (autograd and
 *       PyTorch's update rules); {@link nnworkshop.torch.TorchTraining} the one-line run.</li>
 *   <li>{@link nnworkshop.torch.TorchModel}: inference over whole data sets, or a few images.</li>
 *   <li>{@link nnworkshop.torch.TorchBenchmark}: the bench figures, with the from-scratch bench's
 *       field names.</li>
 * </ul>
 * Shapes: N (batch), D (inputs), H (hidden), K (classes). Native memory is freed per step by
 * closing a sub-manager; models are {@code AutoCloseable}.
 */
package nnworkshop.torch;
