package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.ConnectionState;
import dev.tensorlens.redis.KeyPattern;
import dev.tensorlens.redis.KeyScanner;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ScanHandle;
import dev.tensorlens.redis.ScanProgress;
import dev.tensorlens.redis.ScanRequest;
import dev.tensorlens.redis.ScanSummary;
import dev.tensorlens.ui.browser.value.ValueModel;
import dev.tensorlens.ui.common.AppExecutors;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Job;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The browser's key listing: one background SCAN at a time feeding a {@link KeyTreeModel}, with the user's
 * pattern and type filter (latest wins: a new filter cancels the scan in flight and starts over), progress as
 * keys seen against {@code DBSIZE}, and the key the user selected.
 */
public final class BrowserModel {

    public enum ScanPhase { NOT_CONNECTED, SCANNING, DONE, STOPPED, FAILED }

    /** The types a user can filter by; {@code null} (any type) is offered separately. */
    public static final List<String> TYPES = List.of("string", "hash", "list", "set", "zset", "stream");

    private final SessionModel session;
    private final KeyTreeModel tree;
    private final ValueModel value;
    private final KeyDetails details;
    private final KeyActions actions;
    private final LiveUpdates live;

    private final StringProperty pattern = new SimpleStringProperty(this, "pattern", "");
    private final ObjectProperty<String> type = new SimpleObjectProperty<>(this, "type");
    private final ReadOnlyObjectWrapper<ScanPhase> phase = new ReadOnlyObjectWrapper<>(this, "phase", ScanPhase.NOT_CONNECTED);
    /** False until the view is first shown, when it was made ahead (see {@link #waitUntilShown()}). */
    private boolean listing = true;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper(this, "hint");
    private final ReadOnlyObjectWrapper<KeyTreeModel.Row> selected = new ReadOnlyObjectWrapper<>(this, "selected");

    /** The listing's scan: a new one replaces it. */
    private final Jobs scanning;
    private final StringBinding message;
    private final BooleanBinding messageIsError;

    /**
     * @param tasks   where long work the user starts (folder deletes, big reads) is listed
     * @param dialogs how the model asks before it deletes, renames or turns notifications on
     */
    public BrowserModel(SessionModel session, UiExecutor ui, AppExecutors executors, TaskList tasks, Dialogs dialogs) {
        this.session = session;
        this.scanning = new Jobs(ui);
        this.tree = new KeyTreeModel(ui, executors.background());
        this.value = new ValueModel(session, ui, executors.background(), tasks);
        this.details = new KeyDetails(session::session, ui);
        this.actions = new KeyActions(session::session, ui, tree, details, value, tasks, dialogs);
        this.live = new LiveUpdates(session::session, ui, executors.timers(), dialogs, tree, details, value,
                this::request, () -> {
                    KeyTreeModel.Row row = selected.get();
                    return row == null || row.folder() ? null : row.bytes();
                });
        actions.onSelect(this::select);
        // one line for what the user should know now: an action's outcome, else a scan error, else live updates'
        // trouble, else a hint
        this.message = Bindings.createStringBinding(() -> firstOf(actions.messageProperty().get(), error.get(),
                        live.messageProperty().get(), hint.get()),
                actions.messageProperty(), error, live.messageProperty(), hint);
        this.messageIsError = Bindings.createBooleanBinding(() -> actions.messageProperty().get() != null
                        ? actions.failedProperty().get() : error.get() != null || live.messageProperty().get() != null,
                actions.messageProperty(), actions.failedProperty(), error, live.messageProperty());
        session.sessionProperty().addListener((obs, old, s) -> {
            live.decline();
            actions.detach();
            selected.set(null);
            if (listing) {
                rescan();
            }
        });
        session.stateProperty().addListener((obs, old, state) -> {
            boolean back = old == ConnectionState.RECONNECTING || old == ConnectionState.DISCONNECTED;
            if (state == ConnectionState.CONNECTED && back) {
                if (live.stateProperty().get() == LiveUpdates.State.ON) {
                    // events of the gap are lost, and a restarted server forgot its notification setting: look
                    // again (asking again if needed) and list the keys afresh
                    live.start();
                    rescan();
                } else if (phase.get() == ScanPhase.FAILED) {
                    rescan(); // the drop broke the scan: finish the listing the user was waiting for
                }
            }
            if (state == ConnectionState.CLOSED && session.session() == null) {
                scanning.cancelAll();
                tree.clear();
                phase.set(ScanPhase.NOT_CONNECTED);
                status.set("");
            }
        });
    }

    /**
     * A Browser made ahead and not shown yet (the window makes every view before it shows): a connection lists no
     * keys until {@link #start()}, so a user who starts on another view does not pay for a scan of the keyspace.
     */
    public void waitUntilShown() {
        listing = false;
    }

    /** The view is shown: connections list their keys from now on, this one now. */
    public void start() {
        if (!listing) {
            listing = true;
            rescan();
        }
    }

    /** Cancels the scan in flight, forgets the keys and scans again with the current filter. */
    public void rescan() {
        scanning.cancelAll(); // before the tree forgets its keys: a late page of that scan is then dropped
        tree.clear();
        details.clear();
        actions.dismissMessage();
        error.set(null);
        hint.set(null);
        progress.set(0);
        RedisSession s = session.session();
        if (s == null) {
            phase.set(ScanPhase.NOT_CONNECTED);
            status.set("");
            return;
        }
        ScanRequest request = request();
        phase.set(ScanPhase.SCANNING);
        status.set("Scanning…");
        scanning.<ScanSummary>replacing("Scanning the keys")
                .onProgress(job -> {
                    progress.set(job.progressProperty().get());
                    status.set(job.messageProperty().get());
                })
                .onSuccess(summary -> finished(summary, request))
                .onFailure(sentence -> {
                    phase.set(ScanPhase.FAILED);
                    error.set(sentence);
                    status.set("Scan failed");
                })
                .startWithContext(context -> {
                    ScanHandle scan = new KeyScanner(s).scanPaced(request,
                            page -> tree.applyPage(page, () -> !context.isCancelled()),
                            p -> context.progress(p.fraction(), progressText(p)));
                    context.stopWith(scan::cancel); // Stop keeps the keys found so far
                    return scan.result();
                });
    }

    /** The scan as the filter fields say: a Redis glob (no glob characters: that exact key) and a type. */
    ScanRequest request() {
        String text = pattern.get() == null ? "" : pattern.get().strip();
        ScanRequest request = ScanRequest.all().withType(type.get());
        return text.isEmpty() ? request : request.withMatch(Keys.bytes(text));
    }

    /** Stops the scan after the page in flight; the keys found so far stay. */
    public void stopScan() {
        if (phase.get() == ScanPhase.SCANNING) {
            scanning.stopAll();
        }
    }

    private static String progressText(ScanProgress p) {
        return p.dbSize() > 0
                ? "Scanning… " + HumanReadable.count(p.keysSeen()) + " of " + HumanReadable.count(p.dbSize()) + " keys"
                : "Scanning… " + HumanReadable.count(p.keysSeen()) + " keys";
    }

    private void finished(ScanSummary summary, ScanRequest request) {
        progress.set(1);
        String seconds = HumanReadable.elapsed(summary.elapsed());
        if (summary.complete()) {
            phase.set(ScanPhase.DONE);
            status.set(HumanReadable.count(summary.keysSeen()) + (summary.keysSeen() == 1 ? " key" : " keys")
                    + (request.match() == null && request.type() == null ? "" : " match")
                    + " · scanned in " + seconds);
        } else {
            phase.set(ScanPhase.STOPPED);
            status.set("Stopped after " + HumanReadable.count(summary.keysSeen()) + " keys · the listing is incomplete");
        }
        byte[] match = request.match();
        if (summary.keysSeen() == 0 && match != null && KeyPattern.literal(match).isPresent()) {
            String text = new String(match, StandardCharsets.UTF_8);
            hint.set("No key is named exactly '" + text + "'. A pattern needs a wildcard: " + text + "* lists the keys that start with it.");
        } else if (summary.keysSeen() == 0 && (match != null || request.type() != null)) {
            hint.set("No key matches " + describe(request) + ".");
        }
    }

    private static String describe(ScanRequest request) {
        byte[] match = request.match();
        String m = match == null ? "" : "'" + Keys.display(match) + "'";
        String t = request.type() == null ? "" : (m.isEmpty() ? "the type " : " of type ") + request.type();
        return m + t;
    }

    /** The user picked a row; {@code null} clears the selection. A key's value opens; a folder shows no value. */
    public void select(KeyTreeModel.Row row) {
        KeyTreeModel.Row old = selected.get();
        selected.set(row);
        if (row == null || row.folder()) {
            value.close();
        } else if (old == null || old.folder() || !Arrays.equals(old.bytes(), row.bytes())) {
            value.open(row.bytes());
            details.fetch(row.bytes()); // its badge decides the "open in" button
        }
    }

    public KeyTreeModel tree() { return tree; }
    public ValueModel value() { return value; }
    KeyDetails details() { return details; }
    public KeyActions actions() { return actions; }
    public LiveUpdates live() { return live; }
    public SessionModel session() { return session; }
    public StringProperty patternProperty() { return pattern; }
    public ObjectProperty<String> typeProperty() { return type; }
    public ReadOnlyObjectProperty<ScanPhase> phaseProperty() { return phase.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyStringProperty hintProperty() { return hint.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<KeyTreeModel.Row> selectedProperty() { return selected.getReadOnlyProperty(); }
    /** What the user should know now, in one line: an action's outcome, a scan error, live updates' trouble, a hint. */
    public StringBinding messageBinding() { return message; }
    /** Whether {@link #messageBinding()} reports a failure rather than a hint or an outcome. */
    public BooleanBinding messageIsErrorBinding() { return messageIsError; }

    private static String firstOf(String... texts) {
        for (String t : texts) {
            if (t != null && !t.isEmpty()) {
                return t;
            }
        }
        return "";
    }

}
