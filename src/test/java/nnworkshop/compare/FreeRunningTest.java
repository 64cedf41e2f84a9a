package nnworkshop.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import nnworkshop.data.DataStore;
import nnworkshop.data.DatasetKind;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.scratch.Trainer;
import nnworkshop.torch.TorchRuntime;
import nnworkshop.torch.TorchTraining;
import nnworkshop.train.Experiment;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.TrainingRun;

/**
 * Free-running parity on real MNIST: each implementation trains the workshop's network on its own
 * (10,000 training images, 3 epochs, from the same initial weights on the same batches). Through
 * the first epoch their step losses agree to float32 rounding (measured here: about 6e-7 at most,
 * against the expected bound of 1e-4), and their test accuracies within 0.5 percentage points
 * (measured: identical, 91.49% each). About 3 s.
 */
@Tag("slow")
class FreeRunningTest {

    @Test
    void bothTrainAlikeAndReachTheSameAccuracy() {
        Experiment exp = Experiment.prepare(DataStore.open(null, null), DatasetKind.MNIST, 5000, 10_000, 42, false, s -> { });
        ModelSpec spec = ModelSpec.withHidden(784, 10, Activation.RELU, 128);
        TrainConfig config = TrainConfig.builder().epochs(3).normalization(exp.normalization()).build();
        TrainingRun scratch = Trainer.run(exp, spec, Init.HE, config, 2, ProgressListener.SILENT);
        TrainingRun torch = TorchTraining.train(exp, spec, Init.HE, config, TorchRuntime.TRAIN_THREADS,
                ProgressListener.SILENT);

        Parity.FreeRunning f = Parity.freeRunning(scratch, torch);
        assertEquals(3 * 157, f.relDLoss().length); // ceil(10,000 / 64) steps per epoch
        assertEquals(157, f.stepsPerEpoch());
        assertTrue(f.firstEpochMax() <= Comparison.FIRST_EPOCH_BOUND, () -> "first epoch: " + f.firstEpochMax());
        assertTrue(f.median() <= 1e-5, () -> "median: " + f.median());
        assertTrue(Math.abs(f.testAccuracyDiffPp()) <= Comparison.ACCURACY_BOUND_PP,
                () -> scratch.summary() + " / " + torch.summary());
        assertEquals(100 * (scratch.testAccuracy() - torch.testAccuracy()), f.testAccuracyDiffPp(), 1e-12);
        assertTrue(scratch.testAccuracy() > 0.9 && torch.testAccuracy() > 0.9, () -> scratch.summary() + " / " + torch.summary());
    }
}
