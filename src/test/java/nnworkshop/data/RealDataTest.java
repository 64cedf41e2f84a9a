package nnworkshop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real data sets, through the default cache (fetched with the real npm on first use).
 * Slow: about a second once cached.
 */
@Tag("slow")
class RealDataTest {
    static void assertFirstLabels(Dataset d, int... expected) {
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], d.label(i), d.name() + " label " + i);
    }

    @Test
    void realMnist() {
        List<String> log = new ArrayList<>();
        DataStore store = DataStore.open(null, log::add);
        MnistData m = store.load(DatasetKind.MNIST);
        assertEquals(60_000, m.train().count());
        assertEquals(10_000, m.test().count());
        assertEquals(28, m.train().rows());
        assertEquals(28, m.train().cols());
        assertEquals(28, m.test().rows());
        assertFirstLabels(m.train(), 5, 0, 4, 1, 9);
        assertFirstLabels(m.test(), 7, 2, 1, 0, 4);
        VerifyReport r = store.verify(DatasetKind.MNIST);
        assertTrue(r.isOk(), String.join("\n", r.lines()));
        for (VerifyReport.FileStatus f : r.files()) {
            assertEquals(DataStore.MNIST_SHA256.get(f.name()), f.sha256());
        }
        assertEquals(47_040_016L, r.files().get(0).size());

        Splits.Split s = Splits.trainValidation(m.train(), Splits.DEFAULT_VALIDATION, 1);
        assertEquals(55_000, s.train().count());
        assertEquals(5_000, s.validation().count());
    }

    @Test
    void realFashionMnist() {
        Assumptions.assumeTrue(Files.isDirectory(DataStore.DEBIAN_FASHION_DIR),
                "Debian's dataset-fashion-mnist is not installed");
        DataStore store = DataStore.open(null, null);
        MnistData m = store.load(DatasetKind.FASHION);
        assertEquals(60_000, m.train().count());
        assertEquals(10_000, m.test().count());
        assertEquals(28, m.train().rows());
        assertFirstLabels(m.train(), 9, 0, 0, 3, 0, 2, 7, 2);
        assertTrue(store.verify(DatasetKind.FASHION).isOk());
    }
}
