package nnworkshop.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nnworkshop.data.DataStore;
import nnworkshop.data.DatasetKind;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.optim.OptimizerKind;
import nnworkshop.train.Experiment;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.Training;

/**
 * The first 100 step losses of three seeded runs on the real data, pinned bit for bit: any change
 * to the engine, the loop, the batches or the data split that changes one float shows here. The
 * expected values are those of {@code ./workshop train} with these options before the architecture
 * change of issue 11 (SHA-256 of the little-endian float32 losses), on 1 and 2 kernel threads:
 * <pre>
 *   mnist    --seed 42                                                  (SGD lr 0.1, 784-128-10 relu)
 *   fashion  --dataset fashion --seed 42
 *   adam     --seed 42 --optimizer adam --lr 0.001 --layers 784,256,128,10 --activation tanh
 * </pre>
 */
@Tag("slow")
class PinnedHistoryTest {

    @ParameterizedTest(name = "{0} on {1} threads")
    @CsvSource({
        "mnist,   1, 1075363270, 60c359e38ae9ebe62eb74990e072151182751c57c7129dd7776f3bde999bc410",
        "mnist,   2, 1075363270, 60c359e38ae9ebe62eb74990e072151182751c57c7129dd7776f3bde999bc410",
        "fashion, 1, 1075355132, fae20f823d81ef7970044cac35cd9c10b281838adc57361a3b5fcf321fec49d4",
        "fashion, 2, 1075355132, fae20f823d81ef7970044cac35cd9c10b281838adc57361a3b5fcf321fec49d4",
        "adam,    1, 1076325004, 7a2b94950f7a072ed5b535b9ef16798ff9e1cb5f09759e2c0d3c687d87081656",
        "adam,    2, 1076325004, 7a2b94950f7a072ed5b535b9ef16798ff9e1cb5f09759e2c0d3c687d87081656",
    })
    void theFirstHundredStepsAreTheSameFloats(String run, int threads, int firstLossBits, String sha256) throws Exception {
        DatasetKind kind = run.equals("fashion") ? DatasetKind.FASHION : DatasetKind.MNIST;
        Experiment exp = Experiment.prepare(DataStore.open(null, null), kind, 5000, 0, 42, false, line -> { });
        ModelSpec spec = run.equals("adam") ? ModelSpec.parse(null, "784,256,128,10", "tanh", 784, 10)
                : ModelSpec.parse(null, null, "relu", 784, 10);
        TrainConfig config = TrainConfig.builder().epochs(1).seed(42)
                .optimizer(run.equals("adam") ? OptimizerKind.ADAM : OptimizerKind.SGD)
                .lr(run.equals("adam") ? 0.001 : 0.1).build();
        History h;
        try (ScratchEngine engine = ScratchEngine.create(spec, Init.HE, config.seed(), threads)) {
            h = Training.fit(engine, exp.train(), exp.validation(), config, ProgressListener.SILENT, 100,
                    Training.StepObserver.NONE);
        }
        float[] losses = h.stepLosses();
        assertEquals(100, losses.length);
        assertEquals(firstLossBits, Float.floatToRawIntBits(losses[0]), "first loss " + losses[0]);
        ByteBuffer b = ByteBuffer.allocate(4 * losses.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float l : losses) b.putFloat(l);
        assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array())));
    }
}
