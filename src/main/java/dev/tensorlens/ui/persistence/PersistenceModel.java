package dev.tensorlens.ui.persistence;

import dev.tensorlens.redis.BackgroundJob;
import dev.tensorlens.redis.PersistencePermissions;
import dev.tensorlens.redis.PersistencePermissions.Action;
import dev.tensorlens.redis.PersistenceService;
import dev.tensorlens.redis.PersistenceStatus;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.SaveSchedule;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Job;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Persistence view's state: how each master keeps its data on disk (read again every {@link #EVERY} while the
 * view is shown, and every {@link #EVERY_WHILE_RUNNING} while a save or rewrite runs), which actions this connection
 * may not run and why, and the actions themselves — each runs through the shared task model and is followed until the
 * server reports it finished, then says what it did (or the server's own reason) in one sentence. Changed on the UI
 * thread.
 */
public final class PersistenceModel {

    public enum Phase { NOT_CONNECTED, LOADING, READY, FAILED }

    static final Duration EVERY = Duration.ofSeconds(2);
    static final Duration EVERY_WHILE_RUNNING = Duration.ofMillis(500);
    /** How long an action is followed before the view stops waiting for it (the server carries on regardless). */
    static final Duration FOLLOW_AT_MOST = Duration.ofMinutes(30);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final SessionModel session;
    private final UiExecutor ui;
    private final TaskList tasks;
    private final Dialogs dialogs;
    private final ScheduledExecutorService timers;
    private final Jobs reads;
    private final Jobs actions;
    private final ZoneId zone;

    private final ObservableList<PersistenceStatus> masters = FXCollections.observableArrayList();
    private final ObservableMap<Action, String> refusals = FXCollections.observableHashMap();
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.NOT_CONNECTED);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper running = new ReadOnlyStringWrapper(this, "running", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<Instant> readAt = new ReadOnlyObjectWrapper<>(this, "readAt");
    private ScheduledFuture<?> ticking;
    /** A SAVE holds the server: no reads are sent meanwhile. */
    private boolean savingInForeground;
    private boolean shown;
    private boolean permissionsKnown;

    public PersistenceModel(SessionModel session, UiExecutor ui, TaskList tasks, Dialogs dialogs,
                            ScheduledExecutorService timers, ZoneId zone) {
        this.session = session;
        this.ui = ui;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.timers = timers;
        this.zone = zone;
        this.reads = new Jobs(ui);
        this.actions = new Jobs(ui);
        session.sessionProperty().addListener((obs, old, s) -> connected(s));
        connected(session.session());
    }

    // ---------------------------------------------------------------- reading

    /** The view is on screen (or not): the status is read again while it is, and not while it is not. */
    public void setShown(boolean nowShown) {
        shown = nowShown;
        if (shown) {
            refresh();
        }
        tick();
    }

    /** Whether the view is on screen, so the status is read every few seconds. */
    public boolean isShown() {
        return shown;
    }

    /** Reads every master's status now (F5), and again which actions this connection may not run. */
    public void refresh() {
        permissionsKnown = false;
        read();
    }

    /**
     * Reads every master's status; which actions this connection may not run only once per connection (and on F5):
     * an ACL does not change every two seconds, and its probe is six commands.
     */
    private void read() {
        RedisSession s = session.session();
        if (s == null) {
            return;
        }
        if (masters.isEmpty()) {
            phase.set(Phase.LOADING);
        }
        reads.<Map.Entry<List<PersistenceStatus>, Map<Action, String>>>replacing("Reading the persistence status")
                .onSuccess(found -> {
                    masters.setAll(found.getKey());
                    if (found.getValue() != null) {
                        refusals.clear();
                        refusals.putAll(found.getValue());
                        permissionsKnown = true;
                    }
                    readAt.set(Instant.now());
                    error.set("");
                    phase.set(Phase.READY);
                })
                .onFailure(sentence -> {
                    error.set(sentence);
                    phase.set(masters.isEmpty() ? Phase.FAILED : Phase.READY); // the last status stays, marked old
                })
                .onFinished(this::tick) // the next read once this one has answered (faster while a save runs)
                .start(() -> {
                    boolean askPermissions = !permissionsKnown;
                    CompletableFuture<List<PersistenceStatus>> status = new PersistenceService(s).status();
                    return status.thenCompose(list -> askPermissions ? new PersistencePermissions(s).refusals(list)
                            .thenApply(refused -> new AbstractMap.SimpleEntry<>(list, refused))
                            : CompletableFuture.completedFuture(new AbstractMap.SimpleEntry<>(list, null)));
                });
    }

    /**
     * Plans the next read at the pace the state asks for (none when hidden or not connected). One read at a time:
     * the next is planned when the last has answered, so a slow server is never sent a pile of reads, and none is
     * sent while a blocking SAVE holds it (it would answer nobody).
     */
    private void tick() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
        if (!shown || session.session() == null || savingInForeground) {
            return;
        }
        Duration every = anythingRunning() || busy.get() ? EVERY_WHILE_RUNNING : EVERY;
        ticking = timers.schedule(() -> ui.execute(this::read), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean anythingRunning() {
        return masters.stream().anyMatch(m -> m.snapshots().inProgress() || m.appendOnlyFile().rewriteRunning()
                || m.appendOnlyFile().rewriteScheduled() || m.loading());
    }

    private void connected(RedisSession s) {
        reads.cancelAll();
        actions.cancelAll();
        masters.clear();
        refusals.clear();
        message.set("");
        error.set("");
        running.set("");
        busy.set(false);
        readAt.set(null);
        phase.set(s == null ? Phase.NOT_CONNECTED : Phase.LOADING);
        permissionsKnown = false;
        savingInForeground = false;
        if (s != null && shown) {
            read();
        }
        tick();
    }

    // ---------------------------------------------------------------- acting

    /** {@code BGSAVE} on every master, followed until each has written its snapshot. */
    public void backgroundSave() {
        act(Action.BGSAVE, "Writing a snapshot (BGSAVE)", s -> {
            PersistenceService p = new PersistenceService(s);
            return p.bgsave().thenCompose(job -> p.awaitBackgroundSaveDone(job, FOLLOW_AT_MOST)
                    .thenApply(saved -> savedSentence(job, saved)));
        });
    }

    /** {@code SAVE}, after a warning that the server serves nobody else until it is written. */
    public void foregroundSave() {
        if (!allowed(Action.SAVE) || !dialogs.confirm(new Dialogs.Confirmation("save-dialog", "Save in the foreground",
                "Block the server while it saves?", "SAVE writes the snapshot in the server's own thread: until it is "
                + "written, every client waits (on a big data set, seconds or more). A background save (BGSAVE) "
                + "does the same without blocking; use SAVE only when the server cannot fork (not enough memory).",
                "Save and block"))) {
            return;
        }
        act(Action.SAVE, "Saving in the foreground (SAVE)", s -> new PersistenceService(s).save()
                .thenApply(replies -> "Saved: the snapshot was written at " + CLOCK.format(Instant.now().atZone(zone))
                        + (replies.size() > 1 ? " on all " + replies.size() + " masters." : ".")));
    }

    /** {@code BGREWRITEAOF}, followed until the new append-only file is in place. */
    public void rewriteAppendOnlyFile() {
        act(Action.BGREWRITEAOF, "Rewriting the append-only file (BGREWRITEAOF)", s -> {
            PersistenceService p = new PersistenceService(s);
            return p.bgrewriteaof().thenCompose(job -> p.awaitAofRewriteDone(job, FOLLOW_AT_MOST)
                    .thenApply(sizes -> rewrittenSentence(job, sizes)));
        });
    }

    /**
     * Turns the append-only file on (the server writes the whole data set to it first; followed until done) or off
     * (asks first: writes after the last snapshot would then be in memory only).
     */
    public void setAppendOnly(boolean on) {
        if (!allowed(Action.APPENDONLY)) {
            return;
        }
        if (!on && !dialogs.confirm(new Dialogs.Confirmation("aof-off-dialog", "Turn AOF off",
                "Turn the append-only file off?", "The server stops logging each write. What is written after the "
                + "last snapshot is then only in memory until the next one, and a crash loses it. Until the config "
                + "file is written, a restart turns AOF back to what the file says.", "Turn AOF off"))) {
            return;
        }
        act(Action.APPENDONLY, on ? "Turning the append-only file on" : "Turning the append-only file off", s -> {
            PersistenceService p = new PersistenceService(s);
            return p.setAppendOnly(on).thenCompose(job -> on ? p.awaitAofRewriteDone(job, FOLLOW_AT_MOST)
                    .thenApply(sizes -> "AOF is on: every write is logged from now, and the file holds the whole data "
                            + "set. Until the config file is written (Write config file), a restart goes back to what "
                            + "the file says.")
                    : CompletableFuture.completedFuture("AOF is off: writes after the last snapshot are in memory only."));
        });
    }

    /** Asks for a new {@code save} schedule (checked as it is typed) and sets it on every master. */
    public void editSchedule() {
        if (!allowed(Action.SAVE_SCHEDULE)) {
            return;
        }
        String current = masters.isEmpty() || masters.get(0).settings().saveSchedule() == null ? ""
                : masters.get(0).settings().saveSchedule();
        dialogs.ask(new Dialogs.TextQuestion("schedule-dialog", "Snapshot schedule", "When should the server save "
                + "by itself?", "Pairs of seconds and changes (\"3600 1 300 100\": after an hour if 1 change, after "
                + "5 minutes if 100); empty for never", current, "3600 1 300 100 60 10000",
                PersistenceModel::scheduleProblem)).filter(this::scheduleConfirmed).ifPresent(text -> act(Action.SAVE_SCHEDULE,
                "Setting the snapshot schedule", s -> new PersistenceService(s).setSaveSchedule(text.trim())
                        .thenApply(v -> "The snapshot schedule is now: " + SaveSchedule.parse(text.trim()).describe()
                                + ". It lasts until a restart unless the config file is written.")));
    }

    /** An empty schedule with AOF off leaves nothing saving by itself: that is asked before it is set. */
    private boolean scheduleConfirmed(String text) {
        boolean aofOn = masters.stream().anyMatch(m -> m.appendOnlyFile().enabled());
        return !text.isBlank() || aofOn || dialogs.confirm(new Dialogs.Confirmation("schedule-off-dialog",
                "Stop automatic snapshots", "Stop saving on a schedule?", "With no schedule and AOF off, the server "
                + "saves only when asked: a restart or crash loses everything written since the last manual save.",
                "Stop automatic snapshots"));
    }

    static String scheduleProblem(String text) {
        try {
            SaveSchedule.parse(text.trim());
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** {@code CONFIG REWRITE}, after asking: the settings in force are written into the server's config file. */
    public void writeConfigFile() {
        if (!allowed(Action.CONFIG_REWRITE) || !dialogs.confirm(new Dialogs.Confirmation("config-rewrite-dialog",
                "Write the config file", "Write the settings in force into the server's config file?",
                "CONFIG REWRITE rewrites the file the server was started with, so the snapshot schedule and AOF "
                        + "setting made here survive a restart. Comments and order in the file are kept where Redis "
                        + "can.", "Write the config file"))) {
            return;
        }
        act(Action.CONFIG_REWRITE, "Writing the config file (CONFIG REWRITE)", s -> new PersistenceService(s)
                .rewriteConfig().thenApply(v -> "The config file now holds the settings in force: they survive a restart."));
    }

    /** True when the action may run now; otherwise says why (the buttons are disabled then too). */
    private boolean allowed(Action action) {
        if (session.session() == null || busy.get()) {
            return false;
        }
        String refused = refusals.get(action);
        if (refused != null) {
            message.set(refused);
            return false;
        }
        return true;
    }

    private void act(Action action, String title,
                     Function<RedisSession, CompletableFuture<String>> work) {
        RedisSession s = session.session();
        if (s == null || busy.get() || refusals.containsKey(action)) {
            return;
        }
        busy.set(true);
        message.set(""); // a repeated outcome is shown again, not taken for the one before
        running.set(title + "…");
        savingInForeground = action == Action.SAVE;
        Job<String> job = actions.<String>job(title)
                .listedIn(tasks)
                .onSuccess(message::set)
                .onFailureWithCause((sentence, cause) -> {
                    message.set(sentence);
                    if (refusedByServer(cause)) {
                        refusals.put(action, sentence); // learnt: the button is disabled now, with this reason
                    }
                })
                .start(() -> work.apply(s));
        job.stateProperty().addListener((obs, was, state) -> {
            if (state != Job.State.RUNNING) {
                busy.set(false);
                running.set("");
                savingInForeground = false;
                read();
            }
        });
        if (!savingInForeground) {
            read(); // shows the save or rewrite as running at once
        } else {
            tick(); // stops the reads until SAVE answers
        }
    }

    /**
     * A refusal that will not change by trying again: the ACL user may not run the command, or the server does not
     * offer it (renamed or disabled on a managed service). What the probe could not know in advance is learnt here.
     */
    static boolean refusedByServer(Throwable cause) {
        String text = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        return text.contains("NOPERM") || text.contains("unknown command");
    }

    private String savedSentence(BackgroundJob job, Map<String, Instant> saved) {
        Instant newest = saved.values().stream().max(Instant::compareTo).orElse(Instant.now());
        return (job.scheduled() ? "The snapshot waited for the AOF rewrite, then was written at "
                : "Snapshot written at ") + CLOCK.format(newest.atZone(zone))
                + (saved.size() > 1 ? " on all " + saved.size() + " masters" : "")
                + ": everything written before it started is on disk.";
    }

    private static String rewrittenSentence(BackgroundJob job, Map<String, Long> sizes) {
        long total = sizes.values().stream().mapToLong(Long::longValue).filter(n -> n > 0).sum();
        return (job.scheduled() ? "The rewrite waited for the snapshot, then finished: " : "The append-only file was "
                + "rewritten: ") + "it now holds the data set compactly ("
                + HumanReadable.bytes(total) + (sizes.size() > 1 ? " on " + sizes.size()
                + " masters" : "") + ").";
    }

    // ---------------------------------------------------------------- properties

    public ObservableList<PersistenceStatus> masters() {
        return masters;
    }

    /** Actions this connection cannot run, with the reason in words. */
    public ObservableMap<Action, String> refusals() {
        return refusals;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** Why the last read failed (the cards then show the status before it); empty when it did not. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What the last action did, or why it did not, in words. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The action running, in words; empty when none. */
    public ReadOnlyStringProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> readAtProperty() {
        return readAt.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty readOnlyProperty() {
        return session.readOnlyProperty();
    }

    ZoneId zone() {
        return zone;
    }
}
