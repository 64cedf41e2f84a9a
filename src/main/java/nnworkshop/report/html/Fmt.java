package nnworkshop.report.html;

import java.math.BigDecimal;
import java.util.Locale;

/** Number formats of the report. Every method returns HTML (already escaped). */
final class Fmt {
    private Fmt() {}

    /** A fraction as a percentage with 2 decimals: 0.9765 → "97.65%". */
    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** Percentage points with 2 decimals, with a sign if {@code signed}: 0.05 → "+0.05 pp" or "0.05 pp". */
    static String pp(double points, boolean signed) {
        return String.format(Locale.ROOT, signed ? "%+.2f pp" : "%.2f pp", points).replace('-', '−');
    }

    /** A whole number with thousands separators: 250000 → "250,000". */
    static String count(double v) {
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    /**
     * Scientific notation with 2 significant digits, as HTML: 2e-7 → "2.0×10<sup>−7</sup>".
     * Values between 0.01 and 1000 are written plainly ("0.25").
     */
    static String sci(double v) {
        if (v == 0) return "0";
        if (!Double.isFinite(v)) return Double.toString(v);
        double a = Math.abs(v);
        if (a >= 0.01 && a < 1000) return plain(Double.parseDouble(String.format(Locale.ROOT, "%.2g", v)));
        String s = String.format(Locale.ROOT, "%.1e", v); // "2.0e-07"
        int e = s.indexOf('e');
        int exp = Integer.parseInt(s.substring(e + 1));
        return s.substring(0, e).replace('-', '−') + "×10<sup>" + (exp < 0 ? "−" + (-exp) : Integer.toString(exp)) + "</sup>";
    }

    /** Seconds with 3 significant digits: 0.7213 → "0.721 s", 12.34 → "12.3 s". */
    static String seconds(double s) {
        String p = s < 1 ? "%.3f s" : s < 10 ? "%.2f s" : s < 100 ? "%.1f s" : "%,.0f s";
        return String.format(Locale.ROOT, p, s);
    }

    /** Megabytes, whole: 120.4 → "120 MB". */
    static String mb(double mb) {
        return count(mb) + " MB";
    }

    /** A loss with 4 decimals: 0.076149 → "0.0761". */
    static String loss(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** A hyper-parameter as written: 0.1 → "0.1", 1.0E-4 → "0.0001", 42.0 → "42". */
    static String plain(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
