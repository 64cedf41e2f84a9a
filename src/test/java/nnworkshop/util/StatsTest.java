package nnworkshop.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Stats.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}));
        assertTrue(Double.isNaN(Stats.median(new double[0])));
    }

    @Test
    void medianAfterFirstLeavesTheWarmUpOut() {
        assertEquals(2.0, Stats.medianAfterFirst(new double[] {9, 2, 1, 3}));
        assertEquals(1.5, Stats.medianAfterFirst(new double[] {9, 2, 1}));
        assertEquals(9.0, Stats.medianAfterFirst(new double[] {9}));
        assertTrue(Double.isNaN(Stats.medianAfterFirst(new double[0])));
    }

    @Test
    void theInputIsNotModified() {
        double[] v = {3, 1, 2};
        Stats.median(v);
        assertArrayEquals(new double[] {3, 1, 2}, v);
    }
}
