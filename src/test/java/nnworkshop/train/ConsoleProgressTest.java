package nnworkshop.train;

import nnworkshop.scratch.Trainer;
import nnworkshop.tensor.Backend;
import nnworkshop.util.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;


class ConsoleProgressTest {

    @Test
    void withoutATerminalItPrintsOneCleanLinePerEpoch() {
        StringWriter sink = new StringWriter();
        PrintWriter out = new PrintWriter(sink);
        Trainer.fit(nnworkshop.nn.ModelSpec.parse("4", null, "relu", 16, 4).build(nnworkshop.nn.Init.HE, Seeds.init(1)),
                Synthetic.quadrants("t", 100, 1), Synthetic.quadrants("v", 50, 2),
                TrainConfig.builder().epochs(3).batch(10).build(), Backend.reference(), new ConsoleProgress(out, false));
        String text = sink.toString();
        assertFalse(text.contains("\r"), "no carriage returns in logs");
        String[] lines = text.split("\n");
        assertEquals(4, lines.length, text);
        assertTrue(lines[0].startsWith("training on 100 images: 3 epochs of 10 steps (batch 10, sgd lr 0.1)"), lines[0]);
        assertTrue(lines[3].matches("epoch 3/3  train loss \\d\\.\\d{4} acc \\d+\\.\\d{2}%  val loss \\d\\.\\d{4} acc \\d+\\.\\d{2}%  lr 0\\.1  \\d+\\.\\d s"),
                lines[3]);
    }

    /** What a terminal shows: each line as its last carriage-return segment. */
    private static String[] screen(String text) {
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) lines[i] = lines[i].substring(lines[i].lastIndexOf('\r') + 1);
        return lines;
    }

    @Test
    void inATerminalEveryEpochEndsWithItsBarAtNOfNAndItsResultLine() {
        StringWriter sink = new StringWriter();
        PrintWriter out = new PrintWriter(sink);
        Trainer.fit(nnworkshop.nn.ModelSpec.parse("4", null, "relu", 16, 4).build(nnworkshop.nn.Init.HE, Seeds.init(1)),
                Synthetic.quadrants("t", 100, 1), Synthetic.quadrants("v", 50, 2),
                TrainConfig.builder().epochs(3).batch(10).build(), Backend.reference(), new ConsoleProgress(out, true));
        String[] lines = screen(sink.toString());
        assertEquals(7, lines.length, String.join("\n", lines));
        for (int epoch = 1; epoch <= 3; epoch++) {
            String bar = lines[2 * epoch - 1], result = lines[2 * epoch];
            assertTrue(bar.startsWith("epoch " + epoch + "/3 100% [") && bar.contains(" 10/10 "), bar);
            assertTrue(result.startsWith("epoch " + epoch + "/3  train loss "), result);
        }
    }
}
