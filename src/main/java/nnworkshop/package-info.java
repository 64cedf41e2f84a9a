/**
 * nn-workshop: a five-part neural-networks practical workshop in Java.
 *
 * <p>Packages, with dependencies pointing one way ({@code cli → report/explore → train → nn/optim →
 * tensor}; {@code data} is used by {@code train}, {@code explore} and {@code cli}):
 * <ul>
 *   <li>{@code data} — IDX reading, fetching and verifying MNIST/Fashion-MNIST, splits, normalisation;</li>
 *   <li>{@code tensor}, {@code tensor.kernel} — the float32 matrix and the only loops over raw arrays;</li>
 *   <li>{@code nn} — activations, layers, losses, the sequential model (forward and backward side by side);</li>
 *   <li>{@code optim} — optimizers and learning-rate schedules;</li>
 *   <li>{@code train} — the training loop, history, metrics, gradient checking;</li>
 *   <li>{@code explore} — Part 3's statistics of a dataset;</li>
 *   <li>{@code report} — charts (JFreeChart) and images written as PNG;</li>
 *   <li>{@code cli} — picocli commands: parse, call one function, print.</li>
 * </ul>
 * {@link nnworkshop.WorkshopException} is the one error type that reaches a user as a single line.
 */
package nnworkshop;
