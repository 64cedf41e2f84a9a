package nnworkshop.kernel;

/**
 * Showing something from the middle of a cell. A cell's last expression is shown by itself; to
 * show more than one figure from a cell, call {@code Display.show(image)} for each:
 * <pre>
 *   import nnworkshop.kernel.Display;
 *   Display.show(TrainingFigures.renderLearningCurves(List.of(run)));
 * </pre>
 * A {@code BufferedImage} (any {@code RenderedImage}) is shown as a PNG, anything else as text.
 */
public final class Display {
    private Display() {}

    /**
     * Shows {@code value} in the output of the running cell.
     *
     * @throws IllegalStateException outside the nn-workshop kernel (in a plain JVM there is no notebook)
     */
    public static void show(Object value) {
        WorkshopKernel k = WorkshopKernel.current();
        System.out.flush(); // what the cell printed so far comes first
        System.err.flush();
        k.display(k.render(value));
    }
}
