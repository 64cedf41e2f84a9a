package nnworkshop.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.data.Normalization;
import nnworkshop.util.Seeds;

/**
 * libtorch keeps to one intra-op thread on every thread that uses it, not only on the one that
 * started the engine. OpenMP's thread count is per calling thread, and a matrix product goes to
 * MKL before libtorch has set it there: before {@link TorchRuntime#onThisThread}, the first forward
 * pass on a new thread started a team of OpenMP workers (one per core), which then spun between
 * products (in the Lab's load benchmark, 36% of the process's CPU; a batch-64 forward pass on a new
 * thread took 6.6 ms instead of 0.49 ms on a busy machine). Counted here as the process's threads
 * (Linux: /proc/self/task) while the new thread is alive, after its forward passes; at batch 64,
 * where MKL would split the product.
 */
class TorchThreadsTest {

    @Test
    void aForwardPassOnANewThreadStartsNoOpenMpWorkers() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "with one core OpenMP would start no workers anyway");
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "counts the threads of a Linux process");
        TorchRuntime.start(TorchRuntime.TRAIN_THREADS);
        ModelSpec spec = ModelSpec.withHidden(784, 10, Activation.RELU, 128);
        try (TorchMlp mlp = TorchMlp.initialized(spec, Init.HE, Seeds.init(1));
             TorchModel view = TorchModel.view(mlp, Normalization.UNIT)) {
            float[] x = new float[64 * 784];
            for (int i = 0; i < x.length; i++) x[i] = (i % 7) / 7f;
            view.logits(x, 64); // this thread is warm: its own count is set, libtorch is loaded
            AtomicReference<Object> grown = new AtomicReference<>();
            int before = threads();
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < 20; i++) view.logits(x, 64);
                    grown.set(threads() - before - 1); // less this thread itself
                } catch (Throwable e) {
                    grown.set(e);
                }
            }, "torch-threads-test");
            t.start();
            t.join();
            if (grown.get() instanceof Throwable e) throw new AssertionError(e);
            assertEquals(0, grown.get(), "threads started by 20 forward passes on a new thread (OpenMP workers)");
        }
    }

    private static int threads() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/task"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
