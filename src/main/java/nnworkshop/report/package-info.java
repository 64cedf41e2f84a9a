/**
 * Figures written as PNG: the activation-function plot of Part 1, image grids of digits and of
 * first-layer weights, and the look shared by every chart ({@link nnworkshop.report.Charts});
 * later the HTML report.
 *
 * <p>Charts are JFreeChart, rendered headless into a {@link java.awt.image.BufferedImage} and written
 * through {@link nnworkshop.util.AtomicFiles}, so a reader never sees a half-written PNG. Each figure
 * is also available as a {@code BufferedImage} (or a {@code JFreeChart}) so a notebook can show it.
 * Images of digits are drawn pixel by pixel with integer nearest-neighbour scaling
 * ({@link nnworkshop.report.DigitImages}): no interpolation, so a 28×28 digit stays crisp.
 */
package nnworkshop.report;
