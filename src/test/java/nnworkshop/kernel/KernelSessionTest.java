package nnworkshop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.notebook.KernelCheck;
import nnworkshop.notebook.KernelSetup;
import nnworkshop.notebook.TestKernel;

/**
 * The kernel as Jupyter sees it: started by jupyter_client from its kernel spec, one session
 * running cells one after the other (about 15 s: a JVM, JShell, a 3 s interrupt).
 */
@Tag("slow")
class KernelSessionTest {
    @TempDir static Path root;
    static JsonObject session;

    static final String[] CELLS = {
        "1 + 1",
        "System.out.println(\"hello\");\nSystem.err.print(\"to stderr\");",
        "int answer = 42;\nif (answer == 42)\n    throw new IllegalStateException(\"boom\");",
        "answer + 1",
        "import java.awt.image.BufferedImage;\nnew BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB)",
        "for (int i = 0; i < 100; i++) Thread.sleep(100);",
        "long spins = 0;\nwhile (true) spins++;",
        "import nnworkshop.kernel.Display;\nDisplay.show(new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB));\n\"after\"",
    };

    @BeforeAll
    static void runSession() {
        KernelSetup.Layout layout = TestKernel.install(root);
        JsonArray cells = new JsonArray();
        for (String code : CELLS) {
            JsonObject c = new JsonObject();
            c.addProperty("code", code);
            if (code.startsWith("for") || code.startsWith("long spins")) c.addProperty("interrupt_after", 1.0);
            cells.add(c);
        }
        session = KernelCheck.runCells(new KernelCheck.Options(TestKernel.jupyter(), layout.jupyterPath(),
                KernelSetup.KERNEL_NAME, Duration.ofSeconds(30)), cells);
        assertNull(session.get("error"), () -> session.toString());
    }

    static JsonObject cell(int i) {
        return session.getAsJsonArray("cells").get(i).getAsJsonObject();
    }

    static List<JsonObject> outputs(int i, String type) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : cell(i).getAsJsonArray("outputs")) {
            JsonObject m = e.getAsJsonObject();
            if (m.get("msg_type").getAsString().equals(type)) out.add(m.getAsJsonObject("content"));
        }
        return out;
    }

    static String status(int i) {
        return cell(i).getAsJsonObject("reply").get("status").getAsString();
    }

    @Test
    void kernelInfoAndAnExpression() {
        assertTrue(session.get("ready_s").getAsDouble() > 0);
        assertEquals("ok", status(0));
        assertEquals("2", outputs(0, "execute_result").get(0).getAsJsonObject("data").get("text/plain").getAsString());
    }

    @Test
    void stdoutAndStderrAreStreamed() {
        assertEquals("ok", status(1));
        List<JsonObject> streams = outputs(1, "stream");
        assertEquals(2, streams.size(), streams.toString());
        assertEquals("stdout", streams.get(0).get("name").getAsString());
        assertEquals("hello\n", streams.get(0).get("text").getAsString());
        assertEquals("stderr", streams.get(1).get("name").getAsString());
        assertEquals("to stderr", streams.get(1).get("text").getAsString(), "flushed at the cell's end without a newline");
    }

    @Test
    void anExceptionIsOneErrorNamingTheLineAndTheKernelCarriesOn() {
        JsonObject reply = cell(2).getAsJsonObject("reply");
        assertEquals("error", reply.get("status").getAsString());
        assertEquals("java.lang.IllegalStateException", reply.get("ename").getAsString());
        assertEquals("boom", reply.get("evalue").getAsString());
        JsonArray tb = reply.getAsJsonArray("traceback");
        assertEquals("java.lang.IllegalStateException: boom", tb.get(0).getAsString());
        assertEquals("    at line 3 of this cell: throw new IllegalStateException(\"boom\");", tb.get(1).getAsString());
        assertEquals(1, outputs(2, "error").size(), "one error output");
        assertEquals("ok", status(3));
        assertEquals("43", outputs(3, "execute_result").get(0).getAsJsonObject("data").get("text/plain").getAsString());
    }

    @Test
    void aBufferedImageIsShownAsAPng() throws IOException {
        JsonObject data = outputs(4, "execute_result").get(0).getAsJsonObject("data");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(data.get("image/png").getAsString())));
        assertEquals(30, img.getWidth());
        assertEquals(20, img.getHeight());
        assertEquals("image 30×20", data.get("text/plain").getAsString());
    }

    @Test
    void anInterruptStopsASleepingLoopAndABusyOne() {
        for (int i : new int[] {5, 6}) {
            JsonObject reply = cell(i).getAsJsonObject("reply");
            assertEquals("error", reply.get("status").getAsString());
            assertEquals("InterruptedException", reply.get("ename").getAsString());
            double s = cell(i).get("seconds").getAsDouble();
            assertTrue(s < 9, "cell " + i + " stopped after " + s + " s, not run to its end");
        }
        assertEquals("ok", status(7), "the kernel runs the next cell");
        assertTrue(session.get("alive").getAsBoolean());
    }

    @Test
    void displayShowsAFigureMidCell() {
        List<JsonObject> shown = outputs(7, "display_data");
        assertEquals(1, shown.size());
        assertTrue(shown.get(0).getAsJsonObject("data").has("image/png"));
        assertEquals("\"after\"", outputs(7, "execute_result").get(0).getAsJsonObject("data").get("text/plain").getAsString());
        assertFalse(outputs(7, "execute_result").get(0).getAsJsonObject("data").has("image/png"));
    }
}
