package nnworkshop.explore;

import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.explore.DatasetStats.Split;
import nnworkshop.report.Charts;
import nnworkshop.util.AtomicFiles;
import nnworkshop.util.Json;

/**
 * Part 3 in one call: computes a dataset's {@link DatasetStats} and writes its figures and a JSON
 * summary into one directory.
 *
 * <p>Files written into {@code outDir} (created if needed; each written atomically):
 * <ul>
 *   <li>{@value #SAMPLES} — the first 32 training images with their labels, 4× nearest-neighbour;</li>
 *   <li>{@value #CLASS_DISTRIBUTION} — images per class, training and test split side by side;</li>
 *   <li>{@value #CLASS_MEANS} — the mean training image of each class;</li>
 *   <li>{@value #PIXEL_HISTOGRAM} — histogram of training pixel values, log-scale counts;</li>
 *   <li>{@value #JSON} — dataset name, counts per split and per class, pixel mean and std, the
 *       figures' file names.</li>
 * </ul>
 */
public final class Explorer {
    public static final String SAMPLES = "samples.png";
    public static final String CLASS_DISTRIBUTION = "class_distribution.png";
    public static final String CLASS_MEANS = "class_means.png";
    public static final String PIXEL_HISTOGRAM = "pixel_histogram.png";
    public static final String JSON = "explore.json";

    private Explorer() {}

    /**
     * Explores a dataset and writes the figures and {@value #JSON} into {@code outDir}.
     *
     * @param datasetName a name for titles and the JSON, e.g. "mnist" or "fashion-mnist"
     * @param classNames  the name of each class, label k ↦ {@code classNames.get(k)} ("0".."9" for
     *                    MNIST); its size is the number of classes
     * @param validation  may be null or empty when there is no validation split
     * @return the statistics and the paths written
     * @throws WorkshopException on an empty training split, mismatched image sizes, a label without a
     *                           class name, or a file that cannot be written
     */
    public static ExploreResult explore(String datasetName, List<String> classNames, Dataset train,
                                        Dataset validation, Dataset test, Path outDir) {
        if (datasetName == null || datasetName.isBlank()) throw new IllegalArgumentException("datasetName is blank");
        if (classNames.isEmpty()) throw new IllegalArgumentException("classNames is empty");
        DatasetStats stats = DatasetStats.compute(train, validation, test, classNames.size());

        Path samples = Charts.savePng(ExploreFigures.samples(datasetName, classNames, train,
                ExploreFigures.SAMPLE_ROWS, ExploreFigures.SAMPLE_COLS, ExploreFigures.SCALE), outDir.resolve(SAMPLES));
        Path distribution = Charts.savePng(ExploreFigures.classDistribution(datasetName, classNames, stats),
                ExploreFigures.CHART_WIDTH, ExploreFigures.CHART_HEIGHT, outDir.resolve(CLASS_DISTRIBUTION));
        Path means = Charts.savePng(ExploreFigures.classMeans(datasetName, classNames, stats, ExploreFigures.SCALE),
                outDir.resolve(CLASS_MEANS));
        Path histogram = Charts.savePng(ExploreFigures.pixelHistogram(datasetName, stats),
                ExploreFigures.CHART_WIDTH, ExploreFigures.CHART_HEIGHT, outDir.resolve(PIXEL_HISTOGRAM));
        Path json = AtomicFiles.writeString(outDir.resolve(JSON), toJson(datasetName, classNames, stats));

        return new ExploreResult(datasetName, classNames, stats, outDir, samples, distribution, means, histogram, json);
    }

    /** The content of {@value #JSON}: pretty-printed, keys in a fixed order. */
    static String toJson(String datasetName, List<String> classNames, DatasetStats stats) {
        JsonObject root = new JsonObject();
        root.addProperty("dataset", datasetName);
        root.addProperty("imageRows", stats.rows());
        root.addProperty("imageCols", stats.cols());
        JsonArray names = new JsonArray();
        classNames.forEach(names::add);
        root.add("classNames", names);
        JsonObject counts = new JsonObject();
        JsonObject classCounts = new JsonObject();
        for (Split s : Split.values()) {
            counts.addProperty(s.id(), stats.count(s));
            JsonArray per = new JsonArray();
            for (int c : stats.classCounts(s)) per.add(c);
            classCounts.add(s.id(), per);
        }
        root.add("counts", counts);
        root.add("classCounts", classCounts);
        root.addProperty("pixelMean", stats.pixelMean());
        root.addProperty("pixelStd", stats.pixelStd());
        root.addProperty("pixelStatsOf", "training split, pixel values scaled to [0, 1]");
        JsonObject figures = new JsonObject();
        figures.addProperty("samples", SAMPLES);
        figures.addProperty("classDistribution", CLASS_DISTRIBUTION);
        figures.addProperty("classMeans", CLASS_MEANS);
        figures.addProperty("pixelHistogram", PIXEL_HISTOGRAM);
        root.add("figures", figures);
        return Json.pretty(root);
    }
}
