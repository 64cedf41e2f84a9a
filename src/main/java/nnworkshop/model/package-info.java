/**
 * Saved models: the <a href="https://github.com/huggingface/safetensors">safetensors</a> file
 * format, so a model trained here (from scratch or through DJL) can be loaded in Python with
 * {@code safetensors.torch.load_file} — and the other way round.
 *
 * <ul>
 *   <li>{@link nnworkshop.model.ModelFile} — a whole model (architecture, normalisation, weights) as a safetensors file, with PyTorch's {@code nn.Sequential} tensor names ({@link nnworkshop.tensor.Tensor} is the array type);</li>
 *   <li>{@link nnworkshop.model.SafeTensors} — writes (atomically) and reads (validating every
 *       byte of the header, trusting nothing) a {@code .safetensors} file;</li>
 *   <li>{@link nnworkshop.model.SafeTensorsFile} — what was read: tensors in header order, plus
 *       the {@code __metadata__} strings.</li>
 * </ul>
 * Only {@code F32} tensors are supported. Nothing here uses Java serialization. A model whose
 * weights are NaN or infinite, or whose normalisation cannot be applied, is refused when loaded,
 * naming the tensor or field ({@link nnworkshop.model.ModelFile#load}); a file that is not a
 * regular file (a FIFO, a device) is never opened; and
 * {@link nnworkshop.model.ModelFile#requireOutputsCoverLabels} checks, before an evaluation, that
 * the model has an output for every label of the data.
 */
package nnworkshop.model;

import nnworkshop.tensor.Tensor;
