package nnworkshop.report.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import nnworkshop.util.AtomicFiles;

/**
 * The Java sources the equations link to, copied into {@code report/src/<Name>.java.html} as
 * plain, line-numbered pages with an anchor per line ({@code #L57}), and the links themselves.
 *
 * <p>A method is found by searching its file for its signature (e.g. {@code public Matrix forward(}),
 * so the links follow the code when it changes. If the source root, a file or a signature is not
 * found (the report made outside the repository, a renamed method), the equation names the method
 * without a link: the report is still complete, only less clickable.
 */
final class SourcePages {
    /** A method an equation links to: its file under the source root, the name shown, and how to find it. */
    record Method(String file, String name, Pattern signature) {
        static Method of(String file, String name, String signatureRegex) {
            return new Method(file, name, Pattern.compile(signatureRegex));
        }

        /** "Dense.java". */
        String fileName() {
            return file.substring(file.lastIndexOf('/') + 1);
        }
    }

    static final String NN = "nnworkshop/nn/";
    static final Method DENSE_FORWARD = Method.of(NN + "Dense.java", "Dense.forward", "public\\s+Matrix\\s+forward\\s*\\(");
    static final Method DENSE_BACKWARD = Method.of(NN + "Dense.java", "Dense.backward", "public\\s+Matrix\\s+backward\\s*\\(");
    static final Method ACTIVATION_FORWARD = Method.of(NN + "ActivationLayer.java", "ActivationLayer.forward",
            "public\\s+(?:final\\s+)?Matrix\\s+forward\\s*\\(");
    static final Method ACTIVATION_BACKWARD = Method.of(NN + "ActivationLayer.java", "ActivationLayer.backward",
            "public\\s+(?:final\\s+)?Matrix\\s+backward\\s*\\(");
    static final Method LOSS_FORWARD = Method.of(NN + "SoftmaxCrossEntropy.java", "SoftmaxCrossEntropy.forward",
            "public\\s+double\\s+forward\\s*\\(");
    static final Method LOSS_BACKWARD = Method.of(NN + "SoftmaxCrossEntropy.java", "SoftmaxCrossEntropy.backward",
            "public\\s+Matrix\\s+backward\\s*\\(");
    static final Method SGD_STEP = Method.of("nnworkshop/optim/Sgd.java", "Sgd.step", "public\\s+void\\s+step\\s*\\(");

    /** g and g′ of an activation (its id in train.json: relu, sigmoid, tanh, leaky_relu). */
    static Method activation(String id, boolean derivative) {
        String java = switch (id) {
            case "leaky_relu" -> "leakyRelu";
            case "sigmoid", "tanh", "relu" -> id;
            default -> "relu";
        };
        String name = java + (derivative ? "Derivative" : "");
        return Method.of(NN + "Activations.java", "Activations." + name,
                "public\\s+static\\s+double\\s+" + name + "\\s*\\(");
    }

    /** Every file the report copies. */
    static final List<String> FILES = List.of(NN + "Dense.java", NN + "ActivationLayer.java",
            NN + "SoftmaxCrossEntropy.java", NN + "Activations.java", "nnworkshop/optim/Sgd.java");

    private final Map<String, List<String>> sources; // file → its lines, for the files found

    private SourcePages(Map<String, List<String>> sources) {
        this.sources = sources;
    }

    /**
     * Reads the sources under {@code sourceRoot} (those that exist) and writes their pages into
     * {@code reportDir/src/}.
     *
     * @param sourceRoot a {@code src/main/java} directory; may not exist
     * @param reportDir the report folder (modified: {@code src/} is written)
     * @param backHref where the pages' "back" link goes, relative to the report folder
     */
    static SourcePages write(Path sourceRoot, Path reportDir, String backHref) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (String f : FILES) {
            Path p = sourceRoot.resolve(f);
            if (!Files.isRegularFile(p)) continue;
            try {
                found.put(f, Files.readAllLines(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                // unreadable (or not UTF-8): treated as absent, the equations just name the method
            }
        }
        for (Map.Entry<String, List<String>> e : found.entrySet()) {
            String name = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            AtomicFiles.writeString(reportDir.resolve("src").resolve(name + ".html"),
                    page("src/main/java/" + e.getKey(), e.getValue(), backHref));
        }
        return new SourcePages(found);
    }

    /** The 1-based line where {@code m}'s signature starts, or 0 if its file or signature is not found. */
    int line(Method m) {
        List<String> lines = sources.get(m.file());
        if (lines == null) return 0;
        for (int i = 0; i < lines.size(); i++) {
            if (m.signature().matcher(lines.get(i)).find()) return i + 1;
        }
        return 0;
    }

    /** The relative href of {@code m} ({@code src/Dense.java.html#L57}), or null if it is not found. */
    String href(Method m) {
        int line = line(m);
        return line == 0 ? null : "src/" + m.fileName() + ".html#L" + line;
    }

    /** A link to {@code m}, or just its name in {@code <code>} if it is not found. */
    String link(Method m) {
        String href = href(m);
        String code = "<code>" + Html.esc(m.name()) + "</code>";
        return href == null ? code : "<a class=\"src\" href=\"" + Html.esc(href) + "\">" + code + "</a>";
    }

    /** True if at least one source file was found. */
    boolean any() {
        return !sources.isEmpty();
    }

    /** One source file as a line-numbered HTML page. */
    static String page(String path, List<String> lines, String backHref) {
        StringBuilder sb = new StringBuilder(lines.size() * 80 + 2048);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.esc(path.substring(path.lastIndexOf('/') + 1))).append(" — nn-workshop</title>\n")
                .append("<style>\n").append(HtmlReport.resource("source.css")).append("</style>\n</head>\n<body>\n")
                .append("<header><a href=\"").append(Html.esc(backHref)).append("\">← back to the report</a>")
                .append("<h1>").append(Html.esc(path)).append("</h1></header>\n<pre class=\"src\">");
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            sb.append("<span class=\"line\" id=\"L").append(n).append("\"><a class=\"ln\" href=\"#L").append(n)
                    .append("\">").append(n).append("</a>").append(Html.esc(lines.get(i).replace("\t", "    ")))
                    .append("</span>"); // no newline between lines: each .line is a block already
        }
        sb.append("</pre>\n</body>\n</html>\n");
        return sb.toString();
    }
}
