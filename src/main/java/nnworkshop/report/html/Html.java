package nnworkshop.report.html;

/** Escaping and the tiny maths markup of the report. */
final class Html {
    private Html() {}

    /** Text safe inside an element or a double-quoted attribute: escapes {@code & < > " '}. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Words set upright in maths (function names); every other run of letters is a variable, in italics. */
    private static final java.util.Set<String> UPRIGHT = java.util.Set.of("softmax", "max", "exp", "log", "rows");

    /**
     * Maths written compactly, as HTML: {@code x^[1]} and {@code x^[1]T} become superscripts,
     * {@code x^T} / {@code x^{…}} a superscript, {@code x_1} / {@code x_{…}} a subscript; runs of
     * letters become {@code <var>} (except function names such as softmax); everything else is
     * escaped and kept. Example: {@code dW^[2] = dz^[2]·a^[1]T}.
     */
    static String math(String m) {
        StringBuilder sb = new StringBuilder();
        int i = 0, n = m.length();
        while (i < n) {
            char c = m.charAt(i);
            if ((c == '^' || c == '_') && i + 1 < n) {
                String tag = c == '^' ? "sup" : "sub";
                int end;
                String inner;
                char d = m.charAt(i + 1);
                if (d == '[') {
                    end = m.indexOf(']', i + 1) + 1;
                    while (end < n && (m.charAt(end) == 'T' || m.charAt(end) == '′')) end++;
                    inner = esc(m.substring(i + 1, end));
                } else if (d == '{') {
                    end = m.indexOf('}', i + 1);
                    inner = math(m.substring(i + 2, end));
                    end++;
                } else {
                    end = i + 2;
                    inner = esc(String.valueOf(d));
                }
                sb.append('<').append(tag).append('>').append(inner).append("</").append(tag).append('>');
                i = end;
            } else if (Character.isLetter(c) && c != 'Σ') {
                int j = i + 1;
                while (j < n && Character.isLetter(m.charAt(j)) && m.charAt(j) != 'Σ') j++;
                String word = m.substring(i, j);
                sb.append(UPRIGHT.contains(word) ? "<span class=\"fn\">" + word + "</span>" : "<var>" + esc(word) + "</var>");
                i = j;
            } else {
                sb.append(esc(String.valueOf(c)));
                i++;
            }
        }
        return sb.toString();
    }
}
