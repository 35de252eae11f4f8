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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

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
    private final Executor files;
    private final Runnable changed;
    private final Jobs running;
    private final ObservableList<SplitEdit> history = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final BooleanBinding canEdit;

    EditsModel(SessionModel session, UiExecutor ui, TaskList tasks, Dialogs dialogs, Executor files, Runnable changed) {
        this.session = session;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.files = files;
        this.changed = changed;
        this.running = new Jobs(ui);
        this.canEdit = Bindings.createBooleanBinding(() -> session.sessionProperty().get() != null
                && !session.readOnlyProperty().get() && !busy.get(), session.sessionProperty(),
                session.readOnlyProperty(), busy);
        session.sessionProperty().addListener((obs, old, s) -> {
            running.cancelAll();
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

    /** Adds the ids in {@code text} (typed or pasted): repeats counted once, blanks skipped. */
    public void addText(DatasetSplits.Split split, String text) {
        IdList ids = IdList.parse(text == null ? "" : text);
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
        });
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
        running.<SplitEdit>job("Setting a score in " + split.name())
                .onSuccess(this::done)
                .onFailure(message::set)
                .onFinished(() -> busy.set(false))
                .start(() -> new SplitEdits(s).setScore(split, id, score));
    }

    /**
     * The leak between two splits fixed: every id in both is removed from {@code evaluation} (the validation or test
     * split), after asking with the count and the ids.
     */
    public void fixLeak(DatasetSplits.Split other, DatasetSplits.Split evaluation, DatasetOverlaps.PairOverlap leak) {
        RedisSession s = session.session();
        if (!canEdit.get() || s == null || leak.count() == 0) {
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
        int limit = (int) Math.min(leak.count() + 1000, FIX_LIMIT); // ids leaked since the count are taken too
        busy.set(true);
        running.<SplitEdit>job("Fixing the leak into " + evaluation.name())
                .listedIn(tasks)
                .onSuccess(this::done)
                .onFailure(message::set)
                .onFinished(() -> {
                    busy.set(false);
                    changed.run();
                })
                .startWithContext(ctx -> new DatasetOverlaps(s).shared(other, evaluation, limit).thenCompose(ids -> {
                    BatchedEdit<SplitEdit> edit = new SplitEdits(s).remove(evaluation, ids.iterator(), ids.size(),
                            p -> ctx.progress(p.fraction(), p.sentence()));
                    ctx.stopWith(edit::cancel);
                    return edit.result();
                }));
    }

    /** Undoes the newest edit not undone yet; an undo that takes ids out of a split asks first. */
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
        history.remove(history.size() - 1);
        run("Undoing an edit", "", (s, p) -> new SplitEdits(s).undo(last, p), false);
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

    private void run(String title, String note, java.util.function.BiFunction<RedisSession, java.util.function.Consumer<SplitEdit>, BatchedEdit<SplitEdit>> start) {
        run(title, note, start, true);
    }

    private void run(String title, String note, java.util.function.BiFunction<RedisSession, java.util.function.Consumer<SplitEdit>, BatchedEdit<SplitEdit>> start, boolean undoable) {
        RedisSession s = session.session();
        if (s == null) {
            return;
        }
        busy.set(true);
        progress.set(-1);
        running.<SplitEdit>job(title)
                .listedIn(tasks)
                .onProgress(job -> {
                    progress.set(job.progressProperty().get());
                    message.set(job.messageProperty().get());
                })
                .onSuccess(edit -> {
                    message.set(edit.sentence() + note);
                    if (undoable) {
                        remember(edit);
                    }
                })
                .onFailureWithCause((sentence, cause) -> {
                    message.set(sentence);
                    // the part done before the failure is exact, and can be undone like a whole edit
                    if (undoable && cause instanceof SplitEditException failed && failed.partial() != null) {
                        remember(failed.partial());
                    }
                })
                .onFinished(() -> {
                    busy.set(false);
                    progress.set(-1);
                    changed.run();
                })
                .startWithContext(ctx -> {
                    // the edit's own reports, coalesced by the job: the UI sees the newest
                    BatchedEdit<SplitEdit> edit = start.apply(s, p -> ctx.progress(p.fraction(), p.sentence()));
                    ctx.stopWith(edit::cancel);
                    return edit.result();
                });
    }

    private void done(SplitEdit edit) {
        message.set(edit.sentence());
        remember(edit);
    }

    private void remember(SplitEdit edit) {
        if (edit.canUndo()) {
            history.add(edit);
            if (history.size() > HISTORY) {
                history.remove(0);
            }
        } else if (!edit.whyNoUndo().isEmpty()) {
            message.set(message.get() + " " + edit.whyNoUndo());
        }
    }

    private static Iterator<byte[]> bytes(Iterator<String> ids) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public byte[] next() {
                return ids.next().getBytes(StandardCharsets.UTF_8);
            }
        };
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

    // ---------------------------------------------------------------- properties

    public ObservableList<SplitEdit> history() {
        return history;
    }

    /** What the last edit did, or why it failed, in words. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
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
