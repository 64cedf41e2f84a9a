package nnworkshop.data;

import static nnworkshop.data.TestData.assertWorkshopError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class DatasetKindTest {
    @Test
    void idsAndParsing() {
        assertEquals("mnist", DatasetKind.MNIST.id());
        assertEquals("fashion", DatasetKind.FASHION.id());
        assertEquals(DatasetKind.MNIST, DatasetKind.parse("mnist"));
        assertEquals(DatasetKind.FASHION, DatasetKind.parse(" Fashion "));
        String m = assertWorkshopError(() -> DatasetKind.parse("cifar"), "unknown dataset 'cifar'");
        assertEquals("unknown dataset 'cifar' (choose mnist or fashion)", m);
        assertWorkshopError(() -> DatasetKind.parse(null), "choose mnist or fashion");
    }

    @Test
    void classNames() {
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), DatasetKind.MNIST.classNames());
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                "Bag", "Ankle boot"), DatasetKind.FASHION.classNames());
    }
}
