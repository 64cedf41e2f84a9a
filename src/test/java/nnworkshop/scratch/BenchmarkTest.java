package nnworkshop.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.ModelSpec;
import nnworkshop.train.BenchmarkResult;

/** The benchmark's dense figures and FLOP count on tiny synthetic sets: consistency, never speed. */
class BenchmarkTest {
    private static final Consumer<String> QUIET = s -> { };

    @Test
    void epochFlopCountsEachProductOfTheLayerShapes() {
        ModelSpec mlp = ModelSpec.withHidden(784, 10, Activation.RELU, 128);
        double forward = 2.0 * (784 * 128 + 128 * 10);
        double backward = 2.0 * (784 * 128 + 128 * 10 + 128 * 10); // dW1, dW2 and dX2: the first layer has no dX
        assertEquals(203_264, forward);
        assertEquals(409_088, Benchmark.epochFlop(mlp, 1, 0));
        assertEquals(203_264, Benchmark.epochFlop(mlp, 0, 1), "validation: the forward alone");
        assertEquals(55_000 * (forward + backward) + 5_000 * forward, Benchmark.epochFlop(mlp, 55_000, 5_000));
        assertEquals(0, Benchmark.epochFlop(mlp, 0, 0));
        // two hidden layers: the middle one's dX is needed too
        ModelSpec deep = ModelSpec.withHidden(4, 2, Activation.RELU, 3, 5);
        double f = 2.0 * (4 * 3 + 3 * 5 + 5 * 2);
        double b = 2.0 * (4 * 3) + 2 * 2.0 * (3 * 5) + 2 * 2.0 * (5 * 2);
        assertEquals(f + b, Benchmark.epochFlop(deep, 1, 0));
    }

    @Test
    void thePeakIsTheBetterOfTwoMeasurementsFigureByFigure() {
        var a = java.util.Optional.of(new nnworkshop.tensor.kernel.PeakFlops(512, 2, 110, 230));
        var b = java.util.Optional.of(new nnworkshop.tensor.kernel.PeakFlops(512, 2, 118, 120));
        assertEquals(new nnworkshop.tensor.kernel.PeakFlops(512, 2, 118, 230), Benchmark.best(a, b).orElseThrow());
        assertEquals(a, Benchmark.best(a, java.util.Optional.empty()));
        assertEquals(b, Benchmark.best(java.util.Optional.empty(), b));
    }

    @Test
    void standardisedImagesHaveNoZeroInput() {
        Dataset d = Warmup.synthetic(40, false, new java.util.SplittableRandom(3));
        assertEquals(d.nonZeroFraction(), Benchmark.nonZeroFraction(d, Normalization.UNIT));
        assertTrue(d.nonZeroFraction() < 0.2);
        assertEquals(1.0, Benchmark.nonZeroFraction(d, Normalization.fit(d)), 1e-9);
    }

    @Test
    void denseFiguresAreConsistent() {
        Dataset train = Warmup.synthetic(200, false, new java.util.SplittableRandom(1));
        Dataset val = Warmup.synthetic(40, false, new java.util.SplittableRandom(2));
        Benchmark.Options o = new Benchmark.Options(2, 2, 0, 42);
        BenchmarkResult.Dense d = Benchmark.dense("standardized_x", "standardised X", train, val,
                Normalization.fit(train), o, 200.0, QUIET);
        assertEquals("standardized_x", d.key());
        assertEquals(200, d.trainImages());
        assertEquals(1.0, d.nonZeroFraction(), 1e-9);
        assertTrue(d.firstEpochSeconds() > 0 && Double.isFinite(d.firstEpochSeconds()));
        BenchmarkResult.Spread s = d.spread();
        assertTrue(s.min() > 0 && s.min() <= d.epochSecondsB64() && d.epochSecondsB64() <= s.max(), d::toString);
        assertTrue(s.ratio() >= 1, d::toString);
        assertEquals(Benchmark.epochFlop(ModelSpec.withHidden(784, 10, Activation.RELU, 128), 200, 40), d.flopPerEpoch());
        assertEquals(d.flopPerEpoch() / d.epochSecondsB64() / 1e9, d.gflops(), 1e-9);
        assertEquals(d.gflops() / 200.0, d.fractionOfPeak(), 1e-12);
    }
}
