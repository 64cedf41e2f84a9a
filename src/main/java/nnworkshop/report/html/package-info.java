/**
 * The HTML report of a whole run, {@code out/report/index.html}: one page that walks the five parts
 * of the workshop, built from the files the run wrote ({@code out/part1} … {@code out/part5}) and
 * nothing else, so it can be rebuilt at any time from {@code out/}.
 *
 * <p>{@link nnworkshop.report.html.HtmlReport} is the entry point. The page is plain HTML written
 * with Java text blocks, every value from a file passed through {@link nnworkshop.report.html.Html#esc};
 * the CSS is inlined from a resource; every figure is copied into {@code report/img/}, and the Java
 * sources the equations link to are copied into {@code report/src/} as line-numbered pages. The
 * folder is self-contained: no absolute path, no network, no script. Equations are HTML with
 * {@code <sup>}/{@code <sub>} (no MathJax).
 *
 * <p>The files: {@code HtmlReport} (API, reading the run, copying figures), {@code ReportPage} (the
 * sections' text), {@code SourcePages} (line-numbered sources and links from equations to methods),
 * {@code RunFiles} (JSON inputs and their clear errors), {@code Html} and {@code Fmt} (escaping,
 * maths markup, number formats).
 */
package nnworkshop.report.html;
