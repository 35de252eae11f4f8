package dev.tensorlens.ui.datasets;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.IdList;
import dev.tensorlens.redis.BatchedEdit;
import dev.tensorlens.redis.DatasetOverlaps;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.SplitEdit;
import dev.tensorlens.redis.SplitEditException;
import dev.tensorlens.redis.SplitEdits;
import dev.tensorlens.redis.SplitExport;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.Job;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.SaveFiles;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

/**
 * Every change the Datasets view makes to a split: adding ids (typed, pasted or imported from a file), removing,
 * moving between splits, a sorted set's score, the leakage fix, and undo. The rules:
 * <ul>
 *   <li>Every removal (a remove, a move, the leakage fix, an undo that takes ids out) asks first, with the count.</li>
 *   <li>Edits run one at a time, in batches, listed in the task drawer with progress and a Stop; the outcome is one
 *       sentence with exact counts ({@link SplitEdit#sentence()}).</li>
 *   <li>The last edits can be undone, newest first; an edit knows exactly which ids it changed, so undo restores
 *       those and never touches what another client changed meanwhile.</li>
 *   <li>A read-only profile edits nothing: the view disables the actions, and the service refuses them too.</li>
 * </ul>
 * Changed on the UI thread.
 */
public final class EditsModel {

    /** Edits kept for undo. */
    static final int HISTORY = 20;
    /** Leaked ids the fix removes at most in one go (they are held in memory for the undo). */
    static final int FIX_LIMIT = 1_000_000;

    private final SessionModel session;
    private final TaskList tasks;
    private final Dialogs dialogs;
    private final Executor background;
    private final Executor files;
    private final Runnable changed;
    private final Jobs running;
    private final ObservableList<SplitEdit> history = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final BooleanBinding canEdit;

    EditsModel(SessionModel session, UiExecutor ui, Executor background, TaskList tasks, Dialogs dialogs, Executor files,
               Runnable changed) {
        this.session = session;
        this.background = background;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.files = files;
        this.changed = changed;
        this.running = new Jobs(ui);
        this.canEdit = Bindings.createBooleanBinding(() -> session.sessionProperty().get() != null
                && !session.readOnlyProperty().get() && !busy.get(), session.sessionProperty(),
                session.readOnlyProperty(), busy);
        session.sessionProperty().addListener((obs, old, s) -> {
            running.cancelAll(); // their jobs turn CANCELLED, which frees editing (see track)
            history.clear();
            message.set("");
        });
    }

    // ---------------------------------------------------------------- the edits

    /** Asks for ids (typed, pasted or a file) and adds them to {@code split}; a sorted set gives them score 1. */
    public void add(DatasetSplits.Split split) {
        if (!canEdit.get()) {
            return;
        }
        dialogs.askIds(new Dialogs.IdsQuestion("add-ids-dialog", "Add ids", "Add ids to " + split.name()))
                .ifPresent(answer -> {
                    if (answer.file() != null) {
                        importFile(split, answer.file());
                    } else {
                        addText(split, answer.text());
                    }
                });
    }

    /**
     * Adds the ids in {@code text} (typed or pasted): repeats counted once, blanks skipped. The text is split into ids
     * in the background, not on the UI thread (a paste can hold millions); editing waits meanwhile.
     */
    public void addText(DatasetSplits.Split split, String text) {
        if (refused()) {
            return;
        }
        busy.set(true);
        track(running.<IdList>job("Reading the ids to add to " + split.name())
                .onSuccess(ids -> addIds(split, ids))
                .onFailure(message::set)
                .start(() -> CompletableFuture.supplyAsync(() -> IdList.parse(text == null ? "" : text), background)), false);
    }

    /** The ids read from a paste, added (on the UI thread, as the read's job ends: editing is free again). */
    private void addIds(DatasetSplits.Split split, IdList ids) {
        if (ids.ids().isEmpty()) {
            message.set("No ids to add: the text held none.");
            return;
        }
        String note = ids.duplicates() == 0 ? "" : String.format(Locale.ROOT, " (%,d repeated %s in the text counted once)",
                ids.duplicates(), ids.duplicates() == 1 ? "id" : "ids");
        run("Adding ids to " + split.name(), note, (s, p) -> new SplitEdits(s).add(split, bytes(ids.ids().iterator()),
                ids.ids().size(), 1.0, p));
    }

    /** Streams a text or CSV file of ids into {@code split}: the file is never held whole. */
    public void importFile(DatasetSplits.Split split, Path file) {
        if (refused()) {
            return;
        }
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            message.set("Could not read " + file.getFileName() + ": " + e.getMessage());
            return;
        }
        IdList.Reader ids = IdList.reader(reader);
        run("Importing " + file.getFileName() + " into " + split.name(), "", (s, p) -> {
            BatchedEdit<SplitEdit> edit = new SplitEdits(s).add(split, bytes(ids), -1, 1.0, p);
            edit.result().whenComplete((v, e) -> closeQuietly(reader));
            return edit;
        }, this::remember, () -> closeQuietly(reader));
    }

    /** Removes {@code ids} from {@code split}, after asking. */
    public void remove(DatasetSplits.Split split, List<byte[]> ids) {
        if (!canEdit.get() || ids.isEmpty()) {
            return;
        }
        if (!dialogs.confirm(new Dialogs.Confirmation("remove-ids-dialog", "Remove ids",
                "Remove " + count(ids.size()) + " from " + split.name() + "?",
                "They are taken out of " + split.key() + ". Undo puts them back.", "Remove " + count(ids.size())))) {
            return;
        }
        run("Removing ids from " + split.name(), "", (s, p) -> new SplitEdits(s).remove(split, ids.iterator(), ids.size(),
                p));
    }

    /** Moves {@code ids} from one split to another, after asking. */
    public void move(DatasetSplits.Split from, DatasetSplits.Split to, List<byte[]> ids) {
        if (!canEdit.get() || ids.isEmpty() || from.key().equals(to.key())) {
            return;
        }
        if (!dialogs.confirm(new Dialogs.Confirmation("move-ids-dialog", "Move ids",
                "Move " + count(ids.size()) + " from " + from.name() + " to " + to.name() + "?",
                "They leave " + from.key() + " and join " + to.key() + ". Undo moves them back and takes out of "
                        + to.name() + " only the ones this move put there.", "Move " + count(ids.size())))) {
            return;
        }
        run("Moving ids from " + from.name() + " to " + to.name(), "", (s, p) -> new SplitEdits(s).move(from, to,
                ids.iterator(), ids.size(), p));
    }

    /** A sorted-set member's new score (it is never added when missing). */
    public void setScore(DatasetSplits.Split split, byte[] id, double score) {
        RedisSession s = session.session();
        if (!canEdit.get() || s == null) {
            return;
        }
        busy.set(true);
        track(running.<SplitEdit>job("Setting a score in " + split.name())
                .onSuccess(this::done)
                .onFailure(message::set)
                .start(() -> new SplitEdits(s).setScore(split, id, score)), true);
    }

    /**
     * The leak between two splits fixed: every id in both is removed from {@code evaluation} (the validation or test
     * split), after asking with the count and the ids. The ids are read again first: when another client changed the
     * splits since the count, the user is asked again with the new count before anything is removed.
     */
    public void fixLeak(DatasetSplits.Split other, DatasetSplits.Split evaluation, DatasetOverlaps.PairOverlap leak) {
        RedisSession s = session.session();
        if (!canEdit.get() || s == null || leak.count() == 0) {
            return;
        }
        if (other.key().equals(evaluation.key())) {
            message.set(evaluation.name() + " is one set listed twice: there is no leak to fix.");
            return;
        }
        if (leak.count() > FIX_LIMIT) {
            message.set(String.format(Locale.ROOT, "%s leaked: more than the %,d one fix takes (they are held for its "
                    + "undo). Remove them with a script, such as SDIFFSTORE into a new split.", count(leak.count()),
                    FIX_LIMIT));
            return;
        }
        String sample = leak.sample().stream().map(Keys::display).reduce((a, b) -> a + ", " + b).orElse("");
        if (!dialogs.confirm(new Dialogs.Confirmation("fix-leak-dialog", "Fix the leak",
                "Remove the " + count(leak.count()) + " leaked from " + other.name() + " out of " + evaluation.name()
                        + "?", "These ids are in both " + other.name() + " and " + evaluation.name() + ": " + sample
                        + (leak.count() > leak.sample().size() ? ", …" : "") + ". They stay in " + other.name()
                        + " and leave " + evaluation.key() + ". Undo puts them back.",
                "Remove " + count(leak.count()) + " from " + evaluation.name()))) {
            return;
        }
        busy.set(true);
        track(running.<List<byte[]>>job("Finding the ids leaked into " + evaluation.name())
                .listedIn(tasks)
                .onSuccess(ids -> removeLeaked(other, evaluation, leak.count(), ids))
                .onFailure(message::set)
                .startWithContext(ctx -> {
                    CompletableFuture<List<byte[]>> found = new DatasetOverlaps(s).shared(other, evaluation, FIX_LIMIT + 1);
                    ctx.stopWith(() -> found.cancel(true));
                    return found;
                }), false);
    }

    private void removeLeaked(DatasetSplits.Split other, DatasetSplits.Split evaluation, long confirmed, List<byte[]> ids) {
        if (ids.isEmpty()) {
            message.set("No id is in both " + other.name() + " and " + evaluation.name() + " any more: nothing was removed.");
            changed.run();
            return;
        }
        if (ids.size() > FIX_LIMIT) {
            message.set(String.format(Locale.ROOT, "More than %,d ids are in both now: nothing was removed.", FIX_LIMIT));
            return;
        }
        if (ids.size() != confirmed && !dialogs.confirm(new Dialogs.Confirmation("fix-leak-again-dialog", "Fix the leak",
                "The leak changed: remove " + count(ids.size()) + " from " + evaluation.name() + "?",
                "Another client changed the splits since they were counted (" + count(confirmed) + "); "
                        + count(ids.size()) + " are in both " + other.name() + " and " + evaluation.name() + " now.",
                "Remove " + count(ids.size())))) {
            return;
        }
        run("Fixing the leak into " + evaluation.name(), "", (s, p) -> new SplitEdits(s).remove(evaluation,
                ids.iterator(), ids.size(), p));
    }

    /**
     * Undoes the newest edit not undone yet; an undo that takes ids out of a split asks first. The edit stays in the
     * history until its undo is done: an undo that was stopped or failed part-way picks up where it left off next time.
     */
    public void undo() {
        if (!canEdit.get() || history.isEmpty()) {
            return;
        }
        SplitEdit last = history.get(history.size() - 1);
        String takesOut = undoRemoves(last);
        if (takesOut != null && !dialogs.confirm(new Dialogs.Confirmation("undo-dialog", "Undo",
                "Undo: " + takesOut + "?", "Undo restores exactly what the edit changed: " + last.sentence(),
                "Undo"))) {
            return;
        }
        run("Undoing an edit", "", (s, p) -> new SplitEdits(s).undo(last, p), undone -> {
            if (undone.done()) {
                history.remove(last);
            }
        }, () -> { });
    }

    /** What undoing {@code edit} takes out of a split, in words; null when it only puts ids back. */
    static String undoRemoves(SplitEdit edit) {
        return switch (edit.kind()) {
            case ADD -> "take the " + count(edit.changed()) + " it added out of " + edit.split();
            case MOVE -> "move " + count(edit.changed()) + " back from " + edit.otherSplit() + " to " + edit.split();
            default -> null;
        };
    }

    /** Writes a split to a text file, one id per line, streamed. */
    public void export(DatasetSplits.Split split) {
        RedisSession s = session.session();
        if (s == null) {
            return;
        }
        dialogs.chooseSaveFile(new Dialogs.SaveQuestion("export-split-dialog", "Export " + split.name(),
                SaveFiles.safeName(split.key()) + ".txt", "Text, one id per line", "txt")).ifPresent(file -> {
                    running.<SplitExport.ExportReport>job("Exporting " + split.name())
                            .listedIn(tasks)
                            .onSuccess(report -> message.set(report.sentence()))
                            .onFailure(message::set)
                            .startWithContext(ctx -> new SplitExport(s, files).write(split, file, lines ->
                                    ctx.progress(split.size() > 0 ? (double) lines / split.size() : -1,
                                            String.format(Locale.ROOT, "%,d ids written", lines))));
                });
    }

    // ---------------------------------------------------------------- running

    private void run(String title, String note, BiFunction<RedisSession, Consumer<SplitEdit>, BatchedEdit<SplitEdit>> start) {
        run(title, note, start, this::remember, () -> { });
    }

    /**
     * Runs one edit in batches, listed in the task drawer; {@code outcome} gets what it did (also the exact part done
     * before a failure); {@code notStarted} runs when there is no connection to start it on.
     */
    private void run(String title, String note, BiFunction<RedisSession, Consumer<SplitEdit>, BatchedEdit<SplitEdit>> start,
                     Consumer<SplitEdit> outcome, Runnable notStarted) {
        RedisSession s = session.session();
        if (s == null) {
            notStarted.run();
            return;
        }
        busy.set(true);
        track(running.<SplitEdit>job(title)
                .listedIn(tasks)
                .onProgress(job -> progressText.set(job.messageProperty().get()))
                .onSuccess(edit -> {
                    outcome.accept(edit); // first: the outcome bar offers Undo when the history has the edit
                    message.set(edit.sentence() + note + noUndo(edit));
                })
                .onFailureWithCause((sentence, cause) -> {
                    // the part done before the failure is exact, and can be undone like a whole edit
                    if (cause instanceof SplitEditException failed && failed.partial() != null) {
                        outcome.accept(failed.partial());
                    }
                    message.set(sentence);
                })
                .startWithContext(ctx -> {
                    // the edit's own reports, coalesced by the job: the UI sees the newest
                    BatchedEdit<SplitEdit> edit = start.apply(s, p -> ctx.progress(p.fraction(), p.sentence()));
                    ctx.stopWith(edit::cancel);
                    return edit.result();
                }), true);
    }

    /**
     * Whatever way a job ends (done, failed, stopped, cancelled by a new connection), editing is free again and what it
     * changed is read again ({@code changesData} false for a job that only reads: the leaked ids, a paste's ids). The
     * job's state turns before its outcome reaches the callbacks.
     */
    private void track(Job<?> job, boolean changesData) {
        progress.bind(job.progressProperty());
        job.stateProperty().addListener((obs, was, state) -> {
            if (state != Job.State.RUNNING) {
                progress.unbind();
                progress.set(-1);
                progressText.set("");
                busy.set(false);
                if (changesData) {
                    changed.run();
                }
            }
        });
    }

    /** True (and says why) when this profile cannot edit. */
    private boolean refused() {
        if (session.readOnlyProperty().get()) {
            message.set("This profile is read-only: nothing was changed.");
            return true;
        }
        return !canEdit.get();
    }

    private void done(SplitEdit edit) {
        remember(edit);
        message.set(edit.sentence() + noUndo(edit));
    }

    private void remember(SplitEdit edit) {
        if (edit.canUndo()) {
            history.add(edit);
            if (history.size() > HISTORY) {
                history.remove(0);
            }
        }
    }

    /** Why an edit (not an undo) cannot be undone, when it cannot. */
    private static String noUndo(SplitEdit edit) {
        return edit.kind() == SplitEdit.Kind.UNDO || edit.canUndo() || edit.whyNoUndo().isEmpty() ? ""
                : " " + edit.whyNoUndo();
    }

    /** The ids as UTF-8, one at a time as the edit takes them (a file's are read as it goes). */
    private static Iterator<byte[]> bytes(Iterator<String> ids) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(ids, 0), false) // sequential: in the file's order
                .map(id -> id.getBytes(StandardCharsets.UTF_8)).iterator();
    }

    private static void closeQuietly(BufferedReader reader) {
        try {
            reader.close();
        } catch (IOException | UncheckedIOException ignored) {
            // the import's outcome is already known; a close failure changes nothing the user can act on
        }
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? "id" : "ids");
    }

    public ObservableList<SplitEdit> history() {
        return history;
    }

    /** What the last edit did, or why it failed, in words. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** How far the running edit got, in words ("So far …"); empty when none runs. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Connected, not read-only, and no edit running. */
    public BooleanBinding canEditBinding() {
        return canEdit;
    }
}
