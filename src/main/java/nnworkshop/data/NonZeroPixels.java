package nnworkshop.data;

/**
 * The nonzero pixels of every image of a {@link Dataset}, listed: image i's are
 * {@code [start[i], start[i+1])} of {@code index} (pixel positions, increasing, read
 * {@code & 0xFFFF}) and {@code value} (the raw bytes). Four MNIST pixels in five are background
 * zeros, so a batch read from these lists ({@link Normalization#gatherSparse}) skips them: about 3
 * bytes per nonzero pixel, 25 MB for MNIST's 60,000 training images.
 */
public record NonZeroPixels(int[] start, short[] index, byte[] value, int features) {

    /** Images with more pixels than this have no lists (positions are 16-bit). */
    public static final int MAX_FEATURES = 1 << 16;

    /** Lists the nonzero pixels of {@code count} images of {@code features} bytes each. */
    static NonZeroPixels of(byte[] pixels, int count, int features) {
        if (features > MAX_FEATURES) throw new IllegalArgumentException(features + " pixels per image is over " + MAX_FEATURES);
        int[] start = new int[count + 1];
        int total = 0;
        for (int i = 0, o = 0; i < count; i++) {
            for (int p = 0; p < features; p++, o++) total += pixels[o] != 0 ? 1 : 0;
            start[i + 1] = total;
        }
        short[] index = new short[total];
        byte[] value = new byte[total];
        for (int i = 0, o = 0, c = 0; i < count; i++) {
            for (int p = 0; p < features; p++, o++) {
                byte b = pixels[o];
                if (b != 0) {
                    index[c] = (short) p;
                    value[c++] = b;
                }
            }
        }
        return new NonZeroPixels(start, index, value, features);
    }

    /** Number of images. */
    public int count() {
        return start.length - 1;
    }

    /** Fraction of all pixels that are nonzero (0 without images). */
    public double density() {
        long all = (long) count() * features;
        return all == 0 ? 0 : start[count()] / (double) all;
    }
}
