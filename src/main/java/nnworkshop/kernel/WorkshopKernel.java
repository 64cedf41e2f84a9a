package nnworkshop.kernel;

import java.awt.image.RenderedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;

import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * The notebooks' Java kernel: Jupyter's protocol from {@code jjava-jupyter} ({@link BaseKernel},
 * the five ZeroMQ channels), the cells run by {@link CellEvaluator} (JShell, in this JVM).
 *
 * <p>Start-up order, which is what makes every start answer: the handlers of every message type
 * are registered on the connection before any socket is bound ({@link #run}), and each channel's
 * loop raises its running flag before its thread starts (jjava's {@code Loop.start}); so the first
 * {@code kernel_info_request} always finds a running loop and a handler. JShell starts afterwards, on
 * a thread of its own, while Jupyter and the kernel shake hands; the first cell waits for it.
 *
 * <p>A cell's standard output and error are streamed to the notebook as they are written (every
 * thread's, while the cell runs); its last expression's value is shown as a PNG if it is an image
 * (a {@code BufferedImage}: every figure of the notebooks), else as JShell's text of it; an
 * exception becomes one error naming the cell's line ({@link CellError}) and the kernel carries on.
 */
public final class WorkshopKernel extends BaseKernel {
    /** The kernel's name in {@code kernel_info_reply}. */
    public static final String NAME = "nn-workshop";

    private volatile CompletableFuture<CellEvaluator> evaluator;
    private final List<String> classpath;
    private final CellIO cellIO;

    WorkshopKernel(List<String> classpath) {
        this(classpath, new CellIO());
    }

    private WorkshopKernel(List<String> classpath, CellIO cellIO) {
        super(NAME, version(), languageInfo(), List.of(), null, cellIO, new CommManager(),
                new Renderer(), null, null, false, new StringStyler.Builder().build());
        this.classpath = List.copyOf(classpath);
        this.cellIO = cellIO;
    }

    /** jjava's streams of a cell (stdout, stderr, stdin, display), attached to the request being served. */
    private static final class CellIO extends JupyterIO {
        CellIO() {
            super(StandardCharsets.UTF_8);
        }

        void attach(ShellReplyEnvironment env, boolean stdin) {
            setEnv(env);
            setJupyterInEnabled(stdin);
        }

        void detach(ShellReplyEnvironment env) {
            retractEnv(env);
        }
    }

    /**
     * Serves the kernel described by a Jupyter connection file until Jupyter shuts it down (or the
     * process that started it goes away); then exits the JVM.
     */
    public static void run(Path connectionFile) throws IOException, java.security.GeneralSecurityException {
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        WorkshopKernel kernel = new WorkshopKernel(ownClasspath());
        JupyterConnection connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection); // every handler in place before a socket is bound
        kernel.onStartup();
        Signals.onInterrupt(kernel::interrupt);
        exitWithParent();
        connection.connect();
        kernel.startEvaluator();
        connection.waitUntilClose();
        System.exit(0);
    }

    /** The classpath the cells compile and run against: this JVM's own. */
    static List<String> ownClasspath() {
        return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(s -> !s.isBlank()).toList();
    }

    /** Starts JShell in the background (and warms its compiler up). */
    void startEvaluator() {
        CompletableFuture<CellEvaluator> f = new CompletableFuture<>();
        evaluator = f;
        Thread t = new Thread(() -> {
            try {
                CellEvaluator e = new CellEvaluator(classpath);
                e.warmUp();
                f.complete(e);
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        }, "jshell-start");
        t.setDaemon(true);
        t.start();
    }

    private CellEvaluator evaluator() {
        if (evaluator == null) startEvaluator();
        return evaluator.join();
    }

    private Optional<CellEvaluator> startedEvaluator() {
        CompletableFuture<CellEvaluator> f = evaluator;
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? Optional.of(f.join()) : Optional.empty();
    }

    /** The kernel a cell runs in (cells run in the kernel's JVM), for {@link Display}. */
    static WorkshopKernel current() {
        BaseKernel k = BaseKernel.notebookKernel;
        if (!(k instanceof WorkshopKernel wk)) {
            throw new IllegalStateException("not running in the nn-workshop notebook kernel");
        }
        return wk;
    }

    /** How a value is shown: an image as a PNG (with a one-line text), anything else as JShell's text. */
    DisplayData render(Object value) {
        if (value instanceof DisplayData d) return d;
        DisplayData d = value instanceof RenderedImage ? getRenderer().render(value) : new DisplayData();
        d.putText(value instanceof RenderedImage img ? "image " + img.getWidth() + "×" + img.getHeight()
                : CellEvaluator.text(value));
        return d;
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        boolean silent = request.isSilent();
        int count = silent ? executionCount.get() : executionCount.getAndIncrement();

        env.setBusyDeferIdle();
        if (!silent) env.publish(new PublishExecuteInput(request.getCode(), count));
        replaceOutputStreams(env);
        cellIO.attach(env, request.isStdinEnabled());
        env.defer(() -> cellIO.detach(env));

        CellEvaluator.Outcome outcome;
        try {
            outcome = evaluator().eval(request.getCode(), count);
        } catch (RuntimeException | Error e) {
            outcome = CellEvaluator.Outcome.failed(CellError.internal("the Java evaluator failed", e));
        }
        io.out.flush();
        io.err.flush();

        CellError error = outcome.error();
        if (error == null && outcome.hasValue() && outcome.value() != null && !silent) {
            try {
                env.publish(new PublishExecuteResult(count, render(outcome.value())));
            } catch (RuntimeException e) {
                error = CellError.internal("cannot show the cell's value", e);
            }
        }
        if (error == null) {
            env.defer().reply(new ExecuteReply(count, Map.of()));
        } else {
            env.publish(new PublishError(error.name(), error.message(), error.traceback()));
            ErrorReply reply = new ErrorReply(error.name(), error.message(), error.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        }
    }

    @Override
    public Object evalRaw(String source) {
        CellEvaluator.Outcome o = evaluator().eval(source, executionCount.get());
        if (o.error() != null) throw new IllegalStateException(String.join("\n", o.error().traceback()));
        return o.value();
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String doc = evaluator().documentation(code, at);
        return doc.isEmpty() ? null : new DisplayData(doc);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        CellEvaluator.Completions c = evaluator().complete(code, at);
        return c.replacements().isEmpty() ? null : new ReplacementOptions(c.replacements(), c.start(), at);
    }

    @Override
    public String isComplete(String code) {
        Completeness c = evaluator().completeness(code);
        return switch (c) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
            case UNKNOWN -> IS_COMPLETE_BAD;
        };
    }

    /** Jupyter's interrupt ({@code interrupt_request}, or {@code SIGINT}): stops the running cell. */
    @Override
    public void interrupt() {
        startedEvaluator().ifPresent(CellEvaluator::stop);
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        startedEvaluator().ifPresent(CellEvaluator::close);
        super.onShutdown(isRestarting);
        // jjava closes the sockets next; if anything hangs there, do not outlive the request by long
        Thread exit = new Thread(() -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(0);
        }, "shutdown-deadline");
        exit.setDaemon(true);
        exit.start();
    }

    private static void exitWithParent() {
        String parent = System.getenv("JPY_PARENT_PID");
        if (parent == null) return;
        try {
            ProcessHandle.of(Long.parseLong(parent.strip())).ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
        } catch (NumberFormatException e) {
            // not a process id: nothing to watch
        }
    }

    private static String version() {
        String v = WorkshopKernel.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    /** As the notebooks' metadata records it (and as the previous kernel reported it). */
    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("java")
                .build();
    }
}
