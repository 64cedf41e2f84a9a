package nnworkshop.scratch;

import nnworkshop.train.Evaluation;
import nnworkshop.train.Metrics;
import nnworkshop.train.Synthetic;
import nnworkshop.util.Seeds;
import static nnworkshop.tensor.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Dense;
import nnworkshop.nn.Init;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Matrix;

class EvaluatorTest {

    /** A model that always predicts class 0: zero weights, bias favouring output 0. */
    private static Sequential alwaysZero() {
        Sequential m = ModelSpec.parse("", null, "relu", 16, 4).build(Init.HE, Seeds.init(1));
        Dense d = m.denseLayers().get(0);
        d.weight().value().fill(0f);
        d.bias().value().fill(0f);
        d.bias().value().set(0, 0, 1f);
        return m;
    }

    @Test
    void evaluationCoversEverySampleNotOneBatch() {
        int[] labels = new int[2500];
        for (int i = 1000; i < 2500; i++) labels[i] = 1 + i % 3; // only the first batch of 1000 is class 0
        Dataset data = Synthetic.withLabels("mixed", labels, 1);
        Evaluator ev = new Evaluator(alwaysZero(), Normalization.UNIT);
        Evaluation e = ev.evaluate(data, LossKind.CROSS_ENTROPY);
        assertEquals(2500, e.count());
        assertEquals(2500, e.predictions().length);
        assertEquals(0.4, e.accuracy(), 0.0); // 1000 / 2500; one batch would say 1.0
        // loss: logits (1, 0, 0, 0) for every sample
        double lse = Math.log(Math.E + 3);
        assertClose(e.loss(), 0.4 * (lse - 1) + 0.6 * lse, 1e-6, 0);
        assertEquals(0.4, Metrics.accuracy(ev.predict(data), Metrics.labels(data)), 0.0);
    }

    @Test
    void outputsAndProbabilitiesForAllSamplesMatchOneAtATime() {
        Dataset data = Synthetic.quadrants("q", 23, 9);
        Sequential m = ModelSpec.parse("5", null, "tanh", 16, 4).build(Init.PYTORCH, Seeds.init(3));
        Evaluator ev = new Evaluator(m, Normalization.UNIT, 10); // batches of 10, 10, 3
        Matrix out = ev.outputs(data);
        assertEquals("(23, 4)", out.shape());
        float[] x = new float[16];
        for (int i : new int[] {0, 9, 10, 22}) {
            Normalization.UNIT.gather(data, new int[] {i}, 0, 1, x);
            float[] one = m.forward(Matrix.wrap(x, 1, 16)).toArray();
            assertArrayEquals(one, java.util.Arrays.copyOfRange(out.data(), i * 4, i * 4 + 4), "sample " + i);
        }
        Matrix p = ev.probabilities(data);
        for (int i = 0; i < 23; i++) {
            double s = 0;
            for (int j = 0; j < 4; j++) s += p.get(i, j);
            assertClose(s, 1, 1e-6, 0);
        }
        int[] pred = ev.predict(data);
        assertEquals(23, pred.length);
    }
}
