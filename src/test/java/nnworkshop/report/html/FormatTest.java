package nnworkshop.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Number formats and escaping, on hand-made cases. */
class FormatTest {
    @Test
    void percentagesHaveTwoDecimals() {
        assertEquals("97.65%", Fmt.pct(0.9765));
        assertEquals("100.00%", Fmt.pct(1));
        assertEquals("0.00%", Fmt.pct(0));
        assertEquals("+0.05 pp", Fmt.pp(0.05, true));
        assertEquals("−1.20 pp", Fmt.pp(-1.2, true));
        assertEquals("0.05 pp", Fmt.pp(0.05, false));
    }

    @Test
    void countsHaveThousandsSeparators() {
        assertEquals("250,000", Fmt.count(250000));
        assertEquals("1,000,000", Fmt.count(1.0e6));
        assertEquals("999", Fmt.count(999.4));
        assertEquals("0", Fmt.count(0));
        assertEquals("120 MB", Fmt.mb(120.3));
    }

    @Test
    void smallValuesAreScientific() {
        assertEquals("2.0×10<sup>−7</sup>", Fmt.sci(2e-7));
        assertEquals("7.5×10<sup>−7</sup>", Fmt.sci(7.49e-7));
        assertEquals("1.0×10<sup>−3</sup>", Fmt.sci(0.001));
        assertEquals("−3.0×10<sup>−6</sup>", Fmt.sci(-3e-6));
        assertEquals("1.2×10<sup>4</sup>", Fmt.sci(12345));
        assertEquals("0.25", Fmt.sci(0.25));
        assertEquals("0", Fmt.sci(0));
        assertEquals("NaN", Fmt.sci(Double.NaN));
    }

    @Test
    void secondsKeepThreeSignificantDigits() {
        assertEquals("0.721 s", Fmt.seconds(0.72131));
        assertEquals("1.72 s", Fmt.seconds(1.7221));
        assertEquals("12.3 s", Fmt.seconds(12.34));
        assertEquals("1,234 s", Fmt.seconds(1234.4));
    }

    @Test
    void hyperParametersAreWrittenAsTyped() {
        assertEquals("0.1", Fmt.plain(0.1));
        assertEquals("0.0001", Fmt.plain(1e-4));
        assertEquals("42", Fmt.plain(42.0));
        assertEquals("0", Fmt.plain(0.0));
    }


    @Test
    void escapingCoversTheFiveSpecialCharacters() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;", Html.esc("<a href=\"x\">Tom & Jerry's</a>"));
        assertEquals("plain ∑ text", Html.esc("plain ∑ text"));
    }

    @Test
    void mathMarkupGivesVariablesSuperscriptsAndSubscripts() {
        assertEquals("<var>z</var><sup>[1]</sup> = <var>W</var><sup>[1]</sup>·<var>X</var> + <var>b</var><sup>[1]</sup>",
                Html.math("z^[1] = W^[1]·X + b^[1]"));
        assertEquals("<var>dW</var><sup>[2]</sup> = <var>dz</var><sup>[2]</sup>·<var>a</var><sup>[1]T</sup>",
                Html.math("dW^[2] = dz^[2]·a^[1]T"));
        assertEquals("<var>db</var><sub>1</sub> = Σ<sub><span class=\"fn\">rows</span></sub> <var>dZ</var><sub>1</sub>",
                Html.math("db_1 = Σ_{rows} dZ_1"));
        assertEquals("<var>a</var><sup>[2]</sup> = <span class=\"fn\">softmax</span>(<var>z</var><sup>[2]</sup>)",
                Html.math("a^[2] = softmax(z^[2])"));
        assertEquals("<var>x</var> &lt; <var>y</var> &amp; <var>W</var><sub>2</sub><sup>T</sup>", Html.math("x < y & W_2^T"));
    }
}
