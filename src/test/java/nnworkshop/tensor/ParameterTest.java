package nnworkshop.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * A parameter with a transposed working copy (a first layer on the fast kernels): whatever is
 * written where — a gradient by the backward pass into the copy's layout, an update by an
 * optimizer, a value or gradient written through the PyTorch-layout views — every view shows it.
 */
class ParameterTest {

    @Test
    void theViewsStayConsistentWhateverIsWrittenWhere() {
        Parameter p = new Parameter("0.weight", new int[] {2, 3}, Matrix.of(new float[][] {{1, 2, 3}, {4, 5, 6}}));
        p.useTransposedCopy();
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, java.util.Arrays.copyOf(p.valueT(), 6));
        // a backward pass writes dWᵀ; an SGD step with α = 1 on the working copy shows in value()
        float[] g = p.gradTForWrite();
        for (int i = 0; i < 6; i++) g[i] = i;              // dWᵀ
        p.sgdStep(1f, 0f);                                  // Wᵀ ← Wᵀ − dWᵀ
        assertArrayEquals(new float[] {1, 0, -1, 3, 2, 1}, p.value().toArray()); // (1,4,2,5,3,6) − (0..5), transposed
        assertArrayEquals(new float[] {0, 2, 4, 1, 3, 5}, p.grad().toArray());
        // a write through value() shows in the working copy
        p.value().set(1, 2, 60f);
        assertArrayEquals(new float[] {1, 0, -1, 3, 2, 60}, transposeBack(p.valueT()));
        // a gradient written through grad() reaches the optimizer
        p.grad().set(0, 1, 9f);                             // dW = (0, 9, 4; 1, 3, 5)
        p.sgdStep(1f, 0f);
        assertArrayEquals(new float[] {1, -9, -5, 2, -1, 55}, p.value().toArray());
    }

    @Test
    void theStepLayoutIsFixedAtTheFirstStep() {
        Parameter p = new Parameter("0.weight", new int[] {2, 3}, Matrix.of(new float[][] {{1, 2, 3}, {4, 5, 6}}));
        float[] velocity = p.newState();
        p.grad().fill(1f);
        p.momentumStep(velocity, 0.5f, 0.9f, 0f);           // plain layout: v = g, W ← W − 0.5·v
        p.useTransposedCopy();                              // too late for the update rule's layout
        p.grad().set(0, 2, 3f);                             // dW = (1, 1, 3; 1, 1, 1)
        p.momentumStep(velocity, 0.5f, 0.9f, 0f);           // v = 0.9·1 + g
        assertArrayEquals(new float[] {0.5f - 0.95f, 1.5f - 0.95f, 2.5f - 1.95f, 3.5f - 0.95f, 4.5f - 0.95f,
                5.5f - 0.95f}, p.value().toArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> p.momentumStep(new float[5], 0.1f, 0.9f, 0f),
                "a state of the wrong size");
    }

    private static float[] transposeBack(float[] t) { // (3, 2) -> (2, 3)
        float[] out = new float[6];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) out[i * 3 + j] = t[j * 2 + i];
        return out;
    }
}
