package nnworkshop.torch;

import java.util.Locale;

import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.util.Seeds;

/**
 * {@code doctor}'s libtorch check, run in a JVM of its own (a damaged native library may take the
 * process down with it): starts the engine offline, runs the workshop's network once on one image,
 * and prints one line {@code ok STARTUP_S FORWARD_S LIBTORCH_VERSION}, or {@code error MESSAGE} and
 * exit code 2.
 */
public final class TorchCheck {
    private TorchCheck() {}

    public static void main(String[] args) {
        nnworkshop.util.Console.useUtf8WhereNeeded();
        try {
            TorchRuntime.start(TorchRuntime.TRAIN_THREADS);
            ModelSpec spec = ModelSpec.withHidden(784, 10, Activation.RELU, ModelSpec.DEFAULT_HIDDEN);
            double forward;
            try (TorchModel m = TorchModel.of(spec, spec.build(Init.HE, Seeds.init(Seeds.DEFAULT)).stateDict(), Normalization.UNIT)) {
                long t0 = System.nanoTime();
                m.logits(new float[784], 1);
                forward = (System.nanoTime() - t0) / 1e9;
            }
            System.out.printf(Locale.ROOT, "ok %.3f %.4f %s%n", TorchRuntime.startupSeconds(), forward,
                    TorchRuntime.versions().getOrDefault("pytorch", "?"));
        } catch (LinkageError | RuntimeException e) {
            System.out.println("error " + String.valueOf(e.getMessage()).replace('\n', ' '));
            System.exit(2);
        }
    }
}
