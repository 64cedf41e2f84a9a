/**
 * The workshop as Jupyter notebooks: the Java kernel's setup, the headless runner, the kernel's
 * start-up benchmark, and the few helpers the notebooks call.
 *
 * <ul>
 *   <li>{@link nnworkshop.notebook.KernelSetup} writes a Jupyter kernel spec inside the project
 *       ({@code target/jupyter/kernels/nn-workshop/kernel.json}) for the project's own kernel
 *       ({@link nnworkshop.kernel}), with the project's jar and dependencies on its classpath and the
 *       launcher's JVM flags.</li>
 *   <li>{@link nnworkshop.notebook.Jupyter} finds Jupyter ({@code $JUPYTER}, else {@code PATH}).</li>
 *   <li>{@link nnworkshop.notebook.KernelCheck} starts a kernel many times through Jupyter's own
 *       client and counts the starts that never answer.</li>
 *   <li>{@link nnworkshop.notebook.NotebookRunner} executes notebooks with {@code jupyter nbconvert},
 *       writes HTML copies, and names the notebook and cell of the first error.</li>
 *   <li>{@link nnworkshop.notebook.NotebookFiles} reads {@code .ipynb} files and checks or strips
 *       their outputs (the repository keeps them output-free).</li>
 *   <li>{@link nnworkshop.notebook.Nb} is what a notebook calls besides the library itself: quick
 *       mode, a chart as an image, the data store. It holds no second implementation of anything:
 *       the notebooks train, plot and explore with the very classes the CLI uses.</li>
 * </ul>
 */
package nnworkshop.notebook;
