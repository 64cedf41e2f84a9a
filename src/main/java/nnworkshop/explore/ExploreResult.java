package nnworkshop.explore;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import nnworkshop.explore.DatasetStats.Split;

/**
 * What {@link Explorer#explore} computed and wrote.
 *
 * @param datasetName       the name given to {@link Explorer#explore}
 * @param classNames        label k ↦ {@code classNames.get(k)}
 * @param stats             the statistics the figures and the JSON show
 * @param outDir            the directory the files were written to
 * @param samples           {@code samples.png}
 * @param classDistribution {@code class_distribution.png}
 * @param classMeans        {@code class_means.png}
 * @param pixelHistogram    {@code pixel_histogram.png}
 * @param json              {@code explore.json}
 */
public record ExploreResult(String datasetName, List<String> classNames, DatasetStats stats, Path outDir,
                            Path samples, Path classDistribution, Path classMeans, Path pixelHistogram, Path json) {

    public ExploreResult {
        classNames = List.copyOf(classNames);
    }

    /** Every file written, figures first, then the JSON. */
    public List<Path> files() {
        return List.of(samples, classDistribution, classMeans, pixelHistogram, json);
    }

    /**
     * A few aligned lines for the terminal: images per split with the smallest and largest class
     * (count and share of the split), the training pixel mean and std, and the files written. Ends
     * without a newline.
     */
    public String summary() {
        DatasetStats s = stats;
        Split[] splits = Split.values();
        // per split: smallest and largest class as {name, count, percent}, or null if the split is empty
        String[][][] ext = new String[splits.length][][];
        int nameW = 0, countW = 0, pctW = 0, imagesW = "images".length(), splitW = "split".length();
        for (Split split : splits) {
            int n = s.count(split);
            imagesW = Math.max(imagesW, fmt("%,d", n).length());
            splitW = Math.max(splitW, split.id().length());
            if (n == 0) continue;
            int[] c = s.classCounts(split);
            int lo = 0, hi = 0;
            for (int k = 1; k < c.length; k++) {
                if (c[k] < c[lo]) lo = k;
                if (c[k] > c[hi]) hi = k;
            }
            String[][] e = new String[2][];
            int j = 0;
            for (int k : new int[] {lo, hi}) {
                e[j++] = new String[] {classNames.get(k) + ":", fmt("%,d", c[k]), fmt("%.1f%%", 100.0 * c[k] / n)};
            }
            ext[split.ordinal()] = e;
            for (String[] x : e) {
                nameW = Math.max(nameW, x[0].length());
                countW = Math.max(countW, x[1].length());
                pctW = Math.max(pctW, x[2].length());
            }
        }
        String cellFormat = "%-" + Math.max(nameW, 1) + "s %" + Math.max(countW, 1) + "s (%" + Math.max(pctW, 1) + "s)";
        int cellW = Math.max("smallest class".length(), fmt(cellFormat, "", "", "").length());
        String row = "  %-" + splitW + "s  %" + imagesW + "s   %-" + cellW + "s   %s";

        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        sb.append(fmt("%s: %,d images of %d×%d pixels, %d classes", datasetName, s.totalCount(),
                s.rows(), s.cols(), s.numClasses())).append(nl);
        sb.append(fmt(row, "split", "images", "smallest class", "largest class").stripTrailing()).append(nl);
        for (Split split : splits) {
            String[][] e = ext[split.ordinal()];
            String small = e == null ? "-" : fmt(cellFormat, (Object[]) e[0]);
            String large = e == null ? "-" : fmt(cellFormat, (Object[]) e[1]);
            sb.append(fmt(row, split.id(), fmt("%,d", s.count(split)), small, large).stripTrailing()).append(nl);
        }
        sb.append(fmt("  pixels (training split, [0, 1] scale): mean %.4f, std %.4f", s.pixelMean(), s.pixelStd())).append(nl);
        sb.append("  wrote ").append(outDir).append(": ");
        List<Path> f = files();
        for (int i = 0; i < f.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(f.get(i).getFileName());
        }
        return sb.toString();
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
