package nnworkshop.lab;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/** The stroke scripts of {@code strokes.json}: digits as polylines on the page's 280×280 canvas. */
final class Strokes {
    static final int CANVAS = 280, PEN = 20;

    record Digit(int label, List<int[][]> strokes) {}

    private Strokes() {}

    static List<Digit> all() throws IOException {
        try (InputStream in = Strokes.class.getResourceAsStream("/nnworkshop/lab/strokes.json")) {
            List<Digit> out = new ArrayList<>();
            for (JsonElement d : JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonArray("digits")) {
                List<int[][]> strokes = new ArrayList<>();
                for (JsonElement s : d.getAsJsonObject().getAsJsonArray("strokes")) {
                    JsonArray pts = s.getAsJsonArray();
                    int[][] p = new int[pts.size()][];
                    for (int i = 0; i < p.length; i++) p[i] = new int[] {pts.get(i).getAsJsonArray().get(0).getAsInt(), pts.get(i).getAsJsonArray().get(1).getAsInt()};
                    strokes.add(p);
                }
                out.add(new Digit(d.getAsJsonObject().get("label").getAsInt(), strokes));
            }
            return out;
        }
    }

    /**
     * The digit drawn as the page draws it (black 20 px round pen on white), moved by (dx, dy),
     * scaled by s about the centre and its pen widened by dw.
     */
    static BufferedImage render(Digit d, double dx, double dy, double s, double dw) {
        BufferedImage img = new BufferedImage(CANVAS, CANVAS, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, CANVAS, CANVAS);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke((float) (PEN + dw), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int[][] st : d.strokes()) {
            Path2D.Double p = new Path2D.Double();
            for (int i = 0; i < st.length; i++) {
                double x = 140 + (st[i][0] - 140) * s + dx, y = 140 + (st[i][1] - 140) * s + dy;
                if (i == 0) p.moveTo(x, y); else p.lineTo(x, y);
            }
            g.draw(p);
        }
        g.dispose();
        return img;
    }
}
