package nnworkshop.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every fast kernel against {@link ReferenceGemm}'s maths, on many shapes, and across thread counts. */
class GemmVariantsTest {

    private static final int EXTRA = 7;
    private static final Map<String, Gemm> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put("reference", new ReferenceGemm());
        for (int t = 1; t <= 3; t++) {
            VARIANTS.put("blocked-" + t, new BlockedGemm(t));
            VARIANTS.put("vector-" + t, new VectorGemm(t));
        }
    }

    @AfterAll
    static void close() {
        for (Gemm g : VARIANTS.values()) {
            if (g instanceof FastGemm p) {
                p.close();
            }
        }
    }

    /** Edge sizes, odd sizes around tile and vector widths, and the model's shapes. */
    static List<int[]> shapes() {
        List<int[]> s = new ArrayList<>();
        int[] edge = {0, 1, 2, 3};
        for (int m : edge) {
            for (int n : edge) {
                for (int k : edge) {
                    s.add(new int[] {m, n, k});
                }
            }
        }
        int[][] fixed = {
            {1, 1, 785}, {17, 33, 63}, {33, 17, 129}, {63, 129, 17}, {129, 63, 33}, {5, 785, 3},
            {4, 32, 16}, {8, 64, 256}, {7, 31, 15}, {16, 16, 16}, {65, 47, 300}, {4, 4, 1},
            {64, 128, 784}, {64, 10, 128}, {64, 128, 10}, {128, 784, 64}, {10, 128, 64},
            {256, 128, 784}, {1000, 10, 128}, {37, 128, 784}, {129, 785, 63}, {3, 1000, 5},
            {600, 40, 20}, {520, 20, 50}};
        s.addAll(List.of(fixed));
        Random rnd = new Random(7);
        for (int i = 0; i < 25; i++) {
            s.add(new int[] {rnd.nextInt(70), rnd.nextInt(70), rnd.nextInt(300)});
        }
        return s;
    }

    @TestFactory
    Stream<DynamicTest> everyVariantMatchesTheReference() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 1;
        for (int[] sh : shapes()) {
            for (String op : new String[] {"nt", "ntb", "nn", "nnb", "tn"}) {
                long sd = seed++;
                String o = op.substring(0, 2);
                boolean bias = op.endsWith("b");
                tests.add(DynamicTest.dynamicTest(o + (bias ? "+bias " : " ") + sh[0] + "x" + sh[1] + "x" + sh[2], () -> {
                    GemmCheck.Case cs = GemmCheck.make(o, sh[0], sh[1], sh[2], bias, sd, EXTRA);
                    for (Map.Entry<String, Gemm> v : VARIANTS.entrySet()) {
                        if (op.equals("nnb") && !(v.getValue() instanceof FastGemm)) {
                            continue; // the reference has no nn with a bias
                        }
                        GemmCheck.assertMatches(cs, cs.run(v.getValue(), EXTRA), v.getKey());
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> resultsAreBitIdenticalForOneTwoAndThreeThreads() {
        int[][] shapes = {{64, 128, 784}, {128, 784, 64}, {256, 128, 784}, {129, 785, 63},
            {1000, 10, 128}, {37, 128, 784}, {65, 47, 300}, {600, 40, 20}, {520, 20, 50}, {3, 1000, 50}};
        String[] families = {"blocked-", "vector-"};
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 100;
        for (int[] sh : shapes) {
            for (String op : new String[] {"ntb", "nn", "nnb", "tn"}) {
                long sd = seed++;
                String o = op.substring(0, 2);
                tests.add(DynamicTest.dynamicTest(op + " " + sh[0] + "x" + sh[1] + "x" + sh[2], () -> {
                    GemmCheck.Case cs = GemmCheck.make(o, sh[0], sh[1], sh[2], op.endsWith("b"), sd, 0);
                    for (String f : families) {
                        float[] one = cs.run(VARIANTS.get(f + 1), 0);
                        for (int t = 2; t <= 3; t++) {
                            float[] many = cs.run(VARIANTS.get(f + t), 0);
                            assertArrayEquals(bits(one), bits(many), f + t + " differs from " + f + 1);
                        }
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void theCheckCatchesOnePerturbedElementAndOneMissingTerm() {
        GemmCheck.Case cs = GemmCheck.make("nt", 64, 128, 784, true, 5, 0);
        float[] c = cs.run(VARIANTS.get("vector-2"), 0);
        assertEquals(-1, GemmCheck.firstMismatch(cs, c));

        float[] perturbed = c.clone();
        int at = 37 * 128 + 101;
        perturbed[at] += (float) (1e-3 * cs.scale()[at]); // far below a typical product's size
        assertEquals(at, GemmCheck.firstMismatch(cs, perturbed));

        // Dropping one of 784 terms (the last p) from one output must fail too.
        int i = 5, j = 9, p = 783;
        float[] missing = c.clone();
        missing[i * 128 + j] -= cs.a()[i * 784 + p] * cs.b()[j * 784 + p];
        assertNotEquals(-1, GemmCheck.firstMismatch(cs, missing), "a missing term went unnoticed");
    }

    @Test
    void blockedAndVectorBroadcastKernelsAgreeBitForBit() {
        // Both compute each output as one fused multiply-add chain in increasing p.
        for (String op : new String[] {"nn", "tn"}) {
            GemmCheck.Case cs = GemmCheck.make(op, 67, 130, 90, false, 9, 0);
            assertArrayEquals(bits(cs.run(VARIANTS.get("blocked-1"), 0)),
                    bits(cs.run(VARIANTS.get("vector-2"), 0)), op);
        }
    }

    @Test
    void fastVariantsRejectNegativeSizes() {
        float[] x = new float[4];
        for (Gemm g : VARIANTS.values()) {
            if (g instanceof FastGemm) {
                assertThrows(IllegalArgumentException.class, () -> g.nn(-1, 2, 2, x, x, x));
                assertThrows(IllegalArgumentException.class, () -> g.nt(2, -1, 2, x, x, null, x));
                assertThrows(IllegalArgumentException.class, () -> g.tn(2, 2, -1, x, x, x));
            }
        }
    }

    private static int[] bits(float[] x) {
        int[] r = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = Float.floatToRawIntBits(x[i]);
        }
        return r;
    }
}
