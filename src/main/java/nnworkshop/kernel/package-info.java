/**
 * The notebooks' Java kernel, a process of its own that Jupyter starts through
 * {@code target/jupyter/kernels/nn-workshop/kernel.json} ({@link nnworkshop.notebook.KernelSetup}).
 *
 * <ul>
 *   <li>{@link nnworkshop.kernel.KernelMain} is the process's entry point; {@link nnworkshop.kernel.WorkshopKernel}
 *       speaks Jupyter's protocol on top of {@code org.dflib.jjava:jjava-jupyter} (its five ZeroMQ
 *       channels, messages and display data), in an order that lets every start answer.</li>
 *   <li>{@link nnworkshop.kernel.CellEvaluator} runs the cells with JShell over the project's classpath;
 *       {@link nnworkshop.kernel.CellExecutionControl} runs JShell's snippets in the kernel's JVM (so a
 *       cell's value is the object itself) and stops them on an interrupt.</li>
 *   <li>{@link nnworkshop.kernel.CellError} is an error as the notebook shows it, naming the cell's line.</li>
 *   <li>{@link nnworkshop.kernel.Display} is what a cell may call to show a figure before its end.</li>
 * </ul>
 */
package nnworkshop.kernel;
