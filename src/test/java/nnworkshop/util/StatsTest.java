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

    /** A clock that a run of the work advances by the next of {@code steps} (nanoseconds). */
    private static final class FakeWork {
        final long[] steps;
        long now;
        int runs;

        FakeWork(long... steps) {
            this.steps = steps;
        }

        void run() {
            now += steps[Math.min(runs, steps.length - 1)];
            runs++;
        }
    }

    @Test
    void medianSecondsWarmsUpForTheTimeAndRunsAskedThenTimesTheRounds() {
        // 10 ms a run: a 0.1 s warm-up takes 10 runs; then 5 timed runs of 1, 2, 3, 50, 4 ms
        long ms = 1_000_000;
        long[] steps = new long[15];
        java.util.Arrays.fill(steps, 0, 10, 10 * ms);
        long[] timed = {1 * ms, 2 * ms, 3 * ms, 50 * ms, 4 * ms};
        System.arraycopy(timed, 0, steps, 10, 5);
        FakeWork w = new FakeWork(steps);
        double s = Stats.medianSeconds(0.1, 3, 5, w::run, () -> w.now);
        assertEquals(15, w.runs);
        assertEquals(0.003, s, 1e-12);

        // a minimum count of warm-up runs holds when the time has long passed
        FakeWork slow = new FakeWork(1000 * ms);
        Stats.medianSeconds(0.1, 4, 3, slow::run, () -> slow.now);
        assertEquals(7, slow.runs);

        // no warm-up asked: the rounds alone
        FakeWork none = new FakeWork(2 * ms);
        assertEquals(0.002, Stats.medianSeconds(0, 0, 3, none::run, () -> none.now), 1e-12);
        assertEquals(3, none.runs);
    }

    @Test
    void medianSecondsNeedsARound() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Stats.medianSeconds(0, 0, 0, () -> {}));
    }
}
