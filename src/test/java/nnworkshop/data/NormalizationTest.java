package nnworkshop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalizationTest {
    @Test
    void unitScalingAndStandardisation() {
        assertEquals(0f, Normalization.UNIT.apply(0));
        assertEquals(1f, Normalization.UNIT.apply(255));
        Normalization n = new Normalization(0.1307f, 0.3081f);
        assertEquals((1f - 0.1307f) / 0.3081f, n.apply(255), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new Normalization(0f, 0f));
    }

    @Test
    void gatherMatchesApplyRowByRow() {
        Dataset d = new Dataset("d", 3, 1, 2, new byte[] {0, (byte) 255, 10, 20, (byte) 128, 1}, new byte[] {0, 1, 2});
        Normalization n = new Normalization(0.5f, 0.25f);
        float[] dst = new float[2 * 2];
        n.gather(d, new int[] {2, 0}, 0, 2, dst);
        float[] expected = {n.apply(128), n.apply(1), n.apply(0), n.apply(255)};
        for (int i = 0; i < 4; i++) assertEquals(expected[i], dst[i], 1e-6f);
        assertEquals(6, n.toFloats(d).length);
    }

    @Test
    void fitGivesMeanAndStdOfPixels() {
        // pixels 0 and 255 in equal numbers: mean 0.5, std 0.5 on the [0, 1] scale
        Dataset d = new Dataset("d", 2, 1, 2, new byte[] {0, (byte) 255, 0, (byte) 255}, new byte[] {0, 1});
        Normalization n = Normalization.fit(d);
        assertEquals(0.5f, n.mean(), 1e-6f);
        assertEquals(0.5f, n.std(), 1e-6f);
        assertArrayEquals(new float[] {-1f, 1f, -1f, 1f}, n.toFloats(d), 1e-6f);
    }
}
