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
 * Only {@code F32} tensors are supported. Nothing here uses Java serialization.
 */
package nnworkshop.model;

import nnworkshop.tensor.Tensor;
