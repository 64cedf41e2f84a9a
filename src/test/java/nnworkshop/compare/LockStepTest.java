package nnworkshop.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import nnworkshop.WorkshopException;
import nnworkshop.data.DataStore;
import nnworkshop.data.Dataset;
import nnworkshop.data.DatasetKind;
import nnworkshop.data.Normalization;
import nnworkshop.data.Splits;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.Loss;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Tensor;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.TrainConfig;
import nnworkshop.scratch.Trainer;

/**
 * Lock-step parity on real MNIST batches: the workshop's network, 300 steps over three epochs of
 * 6,400 training images (so reshuffles are crossed), a checkpoint every 50 steps. Measured here the
 * largest relative Δloss is about 3e-7 and the largest relative Δgrad about 2e-6; the tolerances
 * (1e-6 and 1e-5) hold with that margin, and a perturbation of one weight on one side — a bias
 * moved by 1e-3, a first-layer weight by 0.05 — exceeds them (the check can fail).
 */
class LockStepTest {
    static final ModelSpec SPEC = ModelSpec.withHidden(784, 10, Activation.RELU, 128);
    static Dataset train;

    @BeforeAll
    static void data() {
        var mnist = DataStore.open(null, null).load(DatasetKind.MNIST);
        train = Splits.trainValidation(mnist.train(), 5000, 42).train().head(6400);
    }

    static TrainConfig config() {
        return TrainConfig.builder().epochs(3).build();
    }

    @Test
    void bothComputeTheSameLossAndGradientsAtEveryCheckpoint() {
        LockStep.Result r = LockStep.run(train, SPEC, Init.HE, config(), 2, 50, 300, s -> { });
        List<LockStep.Checkpoint> cps = r.checkpoints();
        assertEquals(6, cps.size()); // steps 0, 50, …, 250 of 0..299
        for (int i = 0; i < cps.size(); i++) {
            LockStep.Checkpoint c = cps.get(i);
            assertEquals(50 * i, c.step());
            assertTrue(c.relDLoss() <= LockStep.LOSS_TOLERANCE, () -> "loss at step " + c.step() + ": " + c);
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(c.relDGrad().keySet()));
            c.relDGrad().forEach((name, v) ->
                    assertTrue(v <= LockStep.GRAD_TOLERANCE, () -> name + " at step " + c.step() + ": " + v));
            assertTrue(c.scratchLoss() > 0.1 && c.scratchLoss() < 3, () -> "a real batch loss: " + c);
        }
        assertTrue(r.withinTolerance());
        assertEquals(300, r.stepLosses().length);
        assertTrue(cps.get(5).scratchLoss() < cps.get(0).scratchLoss() / 3, "it trained");
    }

    /** The lock-step's from-scratch side is the training loop itself: bit-identical losses, so the checkpoints are points of that very run. */
    @Test
    void theScratchSideReplaysTheTrainingLoopExactly() {
        LockStep.Result r = LockStep.run(train, SPEC, Init.HE, config(), 2, 100, 0, s -> { });
        History h;
        Sequential model = SPEC.build(Init.HE, nnworkshop.util.Seeds.init(config().seed()));
        try (Backend backend = Backend.fastest(2)) {
            h = Trainer.fit(model, train, null, config(), backend, ProgressListener.SILENT);
        }
        assertArrayEquals(h.stepLosses(), r.stepLosses());
        assertEquals(3, r.checkpoints().size()); // steps 0, 100, 200 of 300
    }

    /** One weight changed on PyTorch's side only: the differences jump far above the tolerances. */
    @Test
    void aPerturbedWeightOnOneSideIsCaught() {
        Sequential model = SPEC.build(Init.HE, new SplittableRandom(3));
        model.use(Backend.reference());
        int n = 64;
        Matrix x = new Matrix(n, 784);
        int[] order = new int[n], labels = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            labels[i] = train.label(i);
        }
        Normalization.UNIT.gather(train, order, 0, n, x.data());
        Loss loss = config().loss().create();
        double l = loss.forward(model.forward(x), labels);
        model.backward(loss.backward());
        try (LockStep lock = new LockStep(SPEC, config())) {
            LockStep.Checkpoint same = lock.compare(0, gradients(model), l, x.data(), labels, x.rows(), model.stateDict());
            assertTrue(same.relDLoss() <= LockStep.LOSS_TOLERANCE && same.maxRelDGrad() <= LockStep.GRAD_TOLERANCE, same::toString);

            LockStep.Checkpoint bias = lock.compare(0, gradients(model), l, x.data(), labels, x.rows(), perturbed(model, "2.bias", 3, 1e-3f));
            assertTrue(bias.relDLoss() > 10 * LockStep.LOSS_TOLERANCE, bias::toString);
            assertTrue(bias.relDGrad().get("2.bias") > 10 * LockStep.GRAD_TOLERANCE, bias::toString);

            LockStep.Checkpoint weight = lock.compare(0, gradients(model), l, x.data(), labels, x.rows(), perturbed(model, "0.weight", 5 * 784 + 14 * 28 + 14, 0.05f));
            assertTrue(weight.relDLoss() > LockStep.LOSS_TOLERANCE, weight::toString);
            assertTrue(weight.relDGrad().get("0.weight") > 10 * LockStep.GRAD_TOLERANCE, weight::toString);
        }
    }

    /** A copy of the model's weights with entry {@code i} of tensor {@code name} moved by {@code delta}. */
    static Map<String, Tensor> perturbed(Sequential model, String name, int i, float delta) {
        Map<String, Tensor> w = new LinkedHashMap<>(model.stateDict());
        Tensor t = w.get(name);
        float[] v = t.data().clone();
        v[i] += delta;
        w.put(name, new Tensor(t.shape(), v));
        return w;
    }

    @Test
    void aBadIntervalIsRefused() {
        WorkshopException e = assertThrows(WorkshopException.class,
                () -> LockStep.run(train, SPEC, Init.HE, config(), 2, 0, 10, s -> { }));
        assertTrue(e.getMessage().contains("positive interval"), e.getMessage());
    }

    private static Map<String, Tensor> gradients(Sequential model) {
        Map<String, Tensor> g = new java.util.LinkedHashMap<>();
        for (nnworkshop.tensor.Parameter p : model.parameters()) g.put(p.name(), new Tensor(p.shape(), p.grad().toArray()));
        return g;
    }
}
