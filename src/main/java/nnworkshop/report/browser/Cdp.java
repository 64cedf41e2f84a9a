package nnworkshop.report.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import nnworkshop.WorkshopException;

/**
 * A minimal Chrome DevTools protocol client: JSON-RPC over one WebSocket to the browser endpoint.
 *
 * <p>Commands are sent with {@link #call}, which waits for the reply with the same {@code id} until a
 * deadline. Events (messages without an {@code id}) go to every listener added with {@link #onEvent},
 * on the WebSocket's thread and in the order the browser sent them. Page-level commands carry the
 * {@code sessionId} of a target attached with {@code Target.attachToTarget(flatten: true)}.
 */
final class Cdp implements AutoCloseable {
    /** One event: its method, its params, and the session it belongs to ({@code null} for the browser). */
    record Event(String method, JsonObject params, String sessionId) {}

    private final WebSocket socket;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final Object sendLock = new Object();
    private volatile Throwable closedBecause;

    private Cdp(WebSocket socket) {
        this.socket = socket;
    }

    /** Connects to {@code ws://…} before {@code deadline}. */
    static Cdp connect(URI webSocketUrl, Instant deadline) {
        HttpClient http = HttpClient.newBuilder()
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(remaining(deadline))
                .build();
        Receiver receiver = new Receiver();
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .connectTimeout(remaining(deadline))
                .buildAsync(webSocketUrl, receiver);
        WebSocket ws = await(opening, deadline, "connect to " + webSocketUrl);
        Cdp cdp = new Cdp(ws);
        receiver.cdp = cdp;
        receiver.ready.complete(null);
        return cdp;
    }

    /** Adds a listener for every event; it runs on the WebSocket's thread and must not block. */
    void onEvent(Consumer<Event> listener) {
        listeners.add(listener);
    }

    /**
     * Sends {@code method(params)} (to {@code sessionId}, or to the browser if {@code null}) and waits
     * for its result until {@code deadline}.
     *
     * @throws WorkshopException if the browser answers with an error, closes the connection, or is late
     */
    JsonObject call(String method, JsonObject params, String sessionId, Instant deadline) {
        return await(send(method, params, sessionId), deadline, method);
    }

    /** Sends a command without waiting; the future completes with its {@code result}. */
    CompletableFuture<JsonObject> send(String method, JsonObject params, String sessionId) {
        int id = nextId.getAndIncrement();
        JsonObject msg = new JsonObject();
        msg.addProperty("id", id);
        msg.addProperty("method", method);
        msg.add("params", params == null ? new JsonObject() : params);
        if (sessionId != null) msg.addProperty("sessionId", sessionId);
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        pending.put(id, reply);
        if (closedBecause != null) {
            fail(reply, method, closedBecause);
            return reply;
        }
        synchronized (sendLock) {
            // java.net.http.WebSocket allows one outstanding send at a time.
            try {
                socket.sendText(msg.toString(), true).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(reply, method, e);
            } catch (ExecutionException | TimeoutException e) {
                fail(reply, method, e);
            }
        }
        return reply;
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the browser may already be gone; abort below either way
        }
        socket.abort();
        shutDown(new IllegalStateException("connection closed"));
    }

    private void fail(CompletableFuture<JsonObject> reply, String method, Throwable why) {
        reply.completeExceptionally(new WorkshopException("Chromium DevTools: " + method + " failed: " + why, why));
    }

    private void dispatch(String text) {
        JsonObject msg = JsonParser.parseString(text).getAsJsonObject();
        if (msg.has("id")) {
            CompletableFuture<JsonObject> reply = pending.remove(msg.get("id").getAsInt());
            if (reply == null) return;
            if (msg.has("error")) {
                reply.completeExceptionally(new WorkshopException("Chromium DevTools error: " + msg.get("error")));
            } else {
                reply.complete(msg.has("result") ? msg.getAsJsonObject("result") : new JsonObject());
            }
            return;
        }
        String sessionId = msg.has("sessionId") ? msg.get("sessionId").getAsString() : null;
        JsonObject params = msg.has("params") ? msg.getAsJsonObject("params") : new JsonObject();
        Event event = new Event(msg.get("method").getAsString(), params, sessionId);
        for (Consumer<Event> l : listeners) l.accept(event);
    }

    private void shutDown(Throwable why) {
        if (closedBecause == null) closedBecause = why;
        for (Integer id : pending.keySet()) {
            CompletableFuture<JsonObject> reply = pending.remove(id);
            if (reply != null) fail(reply, "command", why);
        }
    }

    static Duration remaining(Instant deadline) {
        Duration d = Duration.between(Instant.now(), deadline);
        return d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    }

    /** Waits for {@code f} until {@code deadline}; a late or failed future becomes a {@link WorkshopException}. */
    static <T> T await(CompletableFuture<T> f, Instant deadline, String what) {
        try {
            return f.get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkshopException("interrupted while waiting for Chromium: " + what, e);
        } catch (TimeoutException e) {
            throw new WorkshopException("Chromium did not answer in time: " + what, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof WorkshopException w) throw w;
            throw new WorkshopException("Chromium DevTools: " + what + " failed: " + c, c);
        }
    }

    /** Joins message fragments and hands whole messages to the client. */
    private static final class Receiver implements WebSocket.Listener {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        volatile Cdp cdp;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (!last) {
                ws.request(1);
                return null;
            }
            String text = partial.toString();
            partial.setLength(0);
            // Messages can only arrive after we sent a command, i.e. after connect() set cdp.
            return ready.thenRun(() -> {
                try {
                    cdp.dispatch(text);
                } finally {
                    ws.request(1);
                }
            });
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            ready.thenRun(() -> cdp.shutDown(new IllegalStateException("Chromium closed the connection (" + statusCode + ")")));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            ready.thenRun(() -> cdp.shutDown(error));
        }
    }
}
