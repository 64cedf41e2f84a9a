package nnworkshop.scratch;

import nnworkshop.train.Experiment;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.TrainingRun;
import nnworkshop.util.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import nnworkshop.data.DataStore;
import nnworkshop.data.DatasetKind;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;

/**
 * The engine learns real MNIST as well as the workshop promises: the default configuration
 * (784-128-10 ReLU, He init, SGD lr 0.1, batch 64) reaches ≥ 97.0% test accuracy in 10 epochs
 * (NumPy, same configuration: 97.4%), and the README's recipe reaches ≥ 98.0%.
 */
@Tag("slow")
class MnistAccuracyTest {
    private static Experiment mnist;

    @BeforeAll
    static void load() {
        mnist = Experiment.prepare(DataStore.open(null, null), DatasetKind.MNIST, 5000, 0, Seeds.DEFAULT, false, line -> { });
        assertEquals(55_000, mnist.train().count());
        assertEquals(10_000, mnist.test().count());
    }

    @Test
    void defaultConfigurationReaches97Percent() {
        TrainConfig config = TrainConfig.defaults();
        ModelSpec spec = ModelSpec.parse(null, null, "relu", 784, 10);
        TrainingRun run = Trainer.run(mnist, spec, Init.HE, config, 2, ProgressListener.SILENT);
        assertEquals(10, run.history().epochs().size());
        assertTrue(run.testAccuracy() >= 0.970, "test accuracy " + run.testAccuracy());
        assertTrue(run.history().last().valAccuracy() >= 0.965, "validation accuracy " + run.history().last().valAccuracy());
    }

    /** The README's recipe: --hidden 512 --momentum 0.9 --lr 0.05 --lr-step 4 --lr-gamma 0.2. */
    @Test
    void recommendedRecipeReaches98Percent() {
        TrainConfig config = TrainConfig.defaults().toBuilder()
                .momentum(0.9).lr(0.05).lrStep(4).lrGamma(0.2).build();
        ModelSpec spec = ModelSpec.parse("512", null, "relu", 784, 10);
        TrainingRun run = Trainer.run(mnist, spec, Init.HE, config, 2, ProgressListener.SILENT);
        assertTrue(run.testAccuracy() >= 0.980, "test accuracy " + run.testAccuracy());
    }
}
