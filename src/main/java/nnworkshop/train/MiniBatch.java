package nnworkshop.train;

import nnworkshop.data.Dataset;

/**
 * The batch of one training step, as the loop hands it to an {@link Engine}: images
 * {@code order[from .. from+count)} of {@code data}, their labels, and where the next batch
 * starts (an engine may start bringing it into cache). The engine reads the images in whatever
 * form it computes on fastest. One object, refilled every step: valid until the next.
 */
public final class MiniBatch {
    private final Dataset data;
    private final int[] order;
    private final int[] labels;
    private int from, count, nextCount;

    /** For batches of up to {@code capacity} images of {@code data}, in the order {@code order} (not copied: the loop reshuffles it). */
    MiniBatch(Dataset data, int[] order, int capacity) {
        this.data = data;
        this.order = order;
        this.labels = new int[capacity];
    }

    /** Makes this images {@code order[from .. from+count)}, followed by {@code nextCount} more (0 for the epoch's last). */
    void set(int from, int count, int nextCount) {
        this.from = from;
        this.count = count;
        this.nextCount = nextCount;
        for (int r = 0; r < count; r++) labels[r] = data.label(order[from + r]);
    }

    /**
     * A batch of the first {@code count} images of {@code data} in their order (a test, a notebook).
     */
    public static MiniBatch firstImages(Dataset data, int count) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        MiniBatch b = new MiniBatch(data, order, count);
        b.set(0, count, 0);
        return b;
    }

    /**
     * Images {@code order[from .. from+count)} of {@code data}, announcing {@code nextCount} more
     * after them: a step laid out by the caller (a test, a notebook). {@code order} is not copied.
     */
    public static MiniBatch of(Dataset data, int[] order, int from, int count, int nextCount) {
        if (from < 0 || count < 1 || nextCount < 0 || (long) from + count + nextCount > order.length) {
            throw new IllegalArgumentException("a batch of " + count + " from " + from + " and " + nextCount
                    + " more does not fit in an order of " + order.length);
        }
        MiniBatch b = new MiniBatch(data, order, count);
        b.set(from, count, nextCount);
        return b;
    }

    public Dataset data() { return data; }

    /** The sample indices of the epoch (read only). */
    public int[] order() { return order; }

    /** The batch is {@code order()[from() .. from() + count())}. */
    public int from() { return from; }

    /** N, the images in the batch. */
    public int count() { return count; }

    /** The batch's labels in their first {@link #count()} entries (read only). */
    public int[] labels() { return labels; }

    /** Images in the next batch, which starts at {@code from() + count()}; 0 if this is the epoch's last. */
    public int nextCount() { return nextCount; }
}
