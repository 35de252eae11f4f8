package dev.tensorlens.ui.models;

import dev.tensorlens.ui.common.Job;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import dev.tensorlens.ui.common.UiThrottle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Rows whose values are read in the background a few at a time, in order, with the rows the user can see going
 * first ({@link #wanted}): the layer table's statistics, a comparison's per-layer figures. Driven on the UI thread;
 * results arrive there, and nothing from a read that {@link #stop} cancelled arrives at all.
 *
 * @param <R> a row
 * @param <V> what is read for it
 */
final class ReadQueue<R, V> {

    /** How often at most {@link #afterEach} runs while rows stream in: a chart filling in five times a second. */
    static final long AFTER_EACH_EVERY_MS = 200;

    private final int parallel;
    private final Jobs reads;
    private final Function<R, String> title;
    private final Function<R, CompletableFuture<V>> read;
    private final BiConsumer<R, V> done;
    private final BiConsumer<R, String> failed;
    private final Deque<R> waiting = new ArrayDeque<>();
    private final List<R> inFlight = new ArrayList<>();
    private final UiExecutor ui;
    /** Null until {@link #afterEach} is given one. */
    private UiThrottle afterEach;

    ReadQueue(UiExecutor ui, int parallel, Function<R, String> title, Function<R, CompletableFuture<V>> read,
              BiConsumer<R, V> done, BiConsumer<R, String> failed) {
        this.parallel = parallel;
        this.ui = ui;
        this.reads = new Jobs(ui);
        this.title = title;
        this.read = read;
        this.done = done;
        this.failed = failed;
    }

    /**
     * Called after rows' reads end, either way (a chart redraws, a total counts): at once after the first and after the
     * last of those waiting, and in between at most every {@value #AFTER_EACH_EVERY_MS} ms, however many ended
     * meanwhile (the statistics of 500 layers end 58 a second on a slow machine).
     */
    void afterEach(Runnable action) {
        afterEach = new UiThrottle(ui, AFTER_EACH_EVERY_MS, action);
    }

    /** Reads {@code rows} after what waits already. */
    void addAll(List<R> rows) {
        waiting.addAll(rows);
        pump();
    }

    /** A row came on screen: read it before the others still waiting. */
    void wanted(R row) {
        if (waiting.remove(row)) {
            waiting.addFirst(row);
        }
    }

    /** Drops what waits and cancels what runs; returns those rows, left unread. */
    List<R> stop() {
        reads.cancelAll();
        List<R> dropped = new ArrayList<>(inFlight);
        dropped.addAll(waiting);
        waiting.clear();
        inFlight.clear();
        return dropped;
    }

    /** Whether {@code row} waits or is being read. */
    boolean has(R row) {
        return waiting.contains(row) || inFlight.contains(row);
    }

    /** Rows waiting or being read. */
    int pending() {
        return waiting.size() + inFlight.size();
    }

    private void pump() {
        while (inFlight.size() < parallel && !waiting.isEmpty()) {
            start(waiting.pollFirst());
        }
    }

    private void start(R row) {
        inFlight.add(row);
        var job = reads.<V>job(title.apply(row))
                .onSuccess(v -> done.accept(row, v))
                .onFailure(sentence -> failed.accept(row, sentence))
                .onFinished(() -> finished(row))
                .start(() -> read.apply(row));
        // a job cancelled from elsewhere (a shared future, the task drawer) calls no callback: its slot is freed here
        job.stateProperty().addListener((obs, old, state) -> {
            if (state == Job.State.CANCELLED && inFlight.contains(row)) {
                failed.accept(row, "The read was cancelled.");
                finished(row);
            }
        });
    }

    private void finished(R row) {
        if (inFlight.remove(row)) {
            pump();
            if (afterEach == null) {
                return;
            }
            if (pending() == 0) {
                afterEach.now();
            } else {
                afterEach.request();
            }
        }
    }
}
