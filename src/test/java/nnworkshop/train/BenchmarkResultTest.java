package nnworkshop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/** The bench figures' JSON keys and table rows (made-up figures: this is about the shape). */
class BenchmarkResultTest {

    private static BenchmarkResult result(double peak1, double peak2) {
        Map<String, Double> gflops = new LinkedHashMap<>();
        gflops.put("fwd1 N=64 nt", 100.0);
        gflops.put("fwd2 N=64 nt", 30.0);
        Map<String, Integer> threads = new LinkedHashMap<>();
        threads.put("fwd1 N=64 nt", 2);
        threads.put("fwd2 N=64 nt", 1);
        return new BenchmarkResult(0.2, 0.15, 0.5, 1e6, 3e5, gflops, 0.4, 300, 2, "vector-512, 2 threads", 55_000, 3,
                0.96, "17", 2, "cpu", new BenchmarkResult.Spread(0.18, 0.25, 0.12), new BenchmarkResult.Spread(0.14, 0.16, Double.NaN),
                peak1, peak2, threads, List.of(), Map.of(), new BenchmarkResult.CoreHandOff(36.4, 9, 2));
    }

    @Test
    void spreadIsOfTheTimedEpochsOnly() {
        BenchmarkResult.Spread s = BenchmarkResult.Spread.ofTimed(new double[] {9.0, 0.3, 0.2, 0.25}, Double.NaN);
        assertEquals(0.2, s.min());
        assertEquals(0.3, s.max());
        assertEquals(1.5, s.ratio(), 1e-12);
        assertEquals(1.0, BenchmarkResult.Spread.ofTimed(new double[] {0.7}, Double.NaN).ratio());
        assertTrue(Double.isNaN(s.jitSeconds()), "not measured");
        assertEquals(0.05, BenchmarkResult.Spread.ofTimed(new double[] {9.0, 0.3}, 0.05).jitSeconds());
    }

    @Test
    void kernelsAreQuotedAgainstThePeakOfTheThreadsTheyRanOn() {
        BenchmarkResult r = result(100, 200);
        assertEquals(0.5, r.gemmFractionOfPeak("fwd1 N=64 nt"), 1e-12);
        assertEquals(0.3, r.gemmFractionOfPeak("fwd2 N=64 nt"), 1e-12);
        String t = r.table();
        assertTrue(t.contains("fp32 peak (FMA loop), 2 threads") && t.contains("200.0 GFLOP/s"), t);
        assertTrue(t.contains("50 % of the 2-thread peak"), t);
        assertTrue(t.contains("30 % of the 1-thread peak"), t);
        assertTrue(t.contains("0.180-0.250 s (slowest/fastest 1.39); the JIT compiling 0.12 s meanwhile"), t);
        assertTrue(t.contains("0.140-0.160 s (slowest/fastest 1.14)\n") || t.contains("0.140-0.160 s (slowest/fastest 1.14)\r\n"),
                "no JIT figure where none was measured: " + t);
        JsonObject s = r.toJson().getAsJsonObject("scratch");
        assertEquals(200, s.get("peak_gflops").getAsDouble());
        assertEquals(100, s.get("peak_gflops_1_thread").getAsDouble());
        assertEquals(0.5, s.getAsJsonObject("gemm_fraction_of_peak").get("fwd1 N=64 nt").getAsDouble(), 1e-12);
        assertEquals(1, s.getAsJsonObject("gemm_threads").get("fwd2 N=64 nt").getAsInt());
        assertEquals(0.18, s.get("epoch_seconds_b64_min").getAsDouble());
        assertEquals(0.25 / 0.18, s.get("epoch_seconds_b64_spread").getAsDouble(), 1e-12);
        assertEquals(0.12, s.get("epoch_seconds_b64_jit").getAsDouble());
        assertTrue(s.get("epoch_seconds_b256_jit").isJsonNull(), "not measured: null");
        assertFalse(s.has("dense"), "no dense figures, no key");
    }

    @Test
    void withoutAPeakTheFractionsAreNull() {
        BenchmarkResult r = result(Double.NaN, Double.NaN);
        JsonObject s = r.toJson().getAsJsonObject("scratch");
        assertTrue(s.get("peak_gflops").isJsonNull());
        assertTrue(s.getAsJsonObject("gemm_fraction_of_peak").get("fwd1 N=64 nt").isJsonNull());
        assertFalse(r.table().contains("% of the"), r.table());
        assertTrue(r.table().contains("fp32 peak (FMA loop)                     not measured"), r.table());
        assertTrue(r.table().contains("30.0  (1 thread)"), r.table());
    }

    @Test
    void denseFiguresAndSkippedSetsAreListed() {
        BenchmarkResult.Dense d = new BenchmarkResult.Dense("standardized_mnist", "standardised MNIST", 55_000, 1.0, 0.6,
                0.2, new BenchmarkResult.Spread(0.19, 0.22, Double.NaN), 23.5e9, 200, new BenchmarkResult.CoreHandOff(171, 6, 6));
        BenchmarkResult r = result(100, 200).withDense(List.of(d),
                Map.of("fashion_mnist", "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist): skipped"));
        String t = r.table();
        assertTrue(t.contains("standardised MNIST (55,000 training images, 100 % of the inputs nonzero)"), t);
        assertTrue(t.contains("23.5 GFLOP: 117.5 GFLOP/s, 59 % of the 2-thread peak"), t);
        assertTrue(t.contains("Fashion-MNIST not installed (apt-get install dataset-fashion-mnist): skipped"), t);
        JsonObject s = r.toJson().getAsJsonObject("scratch");
        JsonObject j = s.getAsJsonObject("dense").getAsJsonObject("standardized_mnist");
        assertEquals(0.2, j.get("epoch_seconds_b64").getAsDouble());
        assertEquals(0.6, j.get("first_epoch_seconds").getAsDouble());
        assertEquals(0.22 / 0.19, j.get("epoch_seconds_b64_spread").getAsDouble(), 1e-12);
        assertEquals(117.5, j.get("gflops").getAsDouble(), 1e-9);
        assertEquals(0.5875, j.get("fraction_of_peak").getAsDouble(), 1e-12);
        assertTrue(s.getAsJsonObject("dense_skipped").has("fashion_mnist"));
        // how far apart the cores were: per set and for the MNIST runs
        assertEquals(171, j.get("core_hand_off_ns").getAsDouble());
        assertEquals(6, j.get("core_far_checks").getAsLong());
        assertEquals(36.4, s.get("core_hand_off_ns").getAsDouble());
        assertEquals(9, s.get("core_checks").getAsLong());
        assertEquals(2, s.get("core_far_checks").getAsLong());
        assertTrue(t.contains("cores' hand-off (a cache line)           36 ns (last); far in 2 of 9 measures"), t);
        assertTrue(t.contains("171 ns (last); far in 6 of 6 measures"), t);
    }

    @Test
    void coresNotMeasuredSaySo() {
        BenchmarkResult.Dense d = new BenchmarkResult.Dense("fashion_mnist", "Fashion-MNIST", 55_000, 0.5, 0.6,
                0.2, new BenchmarkResult.Spread(0.19, 0.22, Double.NaN), 23.5e9, 200, BenchmarkResult.CoreHandOff.NONE);
        JsonObject j = result(100, 200).withDense(List.of(d), Map.of()).toJson().getAsJsonObject("scratch")
                .getAsJsonObject("dense").getAsJsonObject("fashion_mnist");
        assertTrue(j.get("core_hand_off_ns").isJsonNull());
        assertEquals(0, j.get("core_checks").getAsLong());
        assertTrue(result(100, 200).withDense(List.of(d), Map.of()).table().contains("not measured (one thread)"));
    }
}
