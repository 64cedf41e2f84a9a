package nnworkshop.lab;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import nnworkshop.data.Dataset;
import nnworkshop.util.ProcessMemory;

/**
 * {@code ./workshop lab --bench}: {@code clients} concurrent clients on loopback, each sending
 * {@code POST /api/predict} with a real MNIST test digit as pixels and waiting for the answer
 * (both models), for {@code seconds}; prints predictions/s, p50/p99/max latency, errors and the
 * process's resident memory before and after. The clients run in the server's process (so its RSS
 * includes theirs: a few MB of buffers) and share its cores: the figures are a lower bound.
 */
public final class LoadBenchmark {
    /** What was measured. */
    public record Result(int clients, double seconds, long requests, long errors, double perSecond,
                         double p50Ms, double p99Ms, double maxMs, double rssBeforeMb, double rssAfterMb) {
        public String text() {
            return String.format(Locale.ROOT, "lab bench: %d clients for %.1f s: %,d predictions (%,.0f/s), latency p50 %.2f ms, "
                    + "p99 %.2f ms, max %.1f ms, %d errors; resident memory %.0f MB before, %.0f MB after (%+.0f MB)",
                    clients, seconds, requests, perSecond, p50Ms, p99Ms, maxMs, errors, rssBeforeMb, rssAfterMb, rssAfterMb - rssBeforeMb);
        }
    }

    /** Most concurrent clients (each is a thread and a connection). */
    public static final int MAX_CLIENTS = 1024;
    /** Most measured requests of one run. */
    public static final long MAX_REQUESTS = 100_000_000L;

    private LoadBenchmark() {}

    /**
     * Runs the benchmark against {@code lab}: {@code warmupSeconds} of load first, not counted, then
     * {@code seconds} of load, or exactly {@code requests} predictions if that is positive (within
     * {@code seconds} at most). A progress line every 10 s.
     */
    public static Result run(Lab lab, Dataset test, int clients, double seconds, long requests, double warmupSeconds,
                             PrintWriter out) throws InterruptedException {
        byte[][] bodies = new byte[64][];
        for (int i = 0; i < bodies.length; i++) {
            JsonArray px = new JsonArray();
            for (int p = 0; p < test.features(); p++) px.add(Math.round(test.pixel(i, p) / 255.0 * 1000) / 1000.0);
            JsonObject o = new JsonObject();
            o.add("pixels", px);
            bodies[i] = o.toString().getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> headers = Map.of(Lab.TOKEN_HEADER, lab.token(), "Content-Type", "application/json");
        if (warmupSeconds > 0) {
            out.printf(Locale.ROOT, "lab bench: warming up for %.0f s...%n", warmupSeconds);
            out.flush();
            load(lab, bodies, headers, clients, warmupSeconds, 0, new long[clients][], null);
        }
        System.gc();
        double before = ProcessMemory.rssMb();
        long[][] latencies = new long[clients][];
        out.println(requests > 0 ? String.format(Locale.ROOT, "lab bench: %,d predictions from %d clients...", requests, clients)
                : String.format(Locale.ROOT, "lab bench: %d clients for %.0f s...", clients, seconds));
        out.flush();
        AtomicLong[] counts = load(lab, bodies, headers, clients, seconds, requests, latencies, out);
        double after = ProcessMemory.rssMb();
        long sent = counts[0].get(), errors = counts[1].get();
        long[] all = Arrays.stream(latencies).filter(a -> a != null).flatMapToLong(Arrays::stream).sorted().toArray();
        double elapsed = counts[2].get() / 1e9;
        Result r = new Result(clients, elapsed, sent, errors, sent / elapsed,
                percentile(all, 0.50), percentile(all, 0.99), all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6, before, after);
        out.println(r.text());
        out.flush();
        return r;
    }

    /** {requests, errors, elapsed ns}; each client's latencies (ns) into {@code latencies}. */
    private static AtomicLong[] load(Lab lab, byte[][] bodies, Map<String, String> headers, int clients, double seconds,
                                     long limit, long[][] latencies, PrintWriter progress) throws InterruptedException {
        AtomicLong requests = new AtomicLong(), errors = new AtomicLong(), elapsed = new AtomicLong(), tickets = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(clients), go = new CountDownLatch(1), done = new CountDownLatch(clients);
        long[] deadline = new long[1];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            final int id = c;
            Thread t = new Thread(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                try (LoopbackClient client = new LoopbackClient("127.0.0.1", lab.port())) {
                    ready.countDown();
                    go.await();
                    for (int i = id; System.nanoTime() < deadline[0] && (limit <= 0 || tickets.incrementAndGet() <= limit); i++) {
                        long t0 = System.nanoTime();
                        boolean ok;
                        try {
                            LoopbackClient.Response r = client.send("POST", "/api/predict", headers, bodies[i % bodies.length]);
                            ok = r.status() == 200;
                        } catch (java.io.IOException e) {
                            ok = false;
                            client.close();
                        }
                        long dt = System.nanoTime() - t0;
                        if (n == lat.length) lat = Arrays.copyOf(lat, 2 * n);
                        lat[n++] = dt;
                        requests.incrementAndGet();
                        if (!ok) errors.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    latencies[id] = Arrays.copyOf(lat, n);
                    done.countDown();
                }
            }, "lab-bench-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        ready.await();
        long t0 = System.nanoTime();
        deadline[0] = t0 + (long) (seconds * 1e9);
        go.countDown();
        while (!done.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
            if (progress != null) {
                progress.printf(Locale.ROOT, "lab bench: %,d predictions, %.0f s%n", requests.get(), (System.nanoTime() - t0) / 1e9);
                progress.flush();
            }
        }
        elapsed.set(System.nanoTime() - t0);
        return new AtomicLong[] {requests, errors, elapsed};
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
        return sorted[i] / 1e6;
    }
}
