package nnworkshop.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.explore.DatasetStats.Split;
import nnworkshop.report.PngChecks;

class ExplorerTest {
    @TempDir Path dir;

    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /**
     * {@code n} synthetic 28×28 "digits": class k (label i mod 10, so counts are known) is a bar of
     * ink in columns 2k+4 and 2k+5, with seeded grey noise on a tenth of the pixels.
     */
    static Dataset synthetic(String name, int n, long seed) {
        Random rnd = new Random(seed);
        byte[] px = new byte[n * 784];
        byte[] lb = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            lb[i] = (byte) k;
            for (int r = 3; r < 25; r++) {
                px[i * 784 + r * 28 + 2 * k + 4] = (byte) 255;
                px[i * 784 + r * 28 + 2 * k + 5] = (byte) 200;
            }
            for (int p = 0; p < 784; p++) if (rnd.nextInt(10) == 0 && px[i * 784 + p] == 0) px[i * 784 + p] = (byte) rnd.nextInt(256);
        }
        return new Dataset(name, n, 28, 28, px, lb);
    }

    @Test
    void writesAllFiguresAndTheJson() throws IOException {
        Dataset train = synthetic("syn/train", 50, 1), val = synthetic("syn/val", 20, 2), test = synthetic("syn/test", 30, 3);
        ExploreResult r = Explorer.explore("synthetic", DIGITS, train, val, test, dir);

        assertEquals(List.of(dir.resolve("samples.png"), dir.resolve("class_distribution.png"),
                dir.resolve("class_means.png"), dir.resolve("pixel_histogram.png"), dir.resolve("explore.json")), r.files());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(5, files.count(), "exactly the five files, no temporary leftovers");
        }

        // samples: 4 × 8 tiles of 112 px + 2 px frame, 14 px gaps, 12 px margins
        BufferedImage samples = PngChecks.read(r.samples());
        assertEquals(2 * 12 + 8 * 114 + 7 * 14, samples.getWidth());
        assertTrue(samples.getHeight() > 4 * 114 + 3 * 14 + 12 && samples.getHeight() < 4 * 114 + 3 * 14 + 4 * 30 + 60,
                "samples height " + samples.getHeight());
        PngChecks.assertNotBlank(samples, 50, "samples.png");
        // means: 2 rows × 5 columns
        BufferedImage means = PngChecks.read(r.classMeans());
        assertEquals(2 * 12 + 5 * 114 + 4 * 14, means.getWidth());
        PngChecks.assertNotBlank(means, 20, "class_means.png");
        PngChecks.assertPng(r.classDistribution(), ExploreFigures.CHART_WIDTH, ExploreFigures.CHART_HEIGHT, 10);
        PngChecks.assertPng(r.pixelHistogram(), ExploreFigures.CHART_WIDTH, ExploreFigures.CHART_HEIGHT, 10);

        JsonObject json = JsonParser.parseString(Files.readString(r.json())).getAsJsonObject();
        assertEquals("synthetic", json.get("dataset").getAsString());
        assertEquals(28, json.get("imageRows").getAsInt());
        assertEquals(10, json.getAsJsonArray("classNames").size());
        JsonObject counts = json.getAsJsonObject("counts");
        assertEquals(50, counts.get("train").getAsInt());
        assertEquals(20, counts.get("validation").getAsInt());
        assertEquals(30, counts.get("test").getAsInt());
        JsonObject cc = json.getAsJsonObject("classCounts");
        for (int k = 0; k < 10; k++) {
            assertEquals(5, cc.getAsJsonArray("train").get(k).getAsInt());
            assertEquals(2, cc.getAsJsonArray("validation").get(k).getAsInt());
            assertEquals(3, cc.getAsJsonArray("test").get(k).getAsInt());
        }
        assertEquals(r.stats().pixelMean(), json.get("pixelMean").getAsDouble());
        assertEquals(r.stats().pixelStd(), json.get("pixelStd").getAsDouble());
        assertTrue(r.stats().pixelMean() > 0.05 && r.stats().pixelMean() < 0.2, "mean " + r.stats().pixelMean());
        JsonObject figures = json.getAsJsonObject("figures");
        assertEquals("samples.png", figures.get("samples").getAsString());
        assertEquals("class_distribution.png", figures.get("classDistribution").getAsString());
        assertEquals("class_means.png", figures.get("classMeans").getAsString());
        assertEquals("pixel_histogram.png", figures.get("pixelHistogram").getAsString());
    }

    /** The class-mean tile of class k is dark exactly where its bar is: means are per class. */
    @Test
    void classMeansFollowTheLabels() {
        DatasetStats s = DatasetStats.compute(synthetic("t", 40, 5), null, synthetic("u", 10, 6), 10);
        for (int k = 0; k < 10; k++) {
            float[] m = s.classMean(k);
            assertEquals(1f, m[10 * 28 + 2 * k + 4], 1e-6f);
            assertEquals(200f / 255f, m[10 * 28 + 2 * k + 5], 1e-6f);
            assertTrue(m[10 * 28 + (2 * k + 10) % 28] < 0.5f);
        }
    }

    @Test
    void summaryIsAlignedAndComplete() {
        Dataset train = synthetic("syn/train", 1200, 1), test = synthetic("syn/test", 30, 3);
        ExploreResult r = Explorer.explore("fashion-like", FASHION, train, null, test, dir);
        String[] lines = r.summary().split("\\R");
        assertEquals(7, lines.length, r.summary());
        assertTrue(lines[0].startsWith("fashion-like: 1,230 images of 28×28 pixels, 10 classes"), lines[0]);
        // the "images" column is right-aligned: each row's count ends where the header ends
        int end = lines[1].indexOf("images") + "images".length();
        assertTrue(lines[2].startsWith("  train") && lines[2].substring(0, end).endsWith("1,200"), lines[2]);
        assertTrue(lines[3].startsWith("  validation") && lines[3].substring(0, end).endsWith("0"), lines[3]);
        assertTrue(lines[4].startsWith("  test") && lines[4].substring(0, end).endsWith("30"), lines[4]);
        // smallest and largest class columns start at the same place in every row
        int small = lines[1].indexOf("smallest class"), large = lines[1].indexOf("largest class");
        assertEquals("T-shirt/top:", lines[2].substring(small, small + 12));
        assertEquals("T-shirt/top:", lines[2].substring(large, large + 12)); // all classes equal: first wins
        assertTrue(lines[2].contains("120 (10.0%)"), lines[2]);
        assertEquals("-", lines[3].substring(small).trim().substring(0, 1));
        assertTrue(lines[5].contains("mean 0.") && lines[5].contains("std 0."), lines[5]);
        assertTrue(lines[6].contains("samples.png") && lines[6].contains("explore.json"), lines[6]);
        for (String l : lines) assertFalse(l.endsWith(" "), "trailing blanks: '" + l + "'");
    }

    @Test
    void aLabelWithoutAClassNameFailsBeforeAnythingIsWritten() throws IOException {
        Dataset train = synthetic("syn/train", 20, 1);
        Path out = dir.resolve("out");
        WorkshopException e = assertThrows(WorkshopException.class,
                () -> Explorer.explore("x", List.of("a", "b", "c"), train, null, train, out));
        assertTrue(e.getMessage().contains("label 3"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written on bad input");
    }

    @Test
    void fewerTrainingImagesThanTheSampleGrid() {
        List<String> names = new ArrayList<>(DIGITS);
        ExploreResult r = Explorer.explore("five", names, synthetic("t", 5, 1), null, synthetic("u", 5, 2), dir);
        BufferedImage samples = PngChecks.read(r.samples());
        assertEquals(2 * 12 + 5 * 114 + 4 * 14, samples.getWidth(), "one row of five tiles");
        assertEquals(5, r.stats().count(Split.TRAIN));
    }
}
