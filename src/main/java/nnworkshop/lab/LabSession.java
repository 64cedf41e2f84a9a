package nnworkshop.lab;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import nnworkshop.compare.Impl;
import nnworkshop.model.ModelFile;
import nnworkshop.train.Engine;
import nnworkshop.train.Experiment;

/**
 * What one Lab holds while it runs: MNIST (training and validation splits for "Train live", the
 * test set for "show me a test digit"), the two drawing models (one per engine, replaced when a
 * live training completes), the thread counts, and the one folder it writes to.
 */
final class LabSession implements AutoCloseable {
    private final Experiment experiment;
    private final Path outDir;
    private final int scratchThreads, torchThreads;
    private final Map<Impl, AtomicReference<LiveModel>> models = new EnumMap<>(Impl.class);
    private final AtomicInteger versions = new AtomicInteger();

    LabSession(Experiment experiment, Path outDir, int scratchThreads, int torchThreads) {
        this.experiment = experiment;
        this.outDir = outDir;
        this.scratchThreads = scratchThreads;
        this.torchThreads = torchThreads;
        for (Impl i : Impl.values()) models.put(i, new AtomicReference<>());
    }

    Experiment experiment() { return experiment; }

    Path outDir() { return outDir; }

    /** Threads an engine trains on ({@code --threads}, {@code --torch-threads}). */
    int threads(Impl impl) { return impl == Impl.SCRATCH ? scratchThreads : torchThreads; }

    /** The drawing model of {@code impl}, or null before one is set. */
    LiveModel model(Impl impl) { return models.get(impl).get(); }

    /**
     * Makes {@code m} (opened in {@code impl}'s engine) the drawing model of {@code impl}; the one it
     * replaces answers what it was asked, then frees its engine.
     */
    void replace(Impl impl, ModelFile.Loaded m, String source, Double testAccuracy) {
        // inference runs a batch at a time on one worker: one kernel thread (libtorch's count is the process's)
        Engine e = impl.open(m, impl == Impl.SCRATCH ? 1 : torchThreads);
        if (testAccuracy == null && m.metadata().containsKey("test_accuracy")) {
            try {
                testAccuracy = Double.parseDouble(m.metadata().get("test_accuracy"));
            } catch (NumberFormatException ignored) {
                // shown as unknown
            }
        }
        LiveModel old = models.get(impl).getAndSet(new LiveModel(impl.id(), e, m.normalization(), source,
                versions.incrementAndGet(), testAccuracy));
        if (old != null) old.close();
    }

    @Override
    public void close() {
        for (AtomicReference<LiveModel> r : models.values()) {
            LiveModel m = r.getAndSet(null);
            if (m != null) {
                m.close();
                try {
                    m.awaitClosed();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
