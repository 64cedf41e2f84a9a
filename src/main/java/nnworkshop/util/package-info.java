/**
 * Small shared helpers with no knowledge of neural networks.
 *
 * <ul>
 *   <li>Files, written so that nothing of the user's is lost: {@link nnworkshop.util.AtomicFiles}
 *       (write to a temporary, rename into place; only regular files are ever replaced),
 *       {@link nnworkshop.util.PartialFiles} (the temporaries' names, their removal on SIGINT or
 *       SIGTERM and the sweep of those a kill -9 left), {@link nnworkshop.util.FileKind} (what is at
 *       a path, found without opening it: a FIFO is never opened), {@link nnworkshop.util.ImageFiles}
 *       (PNGs encoded in memory), {@link nnworkshop.util.PathText} (paths in messages, control
 *       characters escaped), {@link nnworkshop.util.OutputPaths} (a command's outputs checked
 *       against each other and its inputs before any work starts);</li>
 *   <li>JSON, seeds, statistics, child JVMs.</li>
 * </ul>
 */
package nnworkshop.util;
