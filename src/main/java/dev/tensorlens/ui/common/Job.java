package dev.tensorlens.ui.common;

import dev.tensorlens.redis.RedisErrors;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One piece of background work a model started (a scan, a read, a decode, a bulk edit), and the one place that keeps
 * its three rules:
 * <ul>
 *   <li><b>Results only while wanted.</b> Its value or failure reaches the model's callbacks on the UI thread, unless
 *       the job was cancelled first, whenever the answer was already on its way. No counters in the models.</li>
 *   <li><b>Progress and cancel.</b> The work reports progress through its {@link JobContext}; the UI sees the newest
 *       report. {@link #cancel()} cancels the work's future (and with it the Redis commands); {@link #stop()} asks
 *       work that knows how to stop gracefully to do so and still report its outcome.</li>
 *   <li><b>Errors in words.</b> A failure reaches the model as one sentence ({@link RedisErrors#describe}), the
 *       job's title saying what was being done.</li>
 * </ul>
 * Jobs are made by a {@link Jobs} group: starting a job there with "latest wins" cancels the group's others.
 * The properties change on the UI thread.
 */
public final class Job<T> {

    public enum State { RUNNING, SUCCEEDED, FAILED, CANCELLED }

    private final String title;
    private final UiExecutor ui;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.RUNNING);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    /** Completes on the UI thread once the callbacks have run; cancelled when the job is. */
    private final CompletableFuture<T> done = new CompletableFuture<>();
    private final AtomicReference<double[]> pendingFraction = new AtomicReference<>();
    private final AtomicReference<String> pendingText = new AtomicReference<>();
    private final AtomicBoolean progressQueued = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile Runnable stopper;
    private volatile CompletableFuture<T> work;
    private Builder<T> callbacks;

    private Job(String title, UiExecutor ui) {
        this.title = title;
        this.ui = ui;
    }

    /** Stops the work now: its future is cancelled and nothing it still delivers reaches the model. Any thread. */
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        CompletableFuture<T> w = work;
        if (w != null) {
            w.cancel(true);
        }
        done.cancel(false);
        ui.executeLater(() -> {
            if (state.get() == State.RUNNING) {
                state.set(State.CANCELLED);
            }
        });
    }

    /**
     * Asks the work to stop after what it is doing (a scan keeps the keys found, a bulk edit reports how many were
     * done); work that has no graceful stop is cancelled.
     */
    public void stop() {
        Runnable s = stopper;
        if (s != null && !cancelled) {
            message.set("Stopping…");
            s.run();
        } else {
            cancel();
        }
    }

    /** Whether the job was cancelled (not stopped): its results are dropped. Any thread. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** UI thread: still running, neither finished nor cancelled. */
    private boolean isRunning() {
        return state.get() == State.RUNNING && !cancelled;
    }

    public String title() {
        return title;
    }

    /** Completes, on the UI thread, after the success or failure callback has run; cancelled with the job. */
    public CompletableFuture<T> result() {
        return done;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** 0…1 as the work reports it; negative while unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The work's last words on its progress. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    // ---------------------------------------------------------------- running

    private void begin(Function<JobContext, CompletableFuture<T>> body) {
        CompletableFuture<T> started;
        try {
            started = body.apply(new Context());
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        work = started;
        if (cancelled) {
            started.cancel(true); // cancelled while the work was being set up
        }
        // always queued: the callbacks never run inside start(), even when the answer is already there
        started.whenComplete((value, failure) -> ui.executeLater(() -> finish(value, failure)));
    }

    private void finish(T value, Throwable failure) {
        if (cancelled || isCancellation(failure)) {
            cancelled = true;
            if (state.get() == State.RUNNING) {
                state.set(State.CANCELLED);
            }
            done.cancel(false);
            if (failure == null && value != null && callbacks.late != null) {
                callbacks.late.accept(value); // arrived after all: whoever holds such a value must release it
            }
            return;
        }
        try {
            if (failure == null) {
                progress.set(1);
                state.set(State.SUCCEEDED);
                callbacks.onSuccess.accept(value);
                done.complete(value);
            } else {
                String sentence = RedisErrors.describe(title, failure);
                state.set(State.FAILED);
                callbacks.onFailure.accept(sentence, RedisErrors.unwrap(failure));
                done.completeExceptionally(failure);
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            throw e;
        } finally {
            callbacks.onFinished.run();
        }
    }

    private static boolean isCancellation(Throwable failure) {
        return RedisErrors.unwrap(failure) instanceof CancellationException;
    }

    private final class Context implements JobContext {

        @Override
        public void progress(double fraction, String text) {
            pendingFraction.set(new double[] {fraction});
            pendingText.set(text);
            if (progressQueued.compareAndSet(false, true)) {
                ui.executeLater(() -> {
                    progressQueued.set(false);
                    double[] f = pendingFraction.get();
                    if (!isRunning() || f == null) {
                        return;
                    }
                    progress.set(f[0]);
                    message.set(pendingText.get() == null ? "" : pendingText.get());
                    callbacks.onProgress.accept(Job.this);
                });
            }
        }

        @Override
        public void onUi(Runnable action) {
            ui.executeLater(() -> {
                if (!cancelled) {
                    action.run();
                }
            });
        }

        @Override
        public void stopWith(Runnable s) {
            stopper = s;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    // ---------------------------------------------------------------- building

    /** Made by {@link Jobs#job} and {@link Jobs#replacing}; say what to do with the outcome, then start it. */
    public static final class Builder<T> {
        private final Job<T> job;
        private final Jobs group;
        private final boolean latestWins;
        private Consumer<T> onSuccess = v -> { };
        private BiConsumer<String, Throwable> onFailure = (sentence, cause) -> { };
        private Consumer<Job<T>> onProgress = j -> { };
        private Runnable onFinished = () -> { };
        private Consumer<T> late;
        private TaskList listed;

        Builder(String title, UiExecutor ui, Jobs group, boolean latestWins) {
            this.job = new Job<>(title, ui);
            this.group = group;
            this.latestWins = latestWins;
        }

        /** The value, on the UI thread, if the job was not cancelled. */
        public Builder<T> onSuccess(Consumer<T> action) {
            this.onSuccess = action;
            return this;
        }

        /** The failure as one sentence that starts with the job's title, on the UI thread, if not cancelled. */
        public Builder<T> onFailure(Consumer<String> action) {
            this.onFailure = (sentence, cause) -> action.accept(sentence);
            return this;
        }

        /** {@link #onFailure}, with the failure itself (unwrapped) for callers that tell kinds of failure apart. */
        public Builder<T> onFailureWithCause(BiConsumer<String, Throwable> action) {
            this.onFailure = action;
            return this;
        }

        /** Each coalesced progress report, on the UI thread: read the job's progress and message. */
        public Builder<T> onProgress(Consumer<Job<T>> action) {
            this.onProgress = action;
            return this;
        }

        /** After success or failure (not after a cancel), on the UI thread. */
        public Builder<T> onFinished(Runnable action) {
            this.onFinished = action;
            return this;
        }

        /** A value that arrived after the job was cancelled (a connection, a subscription): release it here. */
        public Builder<T> onLateValue(Consumer<T> release) {
            this.late = release;
            return this;
        }

        /** Lists the job in the app's task list while it runs, with its progress and a Cancel button. */
        public Builder<T> listedIn(TaskList tasks) {
            this.listed = tasks;
            return this;
        }

        public Job<T> start(Supplier<CompletableFuture<T>> work) {
            return startWithContext(context -> work.get());
        }

        /** Starts work that reports progress, hands partial results or can be stopped, through its context. */
        public Job<T> startWithContext(Function<JobContext, CompletableFuture<T>> work) {
            job.callbacks = this;
            group.started(job, latestWins);
            if (listed != null) {
                listed.add(job);
            }
            job.begin(work);
            return job;
        }
    }

    static <T> Builder<T> builder(String title, UiExecutor ui, Jobs group, boolean latestWins) {
        return new Builder<>(title, ui, group, latestWins);
    }
}
