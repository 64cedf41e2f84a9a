package nnworkshop.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.google.gson.JsonObject;

import nnworkshop.WorkshopException;
import nnworkshop.data.Augmentation;
import nnworkshop.data.Dataset;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.Init;
import nnworkshop.train.Engine;
import nnworkshop.train.Evaluation;
import nnworkshop.train.History;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.Training;

/**
 * "Train live": one training at a time, on its own thread, through the one training loop
 * ({@link Training#fit}). Its events — {@code step} (every step's loss), {@code epoch} (train and
 * validation loss and accuracy), {@code done} and {@code error} — are kept for the current run, so
 * a page that connects late sees the whole run. When a run completes, its model is saved under the
 * output folder and replaces that engine's drawing model.
 */
final class LiveTraining implements AutoCloseable {
    /** One server-sent event: its name and its JSON data. */
    record Event(String name, String json) {}

    private final LabSession session;
    private final Consumer<String> log;
    private final Object lock = new Object();
    private int runs;                        // guarded by lock
    private int current;                     // id of the current (or last) run, 0 before the first
    private List<Event> events = new ArrayList<>();
    private boolean running, stopRequested, closed;
    private Thread thread;

    LiveTraining(LabSession session, Consumer<String> log) {
        this.session = session;
        this.log = log;
    }

    /** Stops a training because the page asked, from inside the loop's listener. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() { super("stopped", null, false, false); }
    }

    /** Starts {@code r}; returns its run id. @throws ApiError 409 if a training is running */
    int start(TrainRequest r) {
        synchronized (lock) {
            if (closed) throw new ApiError(503, "the Lab is stopping");
            if (running) throw new ApiError(409, "a training is already running (run " + current + "): stop it first");
            running = true;
            stopRequested = false;
            current = ++runs;
            events = new ArrayList<>();
            lock.notifyAll();
            int id = current;
            thread = new Thread(() -> run(id, r), "lab-training-" + id);
            thread.setDaemon(true);
            thread.start();
            return id;
        }
    }

    /** Asks the running training to stop after its current step; returns its id, or 0 if none runs. */
    int stop() {
        synchronized (lock) {
            if (!running) return 0;
            stopRequested = true;
            return current;
        }
    }

    boolean running() {
        synchronized (lock) { return running; }
    }

    /** The current run's id (0 before the first). */
    int current() {
        synchronized (lock) { return current; }
    }

    /**
     * The events of the current run from {@code from} on, waiting up to {@code millis} for one;
     * {@code cursor[0]} is the reader's run and {@code cursor[1]} its position, both updated.
     * Empty after the wait, or when the Lab closes.
     */
    List<Event> next(int[] cursor, long millis) throws InterruptedException {
        synchronized (lock) {
            long until = System.currentTimeMillis() + millis;
            while (!closed) {
                if (cursor[0] != current) {
                    cursor[0] = current;
                    cursor[1] = 0;
                }
                if (cursor[1] < events.size()) {
                    List<Event> out = new ArrayList<>(events.subList(cursor[1], events.size()));
                    cursor[1] = events.size();
                    return out;
                }
                long left = until - System.currentTimeMillis();
                if (left <= 0) break;
                lock.wait(left);
            }
            return List.of();
        }
    }

    private void emit(int id, String name, JsonObject data) {
        data.addProperty("run", id);
        synchronized (lock) {
            if (id != current) return;
            events.add(new Event(name, data.toString()));
            lock.notifyAll();
        }
    }

    private void run(int id, TrainRequest r) {
        try (Engine engine = r.impl().create(r.spec(), Init.HE, r.config().seed(), session.threads(r.impl()))) {
            Dataset train = r.subset() > 0 ? session.experiment().train().head(r.subset()) : session.experiment().train();
            if (r.augmentation()) train = Augmentation.DEFAULT.expand(train, 1, r.config().seed());
            History h = Training.fit(engine, train, session.experiment().validation(), r.config(), listener(id));
            Evaluation test = engine.evaluate(session.experiment().test(), r.config().normalization(), r.config().evalBatch(), r.config().loss());
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("dataset", "mnist");
            meta.put("impl", r.impl().id());
            meta.put("lab_run", String.valueOf(id));
            meta.put("test_accuracy", String.format(Locale.ROOT, "%.4f", test.accuracy()));
            meta.put("config", r.config().toJson(engine.threads()).toString());
            meta.put("augmentation", String.valueOf(r.augmentation()));
            meta.put("train_images", String.valueOf(train.count()));
            Path saved = ModelFile.save(session.outDir().resolve("lab-run-" + id + "-" + r.impl().id() + ".safetensors"),
                    engine.spec(), engine.stateDict(), r.config().normalization(), meta);
            session.replace(r.impl(), ModelFile.load(saved), "trained live (run " + id + "), saved to " + saved.getFileName(),
                    test.accuracy());
            JsonObject done = new JsonObject();
            done.addProperty("engine", r.impl().id());
            done.addProperty("stopped", false);
            done.addProperty("epochs", h.epochs().size());
            done.addProperty("test_accuracy", test.accuracy());
            done.addProperty("saved", saved.toString());
            emit(id, "done", done);
            log.accept(String.format(Locale.ROOT, "lab: run %d (%s, %s) done: test accuracy %.2f%%, saved to %s",
                    id, r.impl(), r.spec().describe(), 100 * test.accuracy(), saved));
        } catch (Stopped s) {
            JsonObject done = new JsonObject();
            done.addProperty("engine", r.impl().id());
            done.addProperty("stopped", true);
            emit(id, "done", done);
        } catch (WorkshopException | ApiError e) {
            error(id, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            log.accept("lab: run " + id + " failed: " + e);
            error(id, "training failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Inputs.firstLine(e.getMessage())));
        } finally {
            synchronized (lock) {
                running = false;
                lock.notifyAll();
            }
        }
    }

    private void error(int id, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("error", Inputs.firstLine(message));
        emit(id, "error", o);
    }

    private ProgressListener listener(int id) {
        return new ProgressListener() {
            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                synchronized (lock) {
                    if (stopRequested || closed) throw new Stopped();
                }
                JsonObject o = new JsonObject();
                o.addProperty("epoch", epoch);
                o.addProperty("step", step);
                o.addProperty("steps", stepsPerEpoch);
                o.addProperty("loss", (float) loss);
                emit(id, "step", o);
            }

            @Override
            public void onEpochEnd(History.Epoch e, int epochs) {
                JsonObject o = new JsonObject();
                o.addProperty("epoch", e.epoch());
                o.addProperty("epochs", epochs);
                o.addProperty("train_loss", e.trainLoss());
                o.addProperty("train_accuracy", e.trainAccuracy());
                o.addProperty("val_loss", e.valLoss());
                o.addProperty("val_accuracy", e.valAccuracy());
                o.addProperty("seconds", e.seconds());
                emit(id, "epoch", o);
            }
        };
    }

    /** Stops a running training and wakes every reader. */
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            closed = true;
            stopRequested = true;
            lock.notifyAll();
            t = thread;
        }
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
