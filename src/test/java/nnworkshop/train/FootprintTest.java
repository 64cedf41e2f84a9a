package nnworkshop.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import nnworkshop.WorkshopException;
import nnworkshop.nn.Activation;
import nnworkshop.nn.ModelSpec;

class FootprintTest {
    private static final long GB = 1L << 30;
    private static final ModelSpec DEFAULT = ModelSpec.withHidden(784, 10, Activation.RELU, 128);

    @Test
    void theDefaultRunFitsInTheLaunchersHeapAndAHugeBatchDoesNot() {
        Footprint ok = Footprint.training(DEFAULT, TrainConfig.defaults(), 55_000, 55_000_000, 2, false);
        assertDoesNotThrow(() -> ok.require("default", GB, -1));
        assertTrue(ok.heapBytes() > 55_000_000 && ok.heapBytes() < 200_000_000, "bytes " + ok.heapBytes());

        Footprint huge = Footprint.training(DEFAULT, TrainConfig.defaults().withBatch(10_000_000), 55_000, 0, 2, false);
        // 10^7 rows of (784 inputs + 4 · 138 widths) floats: 53 GB of activations alone
        assertTrue(huge.heapBytes() >= 10_000_000L * (784 + 4 * 138) * 4, "bytes " + huge.heapBytes());
        WorkshopException e = assertThrows(WorkshopException.class, () -> huge.require("784-128-10 with --batch 10000000", GB, -1));
        assertTrue(e.getMessage().contains("needs at least 49.") && e.getMessage().contains("1.0 GB is available"), e.getMessage());
    }

    @Test
    void aWideLayerIsCountedInLongArithmetic() {
        ModelSpec wide = ModelSpec.withHidden(784, 10, Activation.RELU, 300_000_000); // 2.4e11 parameters: past int
        Footprint f = Footprint.training(wide, TrainConfig.defaults(), 55_000, 0, 1, false);
        assertTrue(f.heapBytes() > 4L * 3 * 784 * 300_000_000, "bytes " + f.heapBytes());
        assertThrows(WorkshopException.class, () -> f.require("wide", 64 * GB, -1));
    }

    @Test
    void libtorchsTensorsAreNativeAndCheckedAgainstTheMachine() {
        ModelSpec wide = ModelSpec.withHidden(784, 10, Activation.RELU, 300_000);
        Footprint f = Footprint.training(wide, TrainConfig.defaults(), 55_000, 0, 1, true);
        assertTrue(f.nativeBytes() > 2L * 4 * 784 * 300_000, "native " + f.nativeBytes());
        assertDoesNotThrow(() -> f.require("wide", GB, -1));
        WorkshopException e = assertThrows(WorkshopException.class, () -> f.require("wide", GB, 2 * GB));
        assertTrue(e.getMessage().contains("this machine has 2.0 GB"), e.getMessage());
    }

    @Test
    void tooManyStepsAreRefusedNotOverflowed() {
        WorkshopException e = assertThrows(WorkshopException.class,
                () -> Footprint.training(DEFAULT, TrainConfig.defaults().withEpochs(999_999_999), 55_000, 0, 1, false));
        assertTrue(e.getMessage().contains("859,999,999,140 steps"), e.getMessage());
        assertThrows(WorkshopException.class, () -> new History(TrainConfig.defaults().withEpochs(999_999_999), 860));
    }

    @Test
    void sizesAreReadable() {
        assertEquals("512 B", Footprint.size(512));
        assertEquals("1.5 KB", Footprint.size(1536));
        assertEquals("1.0 GB", Footprint.size(GB));
        assertEquals("more than 8 EB", Footprint.size(Long.MAX_VALUE));
    }
}
