package nnworkshop.data;

import java.util.List;
import java.util.Locale;

import nnworkshop.WorkshopException;

/** The two data sets of the workshop: handwritten digits (MNIST) and clothing (Fashion-MNIST). */
public enum DatasetKind {
    /** The 70,000 handwritten digits; classes "0".."9". */
    MNIST("mnist", "MNIST", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
    /** Zalando's 70,000 clothing images, same shape as MNIST (28×28, 10 classes). */
    FASHION("fashion", "Fashion-MNIST", List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"));

    private final String id;
    private final String displayName;
    private final List<String> classNames;

    DatasetKind(String id, String displayName, List<String> classNames) {
        this.id = id;
        this.displayName = displayName;
        this.classNames = classNames;
    }

    /** The name used on the command line and as the cache folder: "mnist" or "fashion". */
    public String id() { return id; }

    /** The name for people: "MNIST" or "Fashion-MNIST". */
    public String displayName() { return displayName; }

    /** The human name of each label 0..9 (unmodifiable, 10 entries). */
    public List<String> classNames() { return classNames; }

    /**
     * The kind whose {@link #id()} is {@code text} (case-insensitive, surrounding blanks ignored).
     *
     * @throws WorkshopException for anything else
     */
    public static DatasetKind parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (DatasetKind k : values()) {
            if (k.id.equals(t)) return k;
        }
        throw new WorkshopException("unknown dataset '" + nnworkshop.util.PathText.show(text) + "' (choose mnist or fashion)");
    }

    @Override
    public String toString() { return id; }
}
