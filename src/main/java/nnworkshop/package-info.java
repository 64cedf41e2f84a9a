/**
 * nn-workshop: a five-part neural-networks practical workshop in Java.
 *
 * <p>Packages, with dependencies pointing one way ({@code cli → compare → {scratch, torch} → train →
 * nn/optim → tensor → tensor.kernel}; {@code report}, {@code explore} and {@code notebook} beside
 * {@code compare}; {@code data}, {@code model} and {@code util} below them all). See ARCHITECTURE.md.
 * <ul>
 *   <li>{@code data} — IDX reading, fetching and verifying MNIST/Fashion-MNIST, splits, normalisation;</li>
 *   <li>{@code tensor} — the float32 matrix, parameters and their update rules, the backend that runs a
 *       layer's products; {@code tensor.kernel} — the only loops over raw arrays (plain and fast);</li>
 *   <li>{@code nn} — activations, layers, losses, the sequential model (forward and backward side by side);</li>
 *   <li>{@code optim} — optimizers and learning-rate schedules;</li>
 *   <li>{@code train} — engine-neutral: the engine interface, the one training loop, history, metrics;</li>
 *   <li>{@code scratch} — the from-scratch engine (batches, replica evaluation, warm-up, gradient check, bench);</li>
 *   <li>{@code torch} — the same model on libtorch through DJL (the only package importing DJL);</li>
 *   <li>{@code compare} — Part 5: lock-step and free-running comparisons, the child worker JVM;</li>
 *   <li>{@code model} — model files (safetensors); {@code util} — seeds, JSON, atomic files, stats;</li>
 *   <li>{@code notebook} — the notebooks' kernel set-up and runner;</li>
 *   <li>{@code explore} — Part 3's statistics of a dataset;</li>
 *   <li>{@code report} — charts (JFreeChart) and images written as PNG;</li>
 *   <li>{@code cli} — picocli commands: parse, call one function, print.</li>
 * </ul>
 * {@link nnworkshop.WorkshopException} is the one error type that reaches a user as a single line.
 */
package nnworkshop;
