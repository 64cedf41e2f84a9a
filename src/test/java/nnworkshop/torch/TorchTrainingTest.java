package nnworkshop.torch;

import static nnworkshop.tensor.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.optim.OptimizerKind;
import nnworkshop.tensor.Backend;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.util.Seeds;
import nnworkshop.train.Synthetic;
import nnworkshop.train.TrainConfig;
import nnworkshop.scratch.Trainer;

/** The torch training loop against the from-scratch loop: same batches, same figures. */
class TorchTrainingTest {
    static final ModelSpec SPEC = ModelSpec.withHidden(16, 4, Activation.RELU, 12);

    @Test
    void aWholeRunFollowsTheScratchRunStepByStep() {
        Dataset train = Synthetic.quadrants("train", 300, 1), val = Synthetic.quadrants("val", 100, 2);
        TrainConfig config = TrainConfig.builder().epochs(3).batch(32).optimizer(OptimizerKind.SGD).lr(0.1)
                .momentum(0.9).lrStep(2).lrGamma(0.5).build(); // 300 = 9·32 + 12: a partial last batch
        Sequential scratch = SPEC.build(Init.HE, Seeds.init(config.seed()));
        History expected = Trainer.fit(scratch, train, val, config, Backend.reference(), ProgressListener.SILENT);
        History actual;
        try (TorchMlp torch = TorchMlp.initialized(SPEC, Init.HE, Seeds.init(config.seed()))) {
            actual = TorchTraining.fit(torch, train, val, config, ProgressListener.SILENT);
            for (var e : scratch.stateDict().entrySet()) {
                assertClose(torch.stateDict().get(e.getKey()).data(), e.getValue().data(), 0, 1e-5);
            }
        }
        assertEquals(expected.stepsPerEpoch(), actual.stepsPerEpoch());
        assertEquals(30, actual.steps());
        float[] el = expected.stepLosses(), al = actual.stepLosses();
        for (int i = 0; i < el.length; i++) assertClose(al[i], el[i], 1e-4, 1e-6);
        assertEquals(3, actual.epochs().size());
        for (int e = 0; e < 3; e++) {
            History.Epoch x = expected.epochs().get(e), a = actual.epochs().get(e);
            assertEquals(x.epoch(), a.epoch());
            assertEquals(x.learningRate(), a.learningRate());
            assertClose(a.trainLoss(), x.trainLoss(), 1e-4, 1e-6);
            assertEquals(x.trainAccuracy(), a.trainAccuracy());
            assertClose(a.valLoss(), x.valLoss(), 1e-4, 1e-6);
            assertEquals(x.valAccuracy(), a.valAccuracy());
        }
        assertEquals(List.of(0.1, 0.1, 0.05), List.of(actual.learningRates()[0], actual.learningRates()[1],
                actual.learningRates()[2]));
        assertTrue(actual.last().valAccuracy() > 0.9, "learns the quadrants: " + actual.last());
    }

    @Test
    void theSameSeedReplaysTheSameRunExactly() {
        Dataset train = Synthetic.quadrants("train", 200, 5);
        TrainConfig config = TrainConfig.builder().epochs(2).batch(16).optimizer(OptimizerKind.ADAM).lr(1e-2).build();
        float[][] losses = new float[2][];
        List<java.util.Map<String, nnworkshop.tensor.Tensor>> weights = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (TorchMlp torch = TorchMlp.initialized(SPEC, Init.HE, Seeds.init(config.seed()))) {
                losses[run] = TorchTraining.fit(torch, train, null, config, ProgressListener.SILENT).stepLosses();
                weights.add(torch.stateDict());
            }
        }
        assertTrue(java.util.Arrays.equals(losses[0], losses[1]), "step losses differ between two runs");
        assertEquals(weights.get(0), weights.get(1));
    }

    @Test
    void theListenerHearsEveryStepAndEpoch() {
        List<String> heard = new ArrayList<>();
        ProgressListener l = new ProgressListener() {
            @Override public void onStart(TrainConfig c, int n, int steps) { heard.add("start " + n + " " + steps); }
            @Override public void onStep(int epoch, int step, int steps, double loss) { heard.add("step"); }
            @Override public void onEpochEnd(History.Epoch e, int epochs) { heard.add("epoch " + e.epoch()); }
            @Override public void onEnd(History h) { heard.add("end " + h.steps()); }
        };
        try (TorchMlp torch = TorchMlp.initialized(SPEC, Init.HE, Seeds.init(1))) {
            TorchTraining.fit(torch, Synthetic.quadrants("t", 40, 3), null, TrainConfig.builder().epochs(2).batch(16).build(), l);
        }
        assertEquals("start 40 3", heard.get(0));
        assertEquals(List.of("step", "step", "step", "epoch 1", "step", "step", "step", "epoch 2", "end 6"),
                heard.subList(1, heard.size()));
    }

    @Test
    void divergenceStopsWithTheScratchEnginesMessage() {
        TrainConfig config = TrainConfig.builder().epochs(3).batch(16).lr(1e4).build();
        String expected = assertThrows(WorkshopException.class, () -> Trainer.fit(SPEC.build(Init.HE, Seeds.init(42)),
                Synthetic.quadrants("t", 200, 4), null, config, Backend.reference(), ProgressListener.SILENT)).getMessage();
        try (TorchMlp torch = TorchMlp.initialized(SPEC, Init.HE, Seeds.init(42))) {
            WorkshopException e = assertThrows(WorkshopException.class,
                    () -> TorchTraining.fit(torch, Synthetic.quadrants("t", 200, 4), null, config, ProgressListener.SILENT));
            assertTrue(e.getMessage().startsWith("training diverged at step "), e.getMessage());
            assertTrue(e.getMessage().endsWith("try a smaller learning rate, e.g. --lr 1000"), e.getMessage());
            // the same step, as the runs are identical up to there
            assertEquals(expected.substring(0, expected.indexOf(':')), e.getMessage().substring(0, e.getMessage().indexOf(':')));
        }
    }

    @Test
    void dataThatDoNotFitTheModelAreClearErrors() {
        try (TorchMlp torch = TorchMlp.initialized(SPEC, Init.HE, Seeds.init(1))) {
            TrainConfig config = TrainConfig.builder().epochs(1).build();
            Dataset wide = new Dataset("wide", 2, 5, 5, new byte[50], new byte[2]);
            WorkshopException e = assertThrows(WorkshopException.class,
                    () -> TorchTraining.fit(torch, wide, null, config, ProgressListener.SILENT));
            assertTrue(e.getMessage().contains("25") && e.getMessage().contains("16"), e.getMessage());
            Dataset badLabel = new Dataset("bad", 1, 4, 4, new byte[16], new byte[] {7});
            e = assertThrows(WorkshopException.class,
                    () -> TorchTraining.fit(torch, badLabel, null, config, ProgressListener.SILENT));
            assertTrue(e.getMessage().contains("label 7"), e.getMessage());
        }
    }

    @Test
    void theThreadCountIsFixedForTheProcess() {
        TorchRuntime.engine();
        int running = TorchRuntime.threads();
        assertTrue(TorchRuntime.started() && running >= 1);
        TorchRuntime.start(running); // the same count: fine
        WorkshopException e = assertThrows(WorkshopException.class, () -> TorchRuntime.start(running + 1));
        assertTrue(e.getMessage().contains("fixed"), e.getMessage());
        assertTrue(TorchRuntime.startupSeconds() > 0);
        assertEquals("0.36.0", TorchRuntime.versions().get("djl"));
        assertEquals("2.7.1", TorchRuntime.versions().get("pytorch"));
        assertEquals("libtorch 2.7.1, " + running + (running == 1 ? " thread" : " threads"), TorchRuntime.describe());
    }
}
