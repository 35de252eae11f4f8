package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.KeyScanner;
import dev.tensorlens.redis.KeyPattern;
import dev.tensorlens.redis.KeyspaceEvents;
import dev.tensorlens.redis.KeyspaceEvents.KeyEvent;
import dev.tensorlens.redis.PubSubHub;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ScanRequest;
import dev.tensorlens.ui.browser.value.ValueModel;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.NotificationConsent;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Follows other clients' writes through keyspace notifications: new keys join the listing (when they match its
 * filter), deleted, expired and renamed-away keys leave it, changed keys get their row details fetched again and the
 * open value is read again. Events are gathered and applied every {@value #APPLY_EVERY_MS} ms, so a server taking
 * thousands of writes a second costs the FX thread a few small updates a second.
 *
 * <p>Starting asks the server whether notifications are on; when they are not, the user is asked first (what
 * turning them on changes on the server, in words), and nothing is changed without a yes. Read-only profiles never
 * change it.
 */
public final class LiveUpdates {

    public enum State { OFF, CHECKING, NEEDS_CONSENT, ON, FAILED }

    static final long APPLY_EVERY_MS = 250;

    private final Supplier<RedisSession> session;
    private final UiExecutor ui;
    private final ScheduledExecutorService timers;
    private final Dialogs dialogs;
    /** Checking, enabling and subscribing: each step replaces the one before, and stopping cancels them. */
    private final Jobs setup;
    /** New keys' types, for a type filter. */
    private final Jobs typeChecks;
    private final KeyTreeModel tree;
    private final KeyDetails details;
    private final ValueModel value;
    private final Supplier<ScanRequest> filter;
    private final Supplier<byte[]> openKey;

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.OFF);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private final ReadOnlyStringWrapper flags = new ReadOnlyStringWrapper(this, "flags");
    private final ConcurrentLinkedQueue<KeyEvent> pending = new ConcurrentLinkedQueue<>();
    private PubSubHub.Subscription subscription;
    private ScheduledFuture<?> tick;
    private long lastReload;

    LiveUpdates(Supplier<RedisSession> session, UiExecutor ui, ScheduledExecutorService timers, Dialogs dialogs,
                KeyTreeModel tree, KeyDetails details, ValueModel value, Supplier<ScanRequest> filter,
                Supplier<byte[]> openKey) {
        this.session = session;
        this.ui = ui;
        this.timers = timers;
        this.dialogs = dialogs;
        this.setup = new Jobs(ui);
        this.typeChecks = new Jobs(ui);
        this.tree = tree;
        this.details = details;
        this.value = value;
        this.filter = filter;
        this.openKey = openKey;
    }

    /**
     * Checks the server's notification setting and follows it when it is on; when it is off, asks the user whether to
     * turn it on (never on a read-only profile).
     */
    public void start() {
        RedisSession s = session.get();
        if (s == null) {
            return;
        }
        stop();
        state.set(State.CHECKING);
        message.set(null);
        setup.<Map<String, String>>replacing("Reading the keyspace notification setting")
                .onSuccess(byMaster -> checked(s, byMaster))
                .onFailure(this::fail)
                .start(() -> new KeyspaceEvents(s).notificationFlagsByMaster());
    }

    private void checked(RedisSession s, Map<String, String> byMaster) {
        // shown in the consent question: one value, or each master's when they disagree
        String current = new LinkedHashSet<>(byMaster.values()).size() == 1
                ? byMaster.values().iterator().next() : byMaster.toString();
        flags.set(current);
        if (KeyspaceEvents.everyMasterCovers(byMaster)) {
            subscribe(s);
        } else if (s.isReadOnly()) {
            fail("Live updates need keyspace notifications, which are off on this server (notify-keyspace-events is \""
                    + current + "\"), and this profile is read-only, so Tensorlens will not turn them on. Press F5 to refresh.");
        } else {
            state.set(State.NEEDS_CONSENT);
            if (dialogs.confirm(NotificationConsent.question(current))) {
                enableAndStart(s);
            } else {
                decline();
            }
        }
    }

    /** The user agreed: turn notifications on (the flags set plus K and A), then follow them. */
    private void enableAndStart(RedisSession s) {
        state.set(State.CHECKING);
        setup.<Void>replacing("Turning on keyspace notifications")
                .onSuccess(ok -> subscribe(s))
                .onFailure(this::fail)
                .start(() -> new KeyspaceEvents(s).enableNotifications());
    }

    private void subscribe(RedisSession s) {
        setup.<PubSubHub.Subscription>replacing("Subscribing to keyspace notifications")
                .onSuccess(sub -> {
                    subscription = sub;
                    state.set(State.ON);
                    message.set(null);
                    tick = timers.scheduleWithFixedDelay(() -> ui.execute(this::applyPending),
                            APPLY_EVERY_MS, APPLY_EVERY_MS, TimeUnit.MILLISECONDS);
                })
                .onFailure(this::fail)
                .onLateValue(PubSubHub.Subscription::close) // the user gave up while it subscribed
                .start(() -> new KeyspaceEvents(s).subscribe(pending::add));
    }

    /** Stops following (the server's setting is left as it is). */
    public void stop() {
        setup.cancelAll();
        typeChecks.cancelAll();
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        pending.clear();
        if (state.get() != State.FAILED) {
            state.set(State.OFF);
        }
    }

    /** The user declined, or closed the question, or the connection changed. */
    public void decline() {
        stop();
        state.set(State.OFF);
        message.set(null);
    }

    private void fail(String text) {
        stop();
        state.set(State.FAILED);
        message.set(text);
    }

    /** UI thread: the events gathered since the last tick, the last word per key winning. */
    void applyPending() {
        Map<ByteBuffer, KeyEvent> last = new LinkedHashMap<>();
        for (KeyEvent e; (e = pending.poll()) != null; ) {
            last.put(ByteBuffer.wrap(e.key()), e);
        }
        if (last.isEmpty()) {
            return;
        }
        ScanRequest request = filter.get();
        byte[] match = request.match();
        List<byte[]> gone = new ArrayList<>();
        List<byte[]> written = new ArrayList<>();
        List<byte[]> touched = new ArrayList<>(last.size());
        for (KeyEvent e : last.values()) {
            touched.add(e.key());
            if (e.gone()) {
                gone.add(e.key());
            } else if (KeyPattern.matches(match, e.key())) {
                written.add(e.key());
            }
        }
        if (!gone.isEmpty()) {
            tree.removeKeys(gone);
        }
        if (!written.isEmpty()) {
            addMatchingType(written, request.type());
        }
        details.forgetAll(touched);
        byte[] open = openKey.get();
        if (open != null && last.containsKey(ByteBuffer.wrap(open))) {
            openKeyChanged(last.get(ByteBuffer.wrap(open)).gone());
        }
    }

    /**
     * The open key was written by someone else. A small string is read again (at most once a second, however often
     * it is written); a big one is not read again behind the user's back, and a collection keeps its pages and
     * filter: for those the message says so and Reload is one click away.
     */
    private void openKeyChanged(boolean gone) {
        var info = value.keyInfoProperty().get();
        boolean smallString = info != null && "string".equals(info.type())
                && info.size() <= value.bigValueThresholdProperty().get();
        long now = System.nanoTime();
        if (gone || (smallString && now - lastReload > 1_000_000_000L)) {
            lastReload = now;
            value.reload();
        } else if (!smallString) {
            message.set("The open key changed on the server; Reload (F5 in the value pane) shows what it holds now.");
        }
    }

    /** New or changed keys join the listing; with a type filter, only those of that type. */
    private void addMatchingType(List<byte[]> keys, String type) {
        if (type == null) {
            tree.applyPage(keys);
            return;
        }
        RedisSession s = session.get();
        if (s == null) {
            return;
        }
        typeChecks.<List<byte[]>>job("Checking the new keys' types")
                .onSuccess(matching -> {
                    if (!matching.isEmpty()) {
                        tree.applyPage(new ArrayList<>(matching));
                    }
                })
                .start(() -> KeyScanner.keepType(s, keys, type));
    }

    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    /** Why live updates are off when they failed, in words. */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    /** The server's notify-keyspace-events as last read. */
    public ReadOnlyStringProperty flagsProperty() { return flags.getReadOnlyProperty(); }
}
