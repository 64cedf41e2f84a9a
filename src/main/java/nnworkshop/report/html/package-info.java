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
 * <p>The files:
 * <ul>
 *   <li>{@code HtmlReport} — the API: reads the run, checks every input, copies the figures, writes
 *       the page last.</li>
 *   <li>{@code ReportPage} — the page's frame: the head with the CSS, the header, the contents, the
 *       run manifest and the footer, around the five sections in the page's order.</li>
 *   <li>One class per section, each given the run's files it reads: {@code Part1Introduction}
 *       (train.json's model), {@code Part2FromScratch} (train.json, the source links),
 *       {@code Part3Dataset} (explore.json, train.json's normalisation), {@code Part4PyTorch}
 *       (torch.json) and {@code Part5Comparison} (compare.json, explore.json's class names).</li>
 *   <li>{@code Page} — what the frame and the sections write into: the HTML so far, the figures and
 *       their running numbers ({@code figure}, {@code figurePair}).</li>
 *   <li>{@code RunText} — what more than one section shows: the architecture, the hyper-parameters,
 *       the table of one training run (Parts 2 and 4), class and figure names.</li>
 *   <li>{@code SourcePages} (line-numbered sources and links from equations to methods),
 *       {@code RunFiles} (JSON inputs and their clear errors), {@code Html} and {@code Fmt}
 *       (escaping, maths markup, number formats).</li>
 * </ul>
 */
package nnworkshop.report.html;
