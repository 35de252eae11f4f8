package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.BatchedEdit;
import dev.tensorlens.redis.BulkProgress;
import dev.tensorlens.redis.KeyEditor;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.ui.browser.value.ValueModel;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.KeyFacts;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the user can do to keys from the browser: delete, rename, set or remove a TTL, and delete a whole folder in
 * batches with progress — each asked first through the {@link Dialogs} service, so the flows are tested without a
 * robot. Every change goes through {@link KeyEditor}, so a read-only profile refuses it before anything reaches the
 * server; the outcome, good or bad, is one sentence in {@link #messageProperty()}. The tree, the row details and the
 * open value follow each change. A folder delete is listed in the app's task list, with progress and Stop.
 */
public final class KeyActions {

    /** How a rename ended when it did not fail. */
    public enum Renamed { DONE, TARGET_EXISTS }

    private static final Pattern TTL = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|m|min|h|d)?\\s*");

    private final Supplier<RedisSession> session;
    private final KeyTreeModel tree;
    private final KeyDetails details;
    private final ValueModel value;
    private final TaskList tasks;
    private final Dialogs dialogs;
    /** Single-key edits; their outcomes no longer matter once the connection changes. */
    private final Jobs edits;
    /** The folder delete running, if any: one at a time. */
    private final Jobs bulk;
    private Consumer<KeyTreeModel.Row> select = row -> { };

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private final ReadOnlyBooleanWrapper bulkRunning = new ReadOnlyBooleanWrapper(this, "bulkRunning");

    KeyActions(Supplier<RedisSession> session, UiExecutor ui, KeyTreeModel tree, KeyDetails details, ValueModel value,
               TaskList tasks, Dialogs dialogs) {
        this.session = session;
        this.tree = tree;
        this.details = details;
        this.value = value;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.edits = new Jobs(ui);
        this.bulk = new Jobs(ui);
    }

    /** How the flows move the browser's selection (off a deleted key, onto a renamed one). */
    void onSelect(Consumer<KeyTreeModel.Row> selection) {
        this.select = selection;
    }

    // ---------------------------------------------------------------- flows: ask, then act

    /** "Delete this key?" and, on yes, deletes it; the selection leaves it. */
    public void askAndDelete(byte[] key) {
        if (dialogs.confirm(KeyQuestions.delete(Keys.display(key)))) {
            delete(key).thenRun(() -> select.accept(null));
        }
    }

    /**
     * Asks about the keys the listing holds under {@code folder} now, and deletes exactly those: the scan or live
     * updates may add more meanwhile. Refused while another folder is being deleted.
     */
    public void askAndDeleteFolder(KeySnapshot listed, byte[] folder) {
        if (bulkRunning.get()) {
            say(true, "Another folder is being deleted; stop it or wait for it first. Nothing else was deleted.");
            return;
        }
        int count = listed.count(folder);
        if (count > 0 && dialogs.confirm(KeyQuestions.deleteFolder(Keys.display(folder), count))) {
            select.accept(null);
            deleteFolder(listed, folder);
        }
    }

    /** Asks for a new name, renames without replacing, and asks again before replacing a key of that name. */
    public void askAndRename(byte[] key) {
        String old = Keys.display(key);
        dialogs.ask(KeyQuestions.newName(old)).map(String::strip).filter(name -> !name.equals(old)).ifPresent(name -> {
            byte[] newKey = newName(key, name);
            rename(key, newKey, false).thenAccept(outcome -> {
                if (outcome == Renamed.TARGET_EXISTS && dialogs.confirm(KeyQuestions.overwrite(name))) {
                    rename(key, newKey, true).thenRun(() -> selectRenamed(newKey));
                } else if (outcome == Renamed.DONE) {
                    selectRenamed(newKey);
                }
            });
        });
    }

    /** Asks for a time to live (empty: never expires) and sets it. */
    public void askAndSetTtl(byte[] key) {
        KeyDetails.Details d = details.get(key);
        String current = d == null ? null : KeyFacts.ttl(d.info());
        dialogs.ask(KeyQuestions.ttl(Keys.display(key), current))
                .ifPresent(text -> setTtl(key, text.isBlank() ? null : parseTtl(text).orElseThrow()));
    }

    /**
     * The bytes of a new name. A key shown with escapes (not UTF-8) is edited as escaped text, which reads back to
     * bytes; a plain key's new name is taken literally, so typing {@code runs\test} does not make a TAB.
     */
    static byte[] newName(byte[] oldKey, String typed) {
        boolean plain = Keys.display(oldKey).equals(new String(oldKey, StandardCharsets.UTF_8));
        return plain ? typed.getBytes(StandardCharsets.UTF_8) : Keys.bytes(typed);
    }

    private void selectRenamed(byte[] newKey) {
        select.accept(new KeyTreeModel.Row(0, false, Keys.display(newKey), 1, false, newKey));
    }

    // ---------------------------------------------------------------- the changes

    /** {@code UNLINK key}; the key leaves the tree once the server has answered. */
    public CompletableFuture<Long> delete(byte[] key) {
        String name = Keys.display(key);
        return report("Deleting " + name, e -> e.delete(key), n -> {
            tree.removeKey(key);
            details.forget(key);
            return n == 0 ? name + " was already gone." : "Deleted " + name + ".";
        });
    }

    /**
     * {@code RENAMENX}, or {@code RENAME} when {@code overwrite}: an existing key of the new name is replaced only
     * when the user said so. {@link Renamed#TARGET_EXISTS} leaves everything as it was.
     */
    public CompletableFuture<Renamed> rename(byte[] key, byte[] newKey, boolean overwrite) {
        String from = Keys.display(key);
        String to = Keys.display(newKey);
        return report("Renaming " + from, e -> e.rename(key, newKey, overwrite), done -> {
            if (!done) {
                return null;
            }
            tree.removeKey(key);
            tree.applyPage(new ArrayList<>(List.of(newKey.clone())));
            details.forget(key);
            details.forget(newKey);
            return "Renamed " + from + " to " + to + ".";
        }).thenApply(done -> done ? Renamed.DONE : Renamed.TARGET_EXISTS);
    }

    /** {@code PEXPIRE}, or {@code PERSIST} when {@code ttl} is null. */
    public CompletableFuture<Boolean> setTtl(byte[] key, Duration ttl) {
        String name = Keys.display(key);
        return report((ttl == null ? "Removing the expiry of " : "Setting the TTL of ") + name,
                e -> e.setTtl(key, ttl), done -> {
                    details.forget(key);
                    details.fetch(key); // the row and the open-in button show the new TTL at once
                    value.reload();
                    if (!done) {
                        return ttl == null ? name + " had no expiry." : name + " no longer exists.";
                    }
                    return ttl == null ? name + " no longer expires." : name + " now expires in " + HumanReadable.duration(ttl) + ".";
                });
    }

    /**
     * Deletes the keys of a folder as the listing held them when the user was asked ({@code snapshot}: keys that
     * arrive while the question is open are not part of the answer), and not whatever else the server has under that
     * prefix: with a type or pattern filter on, only the keys the user saw go. In batches, listed in the task list
     * with progress; the keys leave the tree batch by batch; stopping keeps the rest.
     */
    public void deleteFolder(KeySnapshot snapshot, byte[] prefix) {
        RedisSession s = session.get();
        if (s == null) {
            say(true, "Not connected: nothing was deleted.");
            return;
        }
        if (bulkRunning.get()) {
            say(true, "Another folder is being deleted; stop it or wait for it first. Nothing else was deleted.");
            return;
        }
        int[] range = snapshot.range(prefix);
        int expected = range[1] - range[0];
        String name = Keys.display(prefix);
        message.set(null);
        bulkRunning.set(true);
        bulk.<BulkProgress>job("Deleting " + HumanReadable.count(expected) + " keys under " + name)
                .listedIn(tasks)
                .onSuccess(p -> {
                    details.clear();
                    say(false, p.done()
                            ? "Deleted " + HumanReadable.count(p.deleted()) + " keys under " + name + "."
                            : "Stopped: " + HumanReadable.count(p.deleted()) + " of " + HumanReadable.count(expected) + " keys under "
                            + name + " were deleted; the rest are still there.");
                })
                .onFailure(sentence -> say(true, sentence))
                .onFinished(() -> bulkRunning.set(false))
                .startWithContext(context -> {
                    FolderKeys keys = new FolderKeys(snapshot, range);
                    BatchedEdit<BulkProgress> deletion = new KeyEditor(s).deleteAll(keys, expected, p -> {
                        List<byte[]> gone = keys.sentUpTo(p.attempted());
                        context.onUi(() -> tree.removeKeys(gone)); // not once the connection changed
                        context.progress(p.fraction(), "Deleting… " + HumanReadable.count(p.attempted()) + " of "
                                + HumanReadable.count(expected) + " keys");
                    });
                    context.stopWith(deletion::cancel);
                    return deletion.result();
                });
    }

    /** Stops a folder deletion after the batch in flight. */
    public void stopBulk() {
        bulk.stopAll();
    }

    /** The connection went or changed: edits' outcomes are no longer this listing's, a folder delete stops. */
    void detach() {
        edits.cancelAll();
        bulk.cancelAll();
        bulkRunning.set(false);
        message.set(null);
    }

    /**
     * A TTL as a person types it: {@code 90} or {@code 90s}, {@code 1.5h}, {@code 15 min}, {@code 2d}, {@code 500ms};
     * empty when it is not one (or is not positive).
     */
    public static Optional<Duration> parseTtl(String text) {
        Matcher m = TTL.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return Optional.empty();
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        double millis = amount * switch (unit) {
            case "ms" -> 1;
            case "m", "min" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> 1000;
        };
        return millis < 1 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(millis)));
    }

    public void dismissMessage() {
        message.set(null);
    }

    /** Runs a change; its outcome (the sentence {@code done} returns, or the failure in words) becomes the message. */
    private <T> CompletableFuture<T> report(String what, Function<KeyEditor, CompletableFuture<T>> edit,
                                            Function<T, String> done) {
        message.set(null);
        RedisSession s = session.get();
        if (s == null) {
            say(true, what + " failed: not connected.");
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        return edits.<T>job(what)
                .onSuccess(result -> {
                    String text = done.apply(result);
                    if (text != null) {
                        say(false, text);
                    }
                })
                .onFailure(sentence -> say(true, sentence))
                .start(() -> edit.apply(new KeyEditor(s)))
                .result();
    }

    private void say(boolean error, String text) {
        failed.set(error);
        message.set(text);
    }

    /** The last action's outcome, or null. */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    /** Whether {@link #messageProperty()} reports a failure. */
    public ReadOnlyBooleanProperty failedProperty() { return failed.getReadOnlyProperty(); }
    /** True while a folder is being deleted. */
    public ReadOnlyBooleanProperty bulkRunningProperty() { return bulkRunning.getReadOnlyProperty(); }

    /**
     * The keys of a folder in a snapshot, in order, remembering which were handed out: a progress report says how
     * many were sent, and those leave the tree.
     */
    private static final class FolderKeys implements Iterator<byte[]> {
        private final KeySnapshot snapshot;
        private final int end;
        private final List<byte[]> sent = new ArrayList<>();
        private int rank;
        private int leftTree;

        FolderKeys(KeySnapshot snapshot, int[] range) {
            this.snapshot = snapshot;
            this.rank = range[0];
            this.end = range[1];
        }

        @Override
        public boolean hasNext() {
            return rank < end;
        }

        @Override
        public byte[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            byte[] key = snapshot.key(rank++);
            synchronized (sent) {
                sent.add(key);
            }
            return key;
        }

        /** The keys sent since the last call, up to {@code attempted} in all: progress reports come in order. */
        List<byte[]> sentUpTo(long attempted) {
            synchronized (sent) {
                int upTo = (int) Math.min(sent.size(), attempted);
                List<byte[]> gone = new ArrayList<>(sent.subList(leftTree, Math.max(leftTree, upTo)));
                leftTree = Math.max(leftTree, upTo);
                return gone;
            }
        }
    }
}
