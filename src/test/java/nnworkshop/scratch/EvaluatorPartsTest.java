package nnworkshop.scratch;

import nnworkshop.tensor.Backend;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.Synthetic;
import nnworkshop.train.TrainConfig;
import nnworkshop.util.Seeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Init;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.kernel.VectorGemm;

/**
 * Large evaluation batches are split among the kernel threads, each running a replica of the model
 * on its part: outputs, predictions and loss are bit-identical to one thread's, for sparse and
 * dense inputs, any batch size and a set that is not a multiple of it; and the replicas follow the
 * model's parameters as they are trained.
 */
class EvaluatorPartsTest {

    @Test
    void partsOnReplicasGiveTheSameBitsAsOneThread() {
        ModelSpec spec = ModelSpec.parse("64,32,16", null, "relu", 64, 4);
        Dataset sparse = Synthetic.sparseQuadrants("s", 2345, 7);
        Dataset dense = Synthetic.quadrants("d", 2345, 8);
        ModelSpec denseSpec = ModelSpec.parse("16,32,8", null, "tanh", 16, 4);
        for (Object[] c : new Object[][] {{spec, sparse, Normalization.UNIT}, {spec, sparse, new Normalization(0.1f, 0.3f)},
                {denseSpec, dense, Normalization.UNIT}}) {
            ModelSpec s = (ModelSpec) c[0];
            Dataset data = (Dataset) c[1];
            Normalization norm = (Normalization) c[2];
            for (int batch : new int[] {256, 1000, 2345}) {
                try (VectorGemm one = new VectorGemm(1); VectorGemm three = new VectorGemm(3)) {
                    Sequential a = s.build(Init.HE, Seeds.init(3)), b = s.build(Init.HE, Seeds.init(3));
                    a.use(Backend.of(one));
                    b.use(Backend.of(three));
                    Evaluator ea = new Evaluator(a, norm, batch), eb = new Evaluator(b, norm, batch);
                    String what = data.name() + " " + norm + " batch " + batch;
                    assertArrayEquals(ea.outputs(data).data(), eb.outputs(data).data(), what);
                    assertArrayEquals(ea.predict(data), eb.predict(data), what);
                    assertEquals(ea.evaluate(data, LossKind.CROSS_ENTROPY).loss(), eb.evaluate(data, LossKind.CROSS_ENTROPY).loss(),
                            0.0, what);
                }
            }
        }
    }

    @Test
    void replicasSeeTheTrainedWeights() {
        Dataset train = Synthetic.sparseQuadrants("train", 800, 3), val = Synthetic.sparseQuadrants("val", 600, 4);
        ModelSpec spec = ModelSpec.parse("64,32", null, "relu", 64, 4);
        TrainConfig c = TrainConfig.builder().epochs(2).batch(32).lr(0.1).evalBatch(300).build();
        try (VectorGemm two = new VectorGemm(2); VectorGemm one = new VectorGemm(1)) {
            Sequential a = spec.build(Init.HE, Seeds.init(5)), b = spec.build(Init.HE, Seeds.init(5));
            History ha = Trainer.fit(a, train, val, c, Backend.of(two), ProgressListener.SILENT);   // validation in parts
            History hb = Trainer.fit(b, train, val, c, Backend.of(one), ProgressListener.SILENT);   // on one thread
            assertArrayEquals(hb.valLoss(), ha.valLoss());
            assertArrayEquals(hb.stepLosses(), ha.stepLosses());
        }
    }
}
