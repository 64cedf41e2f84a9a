package nnworkshop.torch;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.util.Seeds;
import nnworkshop.train.TrainConfig;

/**
 * Run in a child JVM by {@link TorchOfflineTest}: starts the engine, trains a 784-32-10 network
 * for a few steps, saves it, loads it back and evaluates it — while recording every connection
 * Java is asked to open (a {@link ProxySelector} is consulted for each URL connection and each
 * plain socket). Prints one line and exits 0 when all went well with no connection attempted,
 * 3 when something tried to connect, 2 on a {@link WorkshopException} (its message printed).
 *
 * <p>{@code OfflineProbe start} only starts the engine (for the "cannot load libtorch" test);
 * {@code OfflineProbe control} first tries one connection itself, to show that the recording works.
 */
public final class OfflineProbe {
    private OfflineProbe() {}

    public static void main(String[] args) throws IOException {
        List<String> attempts = new CopyOnWriteArrayList<>();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                attempts.add(uri.toString());
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
        });
        try {
            if (args.length > 0 && args[0].equals("start")) {
                TorchRuntime.start(1);
                System.out.println("started " + TorchRuntime.describe());
                System.exit(0);
            }
            if (args.length > 0 && args[0].equals("control")) {
                try { // a documentation-only address (TEST-NET-1): fails at once in an empty namespace
                    new java.net.URL("http://192.0.2.1/").openConnection().connect();
                } catch (IOException expected) {
                    // the attempt is what counts
                }
            }
            ModelSpec spec = ModelSpec.withHidden(784, 10, Activation.RELU, 32);
            Dataset train = TorchMemoryTest.randomImages(256, 1);
            TrainConfig config = TrainConfig.builder().epochs(1).batch(64).build();
            History h;
            Path file = Files.createTempFile("offline-probe", ".safetensors");
            try (TorchMlp mlp = TorchMlp.initialized(spec, Init.HE, Seeds.init(1))) {
                h = TorchTraining.fit(mlp, train, null, config, ProgressListener.SILENT);
                ModelFile.save(file, spec, mlp.stateDict(), Normalization.UNIT, Map.of());
            }
            double accuracy;
            try (TorchModel m = TorchModel.load(file)) {
                accuracy = m.evaluate(train, m.normalization(), 100, LossKind.CROSS_ENTROPY).accuracy();
            } finally {
                Files.deleteIfExists(file);
            }
            if (!attempts.isEmpty()) {
                System.out.println("connections attempted: " + attempts);
                System.exit(3);
            }
            System.out.printf(Locale.ROOT, "ok: %s, %d steps, loss %.4f, accuracy %.3f, no connection attempted%n",
                    TorchRuntime.describe(), h.steps(), h.last().trainLoss(), accuracy);
            System.exit(0);
        } catch (WorkshopException e) {
            System.out.println(e.getMessage());
            System.exit(2);
        }
    }
}
