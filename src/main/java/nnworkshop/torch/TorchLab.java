package nnworkshop.torch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

import nnworkshop.exercise.Checks;
import nnworkshop.exercise.Checks.Verdict;
import nnworkshop.exercise.Lab02;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.util.Seeds;

/**
 * The checks of Part 4's hands-on exercises, where the learner writes DJL code: the block
 * (Linear, ReLU, Linear) and one autograd step in a {@code GradientCollector}. They run on Part 2's
 * tiny batch and network ({@link Lab02}: four images, 784-8-10, seed 42), so autograd's dW1 can be
 * compared with the engine's and with the learner's own Part 2 result ({@link Lab02#part2DW1()}).
 * Messages as in {@code nnworkshop.exercise}: in words, never the expected numbers.
 */
public final class TorchLab {
    /** Builds the network's block for {@code hidden} hidden units (10 classes). */
    public interface BlockMaker { SequentialBlock make(int hidden); }

    /** Forward, loss and backward on (X, y) with {@code block}; returns the gradient of the first Linear's weight, (H, D). */
    public interface FirstLayerGradient { NDArray apply(SequentialBlock block, NDArray x, NDArray y); }

    private final Lab02 lab;

    /** The checks on {@code lab}'s tiny batch (libtorch is started if it is not yet). */
    public TorchLab(Lab02 lab) {
        this.lab = lab;
        TorchRuntime.engine();
    }

    public void checkBlock(BlockMaker f) {
        Checks.show(block(f));
    }

    public void checkAutograd(FirstLayerGradient f) {
        Checks.show(autograd(f));
    }

    Verdict block(BlockMaker f) {
        String what = "the DJL block";
        return Checks.run(what, null, () -> {
            SequentialBlock block = f.make(Lab02.H);
            if (block == null) return Checks.fail(what, "returned null: return the SequentialBlock");
            try (Model model = Model.newInstance("lab", TorchRuntime.ENGINE)) {
                model.setBlock(block);
                try {
                    block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, Lab02.D));
                } catch (RuntimeException e) {
                    return Checks.fail(what, "DJL cannot initialise it for (N, 784) inputs: " + e.getMessage());
                }
                List<Block> children = block.getChildren().values();
                List<Linear> linears = new ArrayList<>();
                for (Block b : children) if (b instanceof Linear l) linears.add(l);
                if (linears.size() != 2) {
                    return Checks.fail(what, "it has " + linears.size() + " Linear layer(s); this network has two: Linear, activation, Linear");
                }
                if (children.size() == 2) {
                    return Checks.fail(what, "the activation between the two Linear layers is missing: without it, the two "
                            + "layers are one linear map");
                }
                if (children.size() != 3 || children.get(1) instanceof Linear) {
                    return Checks.fail(what, "it has " + children.size() + " blocks; the network is three: Linear, activation, Linear");
                }
                long[] w1 = linears.get(0).getParameters().get("weight").getArray().getShape().getShape();
                long[] w2 = linears.get(1).getParameters().get("weight").getArray().getShape().getShape();
                if (w1[0] != Lab02.H) {
                    return Checks.fail(what, "the first Linear has " + w1[0] + " units; it should have hidden = " + Lab02.H
                            + " (use the argument: setUnits(hidden))");
                }
                if (w2[0] != Lab02.K) return Checks.fail(what, "the last Linear has " + w2[0] + " units; it should have 10, one per class");
                if (linears.get(0).getParameters().get("bias") == null) return Checks.fail(what, "the first Linear has no bias");
                Lab02.Net net = lab.tinyNet();
                set(linears.get(0), net.W1(), net.b1());
                set(linears.get(1), net.W2(), net.b2());
                NDManager m = model.getNDManager();
                NDArray x = m.create(flat(inputs(lab.tinyPixels())), new Shape(Lab02.N, Lab02.D));
                NDArray logits = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                String wrong = Checks.compare("its logits with Part 2's weights", rows(logits.toFloatArray(), Lab02.N, Lab02.K),
                        lab.engineLogits(), "(N, K)", 0);
                if (wrong != null) return Checks.fail(what, wrong + " — is the activation ReLU (Activation.reluBlock())?");
                return Checks.pass(what, "Linear(" + Lab02.H + "), ReLU, Linear(10); with Part 2's weights it gives the engine's logits");
            }
        });
    }

    Verdict autograd(FirstLayerGradient f) {
        String what = "autograd's dW1";
        return Checks.run(what, null, () -> {
            ModelSpec spec = ModelSpec.parse(String.valueOf(Lab02.H), null, "relu", Lab02.D, Lab02.K);
            try (TorchMlp mlp = TorchMlp.initialized(spec, Init.HE, Seeds.init(42));
                 NDManager m = mlp.manager().newSubManager()) {
                NDArray x = m.create(flat(inputs(lab.tinyPixels())), new Shape(Lab02.N, Lab02.D));
                int[] labels = lab.tinyLabels();
                long[] y = new long[labels.length];
                for (int i = 0; i < y.length; i++) y[i] = labels[i];
                NDArray g = f.apply(mlp.block(), x, m.create(y));
                if (g == null) return Checks.fail(what, "returned null: return the gradient of the first Linear's weight");
                long[] s = g.getShape().getShape();
                if (s.length != 2) return Checks.fail(what, "has shape " + g.getShape() + "; the weight's gradient is (H, D) = (8, 784)");
                double[][] got = rows(g.toFloatArray(), (int) s[0], (int) s[1]);
                double[][] want = lab.engineDW1();
                if (Checks.compare("dW1", got, want, "(H, D)", 0) != null && isZero(got)) {
                    return Checks.fail(what, "the gradient is zero: run the forward pass and the loss inside the GradientCollector "
                            + "(with training = true) and call collector.backward(loss)");
                }
                double[][] twice = new double[want.length][];
                for (int i = 0; i < want.length; i++) {
                    twice[i] = want[i].clone();
                    for (int j = 0; j < twice[i].length; j++) twice[i][j] *= 2;
                }
                String wrong = Checks.compare("dW1", got, want, "(H, D)", Lab02.N,
                        Checks.mistake(twice, "twice the gradient: libtorch adds into .grad, and a second backward doubled it"));
                if (wrong != null) return Checks.fail(what, wrong);
                double[][] mine = Lab02.part2DW1();
                String own = "";
                if (mine != null) {
                    double worst = 0;
                    for (int i = 0; i < mine.length; i++) for (int j = 0; j < mine[i].length; j++) worst = Math.max(worst, Math.abs(mine[i][j] - got[i][j]));
                    own = String.format(Locale.ROOT, "; against your own Part 2 dW1 the largest difference is %.1e (float32 against double)", worst);
                } else {
                    own = " (your Part 2 dW1 is not here: run Part 2's backward check to compare with it too)";
                }
                return Checks.pass(what, "agrees with the engine's dW1 on the tiny batch" + own);
            }
        });
    }

    private static void set(Linear l, double[][] w, double[] b) {
        l.getParameters().get("weight").getArray().set(flat(w));
        l.getParameters().get("bias").getArray().set(toFloats(b));
    }

    private static double[][] inputs(int[][] pixels) {
        double[][] x = new double[pixels.length][pixels[0].length];
        for (int i = 0; i < pixels.length; i++) for (int d = 0; d < pixels[i].length; d++) x[i][d] = pixels[i][d] / 255.0;
        return x;
    }

    private static float[] flat(double[][] a) {
        float[] out = new float[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) out[i * a[0].length + j] = (float) a[i][j];
        return out;
    }

    private static float[] toFloats(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (float) a[i];
        return out;
    }

    private static double[][] rows(float[] a, int r, int c) {
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) out[i][j] = a[i * c + j];
        return out;
    }

    private static boolean isZero(double[][] a) {
        for (double[] r : a) for (double v : r) if (v != 0) return false;
        return true;
    }
}
