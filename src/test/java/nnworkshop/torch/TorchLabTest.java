package nnworkshop.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;

import nnworkshop.exercise.Checks.Status;
import nnworkshop.exercise.Checks.Verdict;
import nnworkshop.exercise.Lab02;
import nnworkshop.exercise.NotImplementedYet;

/** Part 4's checks: a right block and autograd step pass; a block without activation, a doubled gradient, a stub are named. */
class TorchLabTest {
    static TorchLab lab;

    @BeforeAll
    static void setUp() {
        lab = new TorchLab(new Lab02(nnworkshop.exercise.Lab02TestData.digits("train", 50, 1), nnworkshop.exercise.Lab02TestData.digits("test", 20, 2)));
    }

    static SequentialBlock block(int hidden, boolean relu) {
        SequentialBlock b = new SequentialBlock().add(Linear.builder().setUnits(hidden).build());
        if (relu) b.add(ai.djl.nn.Activation.reluBlock());
        return b.add(Linear.builder().setUnits(10).build());
    }

    static NDArray gradient(SequentialBlock block, NDArray x, NDArray y, int backwards) {
        for (int i = 0; i < backwards; i++) {
            try (GradientCollector c = TorchRuntime.engine().newGradientCollector()) {
                NDArray logits = block.forward(new ParameterStore(x.getManager(), false), new NDList(x), true).singletonOrThrow();
                c.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits)));
            }
        }
        return block.getChildren().get(0).getValue().getParameters().get("weight").getArray().getGradient();
    }

    static void says(Verdict v, Status s, String part) {
        assertEquals(s, v.status(), v.line());
        assertTrue(v.line().contains(part), v.line());
    }

    @Test
    void aRightBlockAndStepPass() {
        says(lab.block(h -> block(h, true)), Status.PASSED, "ReLU");
        says(lab.autograd((b, x, y) -> gradient(b, x, y, 1)), Status.PASSED, "agrees with the engine");
    }

    @Test
    void mistakesAreNamed() {
        says(lab.block(h -> block(h, false)), Status.FAILED, "activation between the two Linear layers is missing");
        says(lab.block(h -> block(10, true)), Status.FAILED, "should have hidden = 8");
        says(lab.autograd((b, x, y) -> gradient(b, x, y, 2)), Status.FAILED, "twice the gradient");
        says(lab.block(h -> { throw new NotImplementedYet(); }), Status.NOT_IMPLEMENTED, "not implemented yet");
        says(lab.autograd((b, x, y) -> { throw new NotImplementedYet(); }), Status.NOT_IMPLEMENTED, "not implemented yet");
    }
}
