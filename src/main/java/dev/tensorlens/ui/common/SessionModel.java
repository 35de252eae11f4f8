package dev.tensorlens.ui.common;

import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.ConnectionState;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ServerInfo;
import dev.tensorlens.redis.ServerInfoService;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The app's current connection, shared by every view and the status bar: which profile is open, its state as
 * Lettuce reports it, the server's version and mode, and the round trip of a {@code PING} sent every two
 * seconds. All properties change on the {@link UiExecutor}.
 */
public final class SessionModel implements AutoCloseable {

    static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private final UiExecutor ui;
    private final ScheduledExecutorService timers;
    /** Opening a profile; opening another replaces it, closing cancels it. */
    private final Jobs opening;
    /** The open session's own requests (server facts, pings): dropped when it closes. */
    private final Jobs attached;

    private final ReadOnlyObjectWrapper<RedisSession> session = new ReadOnlyObjectWrapper<>(this, "session");
    private final ReadOnlyObjectWrapper<ConnectionProfile> profile = new ReadOnlyObjectWrapper<>(this, "profile");
    private final ReadOnlyObjectWrapper<ConnectionState> state =
            new ReadOnlyObjectWrapper<>(this, "state", ConnectionState.CLOSED);
    private final ReadOnlyStringWrapper serverVersion = new ReadOnlyStringWrapper(this, "serverVersion");
    private final ReadOnlyStringWrapper serverMode = new ReadOnlyStringWrapper(this, "serverMode");
    private final ReadOnlyObjectWrapper<Duration> latency = new ReadOnlyObjectWrapper<>(this, "latency");
    private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper(this, "activity");
    private final ReadOnlyStringWrapper lastError = new ReadOnlyStringWrapper(this, "lastError");
    private final ReadOnlyBooleanWrapper readOnly = new ReadOnlyBooleanWrapper(this, "readOnly");

    private Runnable stateSubscription = () -> { };
    private ScheduledFuture<?> heartbeatTask;
    private boolean shutDown;

    /** @param timers where the heartbeat is scheduled; owned by the caller */
    public SessionModel(UiExecutor ui, ScheduledExecutorService timers) {
        this.ui = ui;
        this.timers = timers;
        this.opening = new Jobs(ui);
        this.attached = new Jobs(ui);
    }

    /**
     * Closes the current connection and opens {@code newProfile} in the background. The state reads connecting
     * until it succeeds; on failure it reads not connected and {@link #lastErrorProperty()} says why.
     */
    public CompletableFuture<RedisSession> open(ConnectionProfile newProfile) {
        closeCurrent();
        profile.set(newProfile);
        readOnly.set(newProfile.readOnly());
        lastError.set(null);
        activity.set("Connecting to " + newProfile.displayName() + "…");
        state.set(ConnectionState.CONNECTING);
        return opening.<RedisSession>replacing("Connecting to " + newProfile.describe())
                .onSuccess(this::attach)
                .onFailure(sentence -> {
                    activity.set(null);
                    state.set(ConnectionState.CLOSED);
                    lastError.set(sentence);
                })
                // RedisSession.open closes a session whose future was cancelled; one that was already on its way
                // to us when the user moved on is closed here
                .onLateValue(RedisSession::closeAsync)
                // the client is made on a timer thread: not the FX thread, which asks for it
                .start(() -> RedisSession.open(newProfile, timers))
                .result();
    }

    /** Shows that something is being prepared before a profile can be opened (the demo server starting). */
    public void preparing(String what) {
        lastError.set(null);
        activity.set(what);
        state.set(ConnectionState.CONNECTING);
    }

    /** Reports a failure that happened before any connection was tried. */
    public void failed(String message) {
        activity.set(null);
        state.set(ConnectionState.CLOSED);
        lastError.set(message);
    }

    /** The user has read the last error and closed its banner. */
    public void dismissError() {
        lastError.set(null);
    }

    private void attach(RedisSession s) {
        if (shutDown) {
            s.closeAsync(); // the app closed while it connected
            return;
        }
        activity.set(null);
        session.set(s);
        stateSubscription = s.onStateChange(next -> ui.execute(() -> {
            if (session.get() == s) {
                state.set(next);
                if (next == ConnectionState.CONNECTED) {
                    loadServerFacts(s);
                } else {
                    latency.set(null);
                }
            }
        }));
        state.set(s.state());
        loadServerFacts(s);
        heartbeatTask = timers.scheduleWithFixedDelay(() -> ui.execute(() -> beat(s)), 0, HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void loadServerFacts(RedisSession s) {
        attached.<ServerInfo>job("Reading the server's version")
                .onSuccess(info -> {
                    serverVersion.set(info.version());
                    serverMode.set(info.mode());
                })
                .start(() -> new ServerInfoService(s).info());
    }

    private void beat(RedisSession s) {
        if (s.state() != ConnectionState.CONNECTED || session.get() != s) {
            return;
        }
        attached.<Duration>job("PING").onSuccess(latency::set).start(s::ping);
    }

    /** Closes the current connection, if any; the state reads not connected. */
    public void closeCurrent() {
        opening.cancelAll();
        attached.cancelAll();
        if (heartbeatTask != null) {
            heartbeatTask.cancel(false);
            heartbeatTask = null;
        }
        stateSubscription.run();
        stateSubscription = () -> { };
        RedisSession old = session.get();
        session.set(null);
        serverVersion.set(null);
        serverMode.set(null);
        latency.set(null);
        state.set(ConnectionState.CLOSED);
        if (old != null) {
            old.closeAsync();
        }
    }

    /** The app is closing: the connection shuts down in the background (the caller does not wait for it). */
    public CompletableFuture<Void> closeInBackground() {
        shutDown = true;
        RedisSession old = session.get();
        closeCurrent();
        return old == null ? CompletableFuture.completedFuture(null) : old.closeAsync();
    }

    /** Closes the connection, waiting up to five seconds for it to shut down: for tests and command-line use. */
    @Override
    public void close() {
        closeInBackground().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    public ReadOnlyObjectProperty<RedisSession> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    public RedisSession session() {
        return session.get();
    }

    public ReadOnlyObjectProperty<ConnectionProfile> profileProperty() {
        return profile.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ConnectionState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty serverVersionProperty() {
        return serverVersion.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty serverModeProperty() {
        return serverMode.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Duration> latencyProperty() {
        return latency.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty activityProperty() {
        return activity.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastErrorProperty() {
        return lastError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty readOnlyProperty() {
        return readOnly.getReadOnlyProperty();
    }
}
