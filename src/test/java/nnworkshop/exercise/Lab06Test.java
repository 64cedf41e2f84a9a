package nnworkshop.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.exercise.Checks.Status;
import nnworkshop.exercise.Checks.Verdict;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Matrix;
import nnworkshop.train.History;
import nnworkshop.train.TrainConfig;
import nnworkshop.util.Seeds;

/** Part 6's checks: right answers pass, the usual mistakes are named. */
class Lab06Test {
    static void says(Verdict v, Status s, String part) {
        assertEquals(s, v.status(), v.line());
        assertTrue(v.line().contains(part), v.line());
    }

    @Test
    void rowsIdentical() {
        says(Lab06.rowsIdentical(w -> { for (float[] r : w) if (!Arrays.equals(r, w[0])) return false; return true; }), Status.PASSED, "tells");
        says(Lab06.rowsIdentical(w -> Arrays.equals(w[0], w[1])), Status.FAILED, "last row differs");
        says(Lab06.rowsIdentical(w -> { throw new NotImplementedYet(); }), Status.NOT_IMPLEMENTED, "not implemented yet");
    }

    @Test
    void gap() {
        History h = new History(TrainConfig.defaults(), 1);
        h.addEpoch(new History.Epoch(1, 0.1, 0.99, 0.3, 0.9, 0.1, 1.0));
        says(Lab06.gap(x -> x.last().trainAccuracy() - x.last().valAccuracy(), h), Status.PASSED, "points");
        says(Lab06.gap(x -> x.last().valAccuracy() - x.last().trainAccuracy(), h), Status.FAILED, "sign is reversed");
    }

    @Test
    void epochsFor() {
        says(Lab06.epochsFor((s, b, n) -> (s + (n + b - 1) / b - 1) / ((n + b - 1) / b)), Status.PASSED, "six cases");
        says(Lab06.epochsFor((s, b, n) -> s * b / n), Status.FAILED, "⌈images / batch⌉");
    }

    @Test
    void weightImage() {
        says(Lab06.weightImage((w, u) -> { double[][] i = new double[28][28]; for (int r = 0; r < 28; r++) for (int c = 0; c < 28; c++) i[r][c] = w[u][r * 28 + c]; return i; }),
                Status.PASSED, "reshaped");
        says(Lab06.weightImage((w, u) -> { double[][] i = new double[28][28]; for (int r = 0; r < 28; r++) for (int c = 0; c < 28; c++) i[c][r] = w[u][r * 28 + c]; return i; }),
                Status.FAILED, "transposed");
    }

    @Test
    void predict() {
        Dataset test = Lab02TestData.digits("test", 50, 3);
        Sequential model = ModelSpec.parse("16", null, "relu", 784, 10).build(Init.HE, Seeds.init(1));
        Lab06.Predict right = (m, x) -> {
            int[] out = new int[1];
            Matrix.argmaxRows(m.forward(Matrix.wrap(x, 1, x.length)), out);
            return out[0];
        };
        says(Lab06.predict(right, model, test, Normalization.UNIT), Status.PASSED, "agrees");
        says(Lab06.predict((m, x) -> (right.apply(m, x) + 1) % 10, model, test, Normalization.UNIT), Status.FAILED, "disagrees");
    }
}
