package nnworkshop.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;

/**
 * A background task's chunks run exactly once per start: on a worker that takes them after the
 * next split job, else on the caller in finish(); a chunk's error reaches the caller either way.
 */
class BackgroundTaskTest {
    private static final int CHUNKS = 4;

    /** Counts the runs of each chunk and remembers the thread of its last run. */
    private static final class Recorder implements IntConsumer {
        final AtomicIntegerArray runs = new AtomicIntegerArray(CHUNKS);
        final AtomicReferenceArray<Thread> ranOn = new AtomicReferenceArray<>(CHUNKS);
        volatile RuntimeException fail;
        volatile int failChunk = -1;

        @Override
        public void accept(int c) {
            runs.incrementAndGet(c);
            ranOn.set(c, Thread.currentThread());
            if (c == failChunk) throw fail;
        }

        int total() {
            int t = 0;
            for (int c = 0; c < CHUNKS; c++) t += runs.get(c);
            return t;
        }

        void assertEachRan(int times) {
            for (int c = 0; c < CHUNKS; c++) assertEquals(times, runs.get(c), "chunk " + c);
        }

        void assertRanOn(Thread t, boolean same) {
            for (int c = 0; c < CHUNKS; c++) assertEquals(same, ranOn.get(c) == t, "chunk " + c + " ran on " + ranOn.get(c));
        }
    }

    /** Runs a small job on the pool, then waits (up to 10 s) until workers have run {@code n} chunks in all. */
    private static void jobThenWaitForWorkers(WorkerPool pool, Recorder r, int n) throws InterruptedException {
        pool.run(2, (chunk, thread) -> { });
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (r.total() < n && System.nanoTime() < deadline) Thread.sleep(1);
    }

    private static void startAndOffer(WorkerPool pool, BackgroundTask t) {
        t.start(CHUNKS);
        pool.offer(t, false);
    }

    @Test
    void notOfferedTheCallerRunsEveryChunkInFinish() {
        Recorder r = new Recorder();
        BackgroundTask t = new BackgroundTask(r);
        assertThrows(IllegalStateException.class, t::finish, "finish without start");
        t.start(CHUNKS);
        assertThrows(IllegalStateException.class, () -> t.start(CHUNKS), "started twice");
        assertEquals(0, r.total());
        t.finish();
        r.assertEachRan(1);
        r.assertRanOn(Thread.currentThread(), true);
        assertThrows(IllegalArgumentException.class, () -> t.start(0));
    }

    @Test
    void workersTakeTheChunksAfterTheNextJobAndFinishRunsNoneAgain() throws InterruptedException {
        try (WorkerPool pool = new WorkerPool(2, "bg-test")) {
            Recorder r = new Recorder();
            BackgroundTask t = new BackgroundTask(r);
            for (int round = 1; round <= 3; round++) {
                startAndOffer(pool, t);
                jobThenWaitForWorkers(pool, r, round * CHUNKS);
                r.assertEachRan(round);
                r.assertRanOn(Thread.currentThread(), false);
                t.finish();
                r.assertEachRan(round);
            }
        }
    }

    @Test
    void withoutAJobNoWorkerTakesAChunk() throws InterruptedException {
        try (WorkerPool pool = new WorkerPool(2, "bg-test")) {
            pool.run(2, (chunk, thread) -> { }); // a job before the offer does not count
            Recorder r = new Recorder();
            BackgroundTask t = new BackgroundTask(r);
            startAndOffer(pool, t);
            Thread.sleep(50); // a worker taking a chunk now would be wrong: it waits for the next job
            assertEquals(0, r.total());
            t.finish();
            r.assertEachRan(1);
            r.assertRanOn(Thread.currentThread(), true);
        }
    }

    @Test
    void offeredNowAParkedWorkerTakesItWithoutAJob() throws InterruptedException {
        try (WorkerPool pool = new WorkerPool(2, "bg-test")) {
            pool.run(2, (chunk, thread) -> { });
            Thread.sleep(50); // the worker has parked by now (it spins for 0.1 ms)
            Recorder r = new Recorder();
            BackgroundTask t = new BackgroundTask(r);
            t.start(CHUNKS);
            pool.offer(t, true);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (r.total() < CHUNKS && System.nanoTime() < deadline) Thread.sleep(1);
            r.assertEachRan(1);
            r.assertRanOn(Thread.currentThread(), false);
            t.finish();
            r.assertEachRan(1);
        }
    }

    @Test
    void aChunksErrorReachesTheCallerWhoeverRanIt() throws InterruptedException {
        try (WorkerPool pool = new WorkerPool(2, "bg-test")) {
            Recorder r = new Recorder();
            r.fail = new IllegalArgumentException("on the worker");
            r.failChunk = 2;
            BackgroundTask t = new BackgroundTask(r);
            startAndOffer(pool, t);
            jobThenWaitForWorkers(pool, r, CHUNKS);
            r.assertRanOn(Thread.currentThread(), false);
            assertEquals("on the worker", assertThrows(IllegalArgumentException.class, t::finish).getMessage());

            r.fail = new IllegalStateException("on the caller");
            startAndOffer(pool, t); // ready again after the failed finish
            assertEquals("on the caller", assertThrows(IllegalStateException.class, t::finish).getMessage());
            r.assertEachRan(2);
            r.failChunk = -1;
            startAndOffer(pool, t);
            t.finish();
            r.assertEachRan(3);
        }
    }

    @Test
    void aClosedPoolOrOneThreadLeavesTheChunksToTheCaller() {
        for (int threads : new int[] {1, 2}) {
            WorkerPool pool = new WorkerPool(threads, "bg-test");
            if (threads == 2) pool.close();
            Recorder r = new Recorder();
            BackgroundTask t = new BackgroundTask(r);
            startAndOffer(pool, t);
            if (threads == 1) pool.run(1, (chunk, thread) -> { }); // a job: no worker to take the chunks anyway
            t.finish();
            r.assertEachRan(1);
            r.assertRanOn(Thread.currentThread(), true);
            pool.close();
        }
    }

    @Test
    void thePoolForgetsAFinishedTask() {
        try (WorkerPool pool = new WorkerPool(2, "bg-test")) {
            BackgroundTask t = new BackgroundTask(c -> { });
            startAndOffer(pool, t);
            assertSame(t, pool.offeredTask());
            t.finish();
            assertNull(pool.offeredTask(), "the pool must not keep the caller's objects reachable");
        }
    }

    /**
     * Many rounds, each a start, a job, and a finish at once or after a while: every chunk of every
     * round ran exactly once, and wrote what that round asked for (no chunk of one round runs with
     * the next round's inputs or is lost at a restart).
     */
    @Test
    void everyChunkOfEveryRoundRunsOnceWithItsRoundsInputs() {
        int rounds = 3000, chunks = 8;
        int[] out = new int[chunks];
        int[] input = new int[1];
        AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
        BackgroundTask t = new BackgroundTask(c -> {
            out[c] = input[0] * 100 + c;
            runs.incrementAndGet(c);
        });
        try (WorkerPool pool = new WorkerPool(2, "bg-test")) {
            for (int round = 0; round < rounds; round++) {
                input[0] = round;
                t.start(chunks);
                pool.offer(t, false);
                pool.run(2, (chunk, thread) -> { });
                if (round % 3 == 0) for (long end = System.nanoTime() + 20_000; System.nanoTime() < end; ) Thread.onSpinWait();
                t.finish();
                int[] want = new int[chunks];
                for (int c = 0; c < chunks; c++) {
                    want[c] = round * 100 + c;
                    assertEquals(round + 1, runs.get(c), "round " + round + ", chunk " + c);
                }
                assertArrayEquals(want, out, "round " + round);
            }
        }
    }
}
