package nnworkshop.train;

import java.io.PrintWriter;
import java.util.Locale;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on the console. In a terminal ({@code System.console() != null}) each epoch gets a
 * progress bar (me.tongfei progressbar) showing the running loss, redrawn in place with a carriage
 * return on the same stream as the result lines; at the epoch's end it is drawn once more at n/n
 * and left on screen, followed by the epoch's result line. Otherwise (a log file, CI) only one
 * clean line per epoch is printed, with no carriage-return updates.
 *
 * <p>(The library's default terminal consumer moves the cursor up to redraw a bar one line above
 * it; an epoch that ends before the bar's first redraw then had its bar repainted over its result
 * line, seen in a tmux pane as every epoch stuck at 0% and the result lines missing.)
 */
public final class ConsoleProgress implements ProgressListener {
    private static final int MESSAGE_EVERY = 20; // steps between loss updates on the bar

    private final PrintWriter out;
    private final boolean interactive;
    private ProgressBar bar;
    private int stepsPerEpoch;

    /**
     * @param out         where the per-epoch lines go
     * @param interactive whether to draw a progress bar (on the terminal's stderr) during each epoch
     */
    public ConsoleProgress(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    static ConsoleProgress forSystemOut() {
        return new ConsoleProgress(nnworkshop.util.Console.out(), System.console() != null);
    }

    @Override
    public void onStart(TrainConfig config, int trainCount, int stepsPerEpoch) {
        this.stepsPerEpoch = stepsPerEpoch;
        out.printf(Locale.ROOT, "training on %,d images: %d epochs of %d steps (batch %d, %s lr %s)%n",
                trainCount, config.epochs(), stepsPerEpoch, config.batch(), config.optimizer(), fmt(config.lr()));
        out.flush();
    }

    @Override
    public void onEpochStart(int epoch, int epochs, double learningRate) {
        if (!interactive) return;
        closeBar();
        bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                .setInitialMax(stepsPerEpoch)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new DelegatingProgressBarConsumer(this::redraw))
                .build();
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
        if (bar == null) return;
        bar.stepTo(step);
        if (step % MESSAGE_EVERY == 1) bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss));
    }

    @Override
    public void onEpochEnd(History.Epoch e, int epochs) {
        if (bar != null) {
            bar.stepTo(stepsPerEpoch);
            closeBar();      // draws the bar at n/n, synchronously
            out.println();   // and leaves it there
        }
        out.println(line(e, epochs));
        out.flush();
    }

    /** The bar's line, drawn over itself (called by the bar's refresh thread, and by close). */
    private synchronized void redraw(String rendered) {
        out.print('\r' + rendered);
        out.flush();
    }

    @Override
    public void onEnd(History history) {
        if (bar != null) { // an epoch cut short (an error): end the bar's line before the error message
            closeBar();
            out.println();
            out.flush();
        }
    }

    /** The line printed for an epoch, e.g. "epoch 3/10  train loss 0.2345 acc 93.21%  val loss 0.2101 acc 93.80%  lr 0.1  2.3 s". */
    public static String line(History.Epoch e, int epochs) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f acc %.2f%%", e.epoch(), epochs,
                e.trainLoss(), 100 * e.trainAccuracy()));
        if (!Double.isNaN(e.valLoss())) {
            sb.append(String.format(Locale.ROOT, "  val loss %.4f acc %.2f%%", e.valLoss(), 100 * e.valAccuracy()));
        }
        sb.append("  lr ").append(fmt(e.learningRate()));
        sb.append(String.format(Locale.ROOT, "  %.1f s", e.seconds()));
        return sb.toString();
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.6g", x).replaceAll("\\.?0+$", "");
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
