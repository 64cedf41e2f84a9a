package nnworkshop.tensor.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The hot loops of {@link Elementwise} on the Vector API, for the training step of the default
 * model: ReLU and its backward, column sums (the bias gradient), the all-zero columns of a batch,
 * and byte pixels to floats. (The SGD update is not here: C2 vectorizes the reference loop itself.) Reached through {@link FastElementwise}, which falls back to {@link Elementwise} when
 * {@code jdk.incubator.vector} is absent; tested against {@link Elementwise}.
 *
 * <p>C2 on Java 17 vectorizes none of the reference loops (a conditional select of floats, a
 * strided column sum, a byte-to-float conversion), and the ReLU's data-dependent branch
 * mispredicts on half the elements: 35 µs per 64 × 128 batch against about 1 µs here.
 *
 * <p>ReLU and the pixel conversion do the same float operations in the same order as the
 * reference, so they give bit-identical results; the column sum adds in float, row by row.
 */
final class VectorElementwise {
    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int L = S.length();
    private static final VectorSpecies<Byte> BS = ByteVector.SPECIES_128; // 16 bytes → 16 ints
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_512;
    private static final boolean BYTES_OK = L == 16;
    /**
     * Elements per call of the inner loops. Vector API code is hundreds of times slower until C2
     * compiles it, and HotSpot compiles a method sooner the more often it is called: loops that run
     * once per training step are split into calls of a few vectors each, like the matrix
     * microkernels, so they are compiled within the first steps rather than the first hundreds.
     */
    private static final int CHUNK = 1024;

    private VectorElementwise() {
    }

    /** a = max(0, z) as {@code z > 0 ? z : 0}. */
    static void reluForward(float[] z, float[] a, int n) {
        for (int i = 0; i < n; i += CHUNK) {
            reluForward(z, a, i, Math.min(n, i + CHUNK));
        }
    }

    private static void reluForward(float[] z, float[] a, int from, int to) {
        int i = from;
        if (L == IS.length()) {
            for (int e = from + S.loopBound(to - from); i < e; i += L) {
                IntVector v = FloatVector.fromArray(S, z, i).reinterpretAsInts();
                IntVector t = v.sub(1); // positive(v), written out: see the note below reluBackward
                IntVector m = t.sub(0x7F800000).lanewise(VectorOperators.ASHR, 31)
                        .lanewise(VectorOperators.AND_NOT, t.lanewise(VectorOperators.ASHR, 31));
                v.and(m).reinterpretAsFloats().intoArray(a, i);
            }
        }
        for (; i < to; i++) {
            float v = z[i];
            a[i] = v > 0f ? v : 0f;
        }
    }

    /** dZ = z &gt; 0 ? dA : 0. */
    static void reluBackward(float[] z, float[] dA, float[] dZ, int n) {
        for (int i = 0; i < n; i += CHUNK) {
            reluBackward(z, dA, dZ, i, Math.min(n, i + CHUNK));
        }
    }

    private static void reluBackward(float[] z, float[] dA, float[] dZ, int from, int to) {
        int i = from;
        if (L == IS.length()) {
            for (int e = from + S.loopBound(to - from); i < e; i += L) {
                IntVector t = FloatVector.fromArray(S, z, i).reinterpretAsInts().sub(1); // positive(z): see the note below
                IntVector m = t.sub(0x7F800000).lanewise(VectorOperators.ASHR, 31)
                        .lanewise(VectorOperators.AND_NOT, t.lanewise(VectorOperators.ASHR, 31));
                FloatVector.fromArray(S, dA, i).reinterpretAsInts().and(m).reinterpretAsFloats().intoArray(dZ, i);
            }
        }
        for (; i < to; i++) {
            dZ[i] = z[i] > 0f ? dA[i] : 0f;
        }
    }

    /*
     * positive(bits), per lane all ones where the float with these bits is > 0 (bits in
     * [1, 0x7F800000]: not a zero, a negative number or a NaN), else 0, is computed in integer
     * arithmetic: masks and blends are not compiled on Java 17 for 512-bit vectors (they ran through
     * a slow path that allocated 25 KB a call), shifts and logic are:
     *   t = bits - 1                        in [0, 0x7F7FFFFF] iff positive
     *   (t - 0x7F800000) >> 31  AND NOT  t >> 31
     * It is written out in each loop, not called: a vector passed to or returned from a method that
     * the JIT does not inline is a boxed object, and the operations on it run the Vector API's Java
     * fallback. A helper for it, compiled on its own in some processes and not in others, made ReLU
     * allocate about 19 KB a call and a training process slow for its whole life (see README, Speed).
     */

    /** out[j] = Σ_i a[i, j], summed in float in increasing i. */
    static void sumRows(float[] a, int rows, int cols, float[] out) {
        int j = 0;
        for (int e = S.loopBound(cols); j < e; j += L) {
            sumColumns(a, rows, cols, j, out);
        }
        for (; j < cols; j++) {
            float s = 0f;
            for (int i = 0; i < rows; i++) {
                s += a[i * cols + j];
            }
            out[j] = s;
        }
    }

    private static void sumColumns(float[] a, int rows, int cols, int j, float[] out) {
        FloatVector s = FloatVector.zero(S);
        for (int i = 0; i < rows; i++) {
            s = s.add(FloatVector.fromArray(S, a, i * cols + j));
        }
        s.intoArray(out, j);
    }

    /** See {@link Elementwise#nonZeroColumns}: ORs the magnitude bits of each column over the rows. */
    static int nonZeroColumns(float[] a, int rows, int cols, int[] act) {
        int j = L == IS.length() ? IS.loopBound(cols) : 0;
        int count = nonZeroColumns(a, rows, cols, j, act);
        for (; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                if (a[i * cols + j] != 0f || Float.isNaN(a[i * cols + j])) {
                    act[count++] = j;
                    break;
                }
            }
        }
        return count;
    }

    /** Columns per vector block of {@link #nonZeroColumns(float[], int, int, int, int[])}; 0 if it has none. */
    static int columnBlock() {
        return L == IS.length() ? L : 0;
    }

    /**
     * The nonzero columns among the first {@code end} (a multiple of {@link #columnBlock()}) into act
     * (at least {@code end} long: its entries from the count on are scratch); their count.
     */
    static int nonZeroColumns(float[] a, int rows, int cols, int end, int[] act) {
        if (act.length < end) throw new IllegalArgumentException("act has " + act.length + " entries, needs " + end);
        int count = 0, j = 0;
        // 8 blocks of columns at a time: each row then gives 8 adjacent vectors (512 bytes) to the
        // 8 accumulators, which the prefetcher streams; one block at a time read one cache line per
        // row with a stride of a whole row (170 µs for a 1000 × 784 batch against 60 µs)
        for (; j + 8 * L <= end; j += 8 * L) {
            count = nonZeroColumns8(a, rows, cols, j, act, count);
        }
        for (; j < end; j += L) {
            count = nonZeroColumns(a, rows, cols, j, act, count);
        }
        return count;
    }

    /** Columns j .. j+8L: appends the nonzero ones to act[count ..] in order; returns the new count. */
    private static int nonZeroColumns8(float[] a, int rows, int cols, int j, int[] act, int count) {
        IntVector c0 = IntVector.zero(IS), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int i = 0, o = j; i < rows; i++, o += cols) {
            c0 = c0.or(FloatVector.fromArray(S, a, o).reinterpretAsInts());
            c1 = c1.or(FloatVector.fromArray(S, a, o + L).reinterpretAsInts());
            c2 = c2.or(FloatVector.fromArray(S, a, o + 2 * L).reinterpretAsInts());
            c3 = c3.or(FloatVector.fromArray(S, a, o + 3 * L).reinterpretAsInts());
            c4 = c4.or(FloatVector.fromArray(S, a, o + 4 * L).reinterpretAsInts());
            c5 = c5.or(FloatVector.fromArray(S, a, o + 5 * L).reinterpretAsInts());
            c6 = c6.or(FloatVector.fromArray(S, a, o + 6 * L).reinterpretAsInts());
            c7 = c7.or(FloatVector.fromArray(S, a, o + 7 * L).reinterpretAsInts());
        }
        // each column's magnitude bits, OR-ed over the rows, into act[j .. j+8L), free since count ≤ j;
        // then the nonzero columns moved down to act[count ..]. No vector leaves this method (see
        // the note on positive above: a helper taking the vector would box it)
        c0.and(0x7FFFFFFF).intoArray(act, j);
        c1.and(0x7FFFFFFF).intoArray(act, j + L);
        c2.and(0x7FFFFFFF).intoArray(act, j + 2 * L);
        c3.and(0x7FFFFFFF).intoArray(act, j + 3 * L);
        c4.and(0x7FFFFFFF).intoArray(act, j + 4 * L);
        c5.and(0x7FFFFFFF).intoArray(act, j + 5 * L);
        c6.and(0x7FFFFFFF).intoArray(act, j + 6 * L);
        c7.and(0x7FFFFFFF).intoArray(act, j + 7 * L);
        return compact(act, j, 8 * L, count);
    }

    /** Moves j + l down to act[count ..] for each l in [0, n) with act[j + l] nonzero (count ≤ j); the new count. */
    private static int compact(int[] act, int j, int n, int count) {
        for (int l = 0; l < n; l++) {
            if (act[j + l] != 0) act[count++] = j + l; // count ≤ j + l: never overwrites an unread entry
        }
        return count;
    }

    /** Columns j .. j+L: appends the nonzero ones to act[count ..]; returns the new count. */
    private static int nonZeroColumns(float[] a, int rows, int cols, int j, int[] act, int count) {
        IntVector acc = IntVector.zero(IS);
        for (int i = 0; i < rows; i++) {
            acc = acc.or(FloatVector.fromArray(S, a, i * cols + j).reinterpretAsInts());
        }
        acc.and(0x7FFFFFFF).intoArray(act, j); // as in nonZeroColumns8
        return compact(act, j, L, count);
    }

    /** See {@link Elementwise#gatherBytes}. */
    static void gatherBytes(byte[] src, int d, int[] rows, int from, int count, float[] dst, int dstOff,
                            float scale, float shift) {
        for (int r = 0; r < count; r++) {
            bytesToFloats(src, rows[from + r] * d, dst, dstOff + r * d, d, scale, shift);
        }
    }

    /** dst[dOff + i] = (src[sOff + i] &amp; 0xFF)·scale + shift for i &lt; n. */
    static void bytesToFloats(byte[] src, int sOff, float[] dst, int dOff, int n, float scale, float shift) {
        int i = 0;
        if (BYTES_OK) {
            for (int e = n - 15; i < e; i += 16) {
                IntVector v = (IntVector) ByteVector.fromArray(BS, src, sOff + i)
                        .convertShape(VectorOperators.B2I, IS, 0);
                FloatVector f = (FloatVector) v.and(0xFF).convert(VectorOperators.I2F, 0);
                f.mul(scale).add(shift).intoArray(dst, dOff + i);
            }
        }
        for (; i < n; i++) {
            dst[dOff + i] = (src[sOff + i] & 0xFF) * scale + shift;
        }
    }
}
