package nnworkshop.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseClient;
import nnworkshop.WorkshopException;
import nnworkshop.compare.Impl;
import nnworkshop.data.Dataset;
import nnworkshop.model.ModelFile;
import nnworkshop.train.Experiment;

/**
 * The Lab: a local web page to draw digits for both networks, look inside them and train new ones
 * live, and the HTTP API that page uses (and only it). See README.md, "The Lab".
 *
 * <p>Security: it binds 127.0.0.1 unless told otherwise; every {@code /api} call must carry the
 * header {@code X-Lab-Token} with this start's random token (401 otherwise); a request whose
 * {@code Host} is not this server's loopback address is refused (403: a DNS-rebinding page cannot
 * talk to it), as is a POST from another {@code Origin}; bodies over 1 MB are refused (413). Errors
 * are {@code {"error": "one line"}}; no stack trace reaches a client. The server reads no file but
 * the models it is given and its cache, and writes only there and under its output folder.
 */
public final class Lab implements AutoCloseable {
    /** Largest request body, bytes. */
    public static final long MAX_BODY = 1 << 20;
    /** Most of a refused body read (and dropped) so that its client reads the 413; beyond it the connection is simply closed. */
    static final long MAX_DRAIN = 64L << 20;
    /** The token header of every API call. */
    public static final String TOKEN_HEADER = "X-Lab-Token";
    private static final String RES = "/nnworkshop/lab/";

    /**
     * How to start a Lab.
     *
     * @param host         the address to bind (127.0.0.1 unless the user asks)
     * @param port         the port, 0 for any free one
     * @param outDir       where trained models are written
     * @param cacheDir     where the default models are kept
     * @param scratchModel a saved model for the from-scratch engine instead of the default, or null
     * @param torchModel   a saved model for libtorch instead of the default, or null
     * @param threads      the from-scratch engine's training threads
     * @param torchThreads libtorch's intra-op threads
     */
    public record Settings(String host, int port, Path outDir, Path cacheDir, Path scratchModel, Path torchModel,
                           int threads, int torchThreads) {}

    private final Javalin app;
    private final LabSession session;
    private final LiveTraining training;
    private final String token;
    private final String host;
    private final int port;
    private final Set<String> hosts;
    private final Set<String> origins;
    private final Consumer<String> log;
    private final SplittableRandom sampleRng = new SplittableRandom();
    private volatile boolean closing;
    /**
     * Predictions in progress at once, the others waiting their turn in arrival order (parked,
     * using no core). With one server thread running per open connection, 32 clients kept ~40
     * threads runnable on 2 cores; measured with 32 clients, 20 s runs alternating: 3,024-4,564
     * (median 3,960) predictions/s, p99 20-30 ms without the limit; 4,468-5,055 and p99 16-18 ms
     * with 8 (a Jetty pool of 12 threads did as well, but would also have capped the event streams).
     */
    private final java.util.concurrent.Semaphore inFlight =
            new java.util.concurrent.Semaphore(4 * Runtime.getRuntime().availableProcessors(), true);

    private Lab(LabSession session, String host, int port, Consumer<String> log) {
        this.session = session;
        this.host = host;
        this.log = log;
        this.token = newToken();
        this.training = new LiveTraining(session, log);
        Resources res = new Resources();
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.maxRequestSize = MAX_BODY;
            c.http.prefer405over404 = true;
            c.routes.before(this::guard);
            c.routes.get("/", ctx -> res.page(ctx, "index.html", "text/html; charset=utf-8"));
            c.routes.get("/static/lab.js", ctx -> res.page(ctx, "lab.js", "text/javascript; charset=utf-8"));
            c.routes.get("/static/lab.css", ctx -> res.page(ctx, "lab.css", "text/css; charset=utf-8"));
            c.routes.get("/static/uPlot.min.js", ctx -> res.uplot(ctx, "uPlot.iife.min.js", "text/javascript; charset=utf-8"));
            c.routes.get("/static/uPlot.min.css", ctx -> res.uplot(ctx, "uPlot.min.css", "text/css; charset=utf-8"));
            c.routes.post("/api/predict", this::predict);
            c.routes.get("/api/models", this::models);
            c.routes.get("/api/models/{id}/templates", this::templates);
            c.routes.get("/api/sample", this::sample);
            c.routes.post("/api/train", this::train);
            c.routes.post("/api/train/stop", this::stop);
            c.routes.sse("/api/train/events", this::events);
            c.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
            c.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), message(e.getStatus(), e.getMessage(), ctx)));
            c.routes.exception(Exception.class, (e, ctx) -> {
                log.accept("lab: internal error on " + ctx.method() + " " + ctx.path() + ": " + e);
                error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
            });
            c.routes.error(404, ctx -> { if (!isJsonError(ctx)) error(ctx, 404, "not found: " + ctx.path()); });
            c.routes.error(405, ctx -> { if (!isJsonError(ctx)) error(ctx, 405, ctx.method() + " is not allowed on " + ctx.path()); });
        });
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            training.close();
            throw new WorkshopException("cannot listen on " + host + ":" + port + ": " + Inputs.firstLine(rootMessage(e)), e);
        }
        this.port = app.port();
        this.hosts = new java.util.HashSet<>(List.of("127.0.0.1:" + this.port, "localhost:" + this.port, hostPort(host, this.port)));
        this.origins = new java.util.HashSet<>();
        for (String h : hosts) origins.add("http://" + h);
    }

    /**
     * Loads (or, at the first start, trains and caches) both drawing models, then starts the server.
     *
     * @param exp MNIST, prepared: training and validation splits for live training, the test set for samples
     * @param log progress lines (training the default models, warnings)
     * @throws WorkshopException if a model file is unusable or the port is taken
     */
    public static Lab start(Settings s, Experiment exp, Consumer<String> log) {
        LabSession session = new LabSession(exp, s.outDir(), s.threads(), s.torchThreads());
        try {
            Dataset[] augmented = new Dataset[1];
            for (Impl impl : Impl.values()) {
                Path given = impl == Impl.SCRATCH ? s.scratchModel() : s.torchModel();
                Path file = given != null ? given : DefaultModels.ensure(impl, s.cacheDir(), exp, session.threads(impl), augmented, log);
                ModelFile.Loaded m = ModelFile.load(file);
                if (m.spec().inputs() != 784 || m.spec().classes() != 10) {
                    throw new WorkshopException(file + ": the Lab needs a model of 784 inputs and 10 classes, this one is "
                            + m.spec().describe());
                }
                session.replace(impl, m, given != null ? "loaded from " + file.getFileName()
                        : "default (784-128-10, trained with augmentation; cached)", null);
            }
            if (!isLoopback(s.host())) {
                log.accept("lab: warning: listening on " + s.host() + ", not only on this machine: anyone who can reach it "
                        + "and has the token can use it (there is no TLS)");
            }
            return new Lab(session, s.host(), s.port(), log);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The page's address with this start's token. */
    public String url() {
        return "http://" + hostPort(isLoopback(host) || host.equals("0.0.0.0") ? "127.0.0.1" : host, port) + "/?token=" + token;
    }

    public int port() { return port; }

    public String token() { return token; }

    /** Stops a running training, the server and the engines. */
    @Override
    public void close() {
        closing = true;
        training.close();
        app.stop();
        session.close();
    }

    // ---- security: every request ----

    private void guard(Context ctx) {
        String h = ctx.header("Host");
        if (h == null || !hosts.contains(h.toLowerCase(Locale.ROOT))) {
            throw new ApiError(403, "forbidden: Host " + (h == null ? "(none)" : "'" + Inputs.firstLine(h) + "'")
                    + " is not this server (open the address the Lab printed)");
        }
        String origin = ctx.header("Origin");
        if (ctx.method() == HandlerType.POST && origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
            throw new ApiError(403, "forbidden: cross-origin request from " + Inputs.firstLine(origin));
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        if (ctx.path().startsWith("/api/") || ctx.path().equals("/api")) {
            String t = ctx.header(TOKEN_HEADER);
            if (t == null || !MessageDigest.isEqual(t.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                throw new ApiError(401, t == null ? "missing " + TOKEN_HEADER + " header (the token is in the address the Lab printed)"
                        : "wrong " + TOKEN_HEADER + " (the Lab prints a new token at every start)");
            }
        }
        if (ctx.path().equals("/api/train/events") && !String.valueOf(ctx.header("Accept")).contains("text/event-stream")) {
            throw new ApiError(406, "the events are a server-sent event stream: send the header Accept: text/event-stream");
        }
        long length = ctx.req().getContentLengthLong();
        if (length > MAX_BODY) throw new ApiError(413, "request body of " + length + " bytes is over the limit of " + MAX_BODY);
    }

    // ---- the API ----

    private void predict(Context ctx) throws IOException, InterruptedException {
        inFlight.acquire();
        try {
            predictNow(ctx);
        } finally {
            inFlight.release();
        }
    }

    private void predictNow(Context ctx) throws IOException {
        float[] x = Inputs.predictBody(body(ctx), 784);
        // both engines get the image before we wait for either: their workers run side by side
        LiveModel.Pending[] pending = new LiveModel.Pending[Impl.values().length];
        for (Impl impl : Impl.values()) pending[impl.ordinal()] = submit(impl, x);
        StringBuilder sb = new StringBuilder(12_288);
        StringWriter sw = new StringWriter(0);
        try (JsonWriter w = new JsonWriter(sw)) {
            w.beginObject();
            w.name("input").jsonValue(numbers(sb, x));
            w.name("models").beginObject();
            for (Impl impl : Impl.values()) {
                LiveModel.Prediction p = null;
                LiveModel.Pending q = pending[impl.ordinal()];
                for (int attempt = 0; p == null; attempt++) {
                    try {
                        p = q.await();
                    } catch (LiveModel.Retired r) {
                        if (attempt > 10) throw new ApiError(503, "the " + impl + " model is being replaced; try again");
                        q = submit(impl, x);
                    }
                }
                w.name(impl.id()).beginObject();
                w.name("version").value(q.model().version);
                w.name("probabilities").beginArray();
                for (float v : p.probabilities()) w.value((Float) v);
                w.endArray();
                w.name("hidden").jsonValue(numbers(sb, p.hidden()));
                w.name("top_units").beginArray();
                for (int i = 0; i < p.topUnits().length; i++) {
                    w.beginObject().name("unit").value(p.topUnits()[i])
                            .name("contribution").value(Math.round(p.contributions()[i] * 1000) / 1000.0).endObject();
                }
                w.endArray();
                w.endObject();
            }
            w.endObject();
            w.endObject();
        }
        json(ctx, 200, sw.toString());
    }

    /** Queues x for {@code impl}'s drawing model, asking the new one if it was just replaced. */
    private LiveModel.Pending submit(Impl impl, float[] x) {
        for (int attempt = 0; ; attempt++) {
            LiveModel m = session.model(impl);
            if (m == null) throw new ApiError(503, "the " + impl + " model is not ready");
            try {
                return m.submit(x);
            } catch (LiveModel.Retired r) {
                if (attempt > 10) throw new ApiError(503, "the " + impl + " model is being replaced; try again");
            }
        }
    }

    /** A JSON array of the values with three decimals, built in {@code sb} (reused): far cheaper per value than JsonWriter's. */
    static String numbers(StringBuilder sb, float[] values) {
        sb.setLength(0);
        sb.append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(',');
            fixed3(sb, values[i]);
        }
        return sb.append(']').toString();
    }

    private void models(Context ctx) {
        JsonObject o = new JsonObject();
        JsonObject ms = new JsonObject();
        for (Impl impl : Impl.values()) {
            LiveModel m = session.model(impl);
            if (m == null) continue;
            JsonObject j = new JsonObject();
            j.addProperty("engine", impl.id());
            j.addProperty("model", m.spec.describe());
            com.google.gson.JsonArray layers = new com.google.gson.JsonArray();
            for (int s : m.spec.sizes()) layers.add(s);
            j.add("layers", layers);
            j.addProperty("activation", m.spec.activation().id());
            j.addProperty("parameters", m.spec.parameterCount());
            j.addProperty("hidden", m.hiddenWidth());
            j.addProperty("source", m.source);
            j.addProperty("version", m.version);
            if (m.testAccuracy != null) j.addProperty("test_accuracy", m.testAccuracy);
            ms.add(impl.id(), j);
        }
        o.add("models", ms);
        JsonObject t = new JsonObject();
        t.addProperty("running", training.running());
        t.addProperty("run", training.current());
        o.add("training", t);
        json(ctx, 200, o.toString());
    }

    /** The first layer's weights, one 28×28 template per hidden unit, each scaled to [-1, 1]. */
    private void templates(Context ctx) throws IOException {
        Impl impl;
        try {
            impl = Impl.parse(ctx.pathParam("id"));
        } catch (WorkshopException e) {
            throw new ApiError(404, "no model '" + Inputs.firstLine(ctx.pathParam("id")) + "' (scratch or torch)");
        }
        LiveModel m = session.model(impl);
        if (m == null) throw new ApiError(503, "the " + impl + " model is not ready");
        int h = m.hiddenWidth(), d = m.inputs();
        float[] w1 = m.firstLayer();
        StringWriter sw = new StringWriter(h * d * 7);
        try (JsonWriter w = new JsonWriter(sw)) {
            w.beginObject().name("engine").value(impl.id()).name("version").value(m.version)
                    .name("hidden").value(h).name("size").value(28);
            w.name("templates").beginArray();
            for (int j = 0; j < h; j++) {
                float max = 1e-12f;
                for (int p = 0; p < d; p++) max = Math.max(max, Math.abs(w1[j * d + p]));
                w.beginArray();
                for (int p = 0; p < d; p++) w.value(Math.round(w1[j * d + p] / max * 100) / 100.0);
                w.endArray();
            }
            w.endArray().endObject();
        }
        json(ctx, 200, sw.toString());
    }

    /** A test digit: {@code ?index=N}, else a random one. */
    private void sample(Context ctx) {
        Dataset test = session.experiment().test();
        String q = ctx.queryParam("index");
        int i;
        if (q == null) {
            synchronized (sampleRng) { i = sampleRng.nextInt(test.count()); }
        } else {
            try {
                i = Integer.parseInt(q.trim());
            } catch (NumberFormatException e) {
                throw new ApiError(400, "index must be a whole number, got '" + Inputs.firstLine(q) + "'");
            }
            if (i < 0 || i >= test.count()) throw new ApiError(400, "index must be in 0.." + (test.count() - 1) + ", got " + i);
        }
        JsonObject o = new JsonObject();
        o.addProperty("index", i);
        o.addProperty("label", test.label(i));
        com.google.gson.JsonArray px = new com.google.gson.JsonArray();
        for (int p = 0; p < test.features(); p++) px.add(Math.round(test.pixel(i, p) / 255.0 * 1000) / 1000.0);
        o.add("pixels", px);
        json(ctx, 200, o.toString());
    }

    private void train(Context ctx) {
        JsonObject o = Inputs.object(body(ctx));
        TrainRequest r = TrainRequest.parse(o, session.experiment().train().count());
        int id = training.start(r);
        JsonObject out = new JsonObject();
        out.addProperty("run", id);
        json(ctx, 202, out.toString());
    }

    private void stop(Context ctx) {
        int id = training.stop();
        JsonObject out = new JsonObject();
        out.addProperty("stopping", id != 0);
        if (id != 0) out.addProperty("run", id);
        json(ctx, 200, out.toString());
    }

    /** Server-sent events of the current (or last) run, from its first event on, then live. */
    private void events(SseClient client) {
        int[] cursor = {training.current(), 0};
        try {
            while (!client.terminated() && !closing) {
                List<LiveTraining.Event> ev = training.next(cursor, 5_000);
                if (ev.isEmpty()) {
                    if (!closing) client.sendComment("keep-alive");
                    continue;
                }
                for (LiveTraining.Event e : ev) client.sendEvent(e.name(), e.json());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.accept("lab: events stream ended: " + e);
        }
    }

    // ---- helpers ----

    private static String body(Context ctx) {
        byte[] b = ctx.bodyAsBytes();
        if (b.length > MAX_BODY) throw new ApiError(413, "request body over the limit of " + MAX_BODY + " bytes");
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void json(Context ctx, int status, String body) {
        ctx.status(status).contentType("application/json").result(body);
    }

    private static void error(Context ctx, int status, String message) {
        if (status == 413) drainRefusedBody(ctx);
        JsonObject o = new JsonObject();
        o.addProperty("error", Inputs.firstLine(message));
        json(ctx, status, o.toString());
    }

    /**
     * Reads and drops what is left of a body refused as too large (at most {@link #MAX_DRAIN}
     * bytes) and closes the connection after the answer. Without it the server closed a connection
     * whose client was still sending, the client's socket was reset, and the 413 was lost with it:
     * the client saw "connection reset" instead of the one line saying what was wrong.
     */
    private static void drainRefusedBody(Context ctx) {
        ctx.header("Connection", "close");
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] buf = new byte[65_536];
            long total = 0;
            for (int n; total < MAX_DRAIN && (n = in.read(buf)) >= 0; ) total += n;
        } catch (IOException | RuntimeException e) {
            // the client went away: nothing left to read
        }
    }

    private static boolean isJsonError(Context ctx) {
        String r = ctx.result();
        return r != null && r.startsWith("{\"error\"");
    }

    private static String message(int status, String m, Context ctx) {
        return switch (status) {
            case 413 -> "request body over the limit of " + MAX_BODY + " bytes";
            case 404 -> "not found: " + ctx.path();
            case 405 -> ctx.method() + " is not allowed on " + ctx.path();
            default -> m == null || m.isBlank() ? "HTTP " + status : m;
        };
    }

    /** v rounded to 3 decimals as a JSON number ("0", "0.5", "-1.25"), without Double.toString's cost. */
    static String fixed3(float v) {
        return fixed3(new StringBuilder(8), v).toString();
    }

    /** Appends v rounded to 3 decimals as a JSON number; not finite values as 0. */
    static StringBuilder fixed3(StringBuilder sb, float v) {
        if (!Float.isFinite(v)) return sb.append('0');
        long m = Math.round(Math.abs((double) v) * 1000);
        if (m == 0) return sb.append('0');
        if (v < 0) sb.append('-');
        sb.append(m / 1000);
        int frac = (int) (m % 1000);
        if (frac != 0) {
            sb.append('.');
            if (frac < 100) sb.append('0');
            if (frac < 10) sb.append('0');
            while (frac % 10 == 0) frac /= 10;
            sb.append(frac);
        }
        return sb;
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return String.valueOf(e.getMessage());
    }

    static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost");
    }

    private static String hostPort(String host, int port) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return h.toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The page's files, from the jar, read once. */
    private static final class Resources {
        private final java.util.Map<String, byte[]> cache = new java.util.concurrent.ConcurrentHashMap<>();
        private final String uplotDir = uplotDir();

        void page(Context ctx, String name, String type) {
            serve(ctx, RES + name, type);
            if (name.endsWith(".html")) {
                ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                        + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
                ctx.header("X-Frame-Options", "DENY");
            }
        }

        void uplot(Context ctx, String name, String type) {
            serve(ctx, uplotDir + name, type);
        }

        private void serve(Context ctx, String resource, String type) {
            byte[] b = cache.computeIfAbsent(resource, r -> {
                try (InputStream in = Lab.class.getResourceAsStream(r)) {
                    if (in == null) throw new ApiError(404, "not found: " + r);
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ctx.contentType(type).result(b);
        }

        /** The uPlot WebJar's dist folder (its version read from the WebJar itself). */
        private static String uplotDir() {
            Properties p = new Properties();
            try (InputStream in = Lab.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
                if (in != null) p.load(in);
            } catch (IOException e) {
                // fall through to the error below, on first use
            }
            return "/META-INF/resources/webjars/uplot/" + p.getProperty("version", "missing") + "/dist/";
        }
    }
}
