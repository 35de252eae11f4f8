package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.BulkDeletion;
import dev.tensorlens.redis.BulkProgress;
import dev.tensorlens.redis.KeyEditor;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisErrors;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.ui.browser.value.ValueModel;
import dev.tensorlens.ui.common.Format;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the user can do to keys from the browser: delete, rename, set or remove a TTL, and delete a whole folder in
 * batches with progress. Every change goes through {@link KeyEditor}, so a read-only profile refuses it before
 * anything reaches the server; the outcome, good or bad, is one sentence in {@link #messageProperty()}. The tree,
 * the row details and the open value follow each change.
 */
public final class KeyActions {

    /** How a rename ended when it did not fail. */
    public enum Renamed { DONE, TARGET_EXISTS }

    private static final Pattern TTL = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|m|min|h|d)?\\s*");

    private final Supplier<RedisSession> session;
    private final UiExecutor ui;
    private final KeyTreeModel tree;
    private final KeyDetails details;
    private final ValueModel value;

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private final ReadOnlyBooleanWrapper bulkRunning = new ReadOnlyBooleanWrapper(this, "bulkRunning");
    private final ReadOnlyDoubleWrapper bulkProgress = new ReadOnlyDoubleWrapper(this, "bulkProgress");
    private final ReadOnlyStringWrapper bulkStatus = new ReadOnlyStringWrapper(this, "bulkStatus", "");
    private BulkDeletion bulk;

    KeyActions(Supplier<RedisSession> session, UiExecutor ui, KeyTreeModel tree, KeyDetails details, ValueModel value) {
        this.session = session;
        this.ui = ui;
        this.tree = tree;
        this.details = details;
        this.value = value;
    }

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
                    return ttl == null ? name + " no longer expires." : name + " now expires in " + Format.duration(ttl) + ".";
                });
    }

    /**
     * Deletes the keys of a folder as the listing held them when the user was asked ({@code snapshot}: keys that
     * arrive while the question is open are not part of the answer), and not whatever else the server has under that
     * prefix: with a type or pattern filter on, only the keys the user saw go. In batches with progress; the keys
     * leave the tree batch by batch; stopping keeps the rest. One folder at a time: refused while one is running.
     */
    public void deleteFolder(KeyIndex.Snapshot snapshot, byte[] prefix) {
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
        List<byte[]> sent = new ArrayList<>();
        Iterator<byte[]> keys = new Iterator<>() {
            int rank = range[0];

            @Override
            public boolean hasNext() {
                return rank < range[1];
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
        };
        message.set(null);
        bulkRunning.set(true);
        bulkProgress.set(0);
        bulkStatus.set("Deleting " + Format.count(expected) + " keys under " + name + "…");
        int[] leftTree = {0}; // how many of the sent keys have left the tree: the progress callbacks come in order
        BulkDeletion mine = new KeyEditor(s).deleteAll(keys, expected, p -> {
            List<byte[]> gone;
            synchronized (sent) {
                int upTo = (int) Math.min(sent.size(), p.attempted());
                gone = new ArrayList<>(sent.subList(leftTree[0], Math.max(leftTree[0], upTo)));
                leftTree[0] = Math.max(leftTree[0], upTo);
            }
            ui.execute(() -> {
                if (session.get() != s) {
                    return; // another connection is shown now: its listing must not lose same-named keys
                }
                tree.removeKeys(gone);
                bulkProgress.set(p.fraction());
                bulkStatus.set("Deleting… " + Format.count(p.attempted()) + " of " + Format.count(expected) + " keys");
            });
        });
        bulk = mine;
        ui.whenDone(mine.result(), p -> {
            if (bulk != mine) {
                return;
            }
            bulk = null;
            bulkRunning.set(false);
            details.clear();
            say(false, p.done()
                    ? "Deleted " + Format.count(p.deleted()) + " keys under " + name + "."
                    : "Stopped: " + Format.count(p.deleted()) + " of " + Format.count(expected) + " keys under " + name
                    + " were deleted; the rest are still there.");
        }, failure -> {
            if (bulk != mine) {
                return;
            }
            bulk = null;
            bulkRunning.set(false);
            say(true, RedisErrors.describe("Deleting the keys under " + name, failure));
        });
    }

    /** Stops a folder deletion after the batch in flight. */
    public void stopBulk() {
        if (bulk != null) {
            bulk.cancel();
        }
    }

    /** The connection went or changed: a running folder deletion stops, and its outcome is no longer this listing's. */
    void detach() {
        stopBulk();
        bulk = null;
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
    private <T> CompletableFuture<T> report(String what, java.util.function.Function<KeyEditor, CompletableFuture<T>> edit,
                                            java.util.function.Function<T, String> done) {
        message.set(null);
        RedisSession s = session.get();
        if (s == null) {
            say(true, what + " failed: not connected.");
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        CompletableFuture<T> change = edit.apply(new KeyEditor(s));
        CompletableFuture<T> applied = new CompletableFuture<>();
        ui.whenDone(change, result -> {
            if (session.get() != s) {
                applied.cancel(false); // done on a connection no longer shown: not this listing's business
                return;
            }
            String text = done.apply(result);
            if (text != null) {
                say(false, text);
            }
            applied.complete(result);
        }, failure -> {
            if (session.get() == s) {
                say(true, RedisErrors.describe(what, failure));
            }
            applied.completeExceptionally(failure);
        });
        return applied;
    }

    private void say(boolean error, String text) {
        failed.set(error);
        message.set(text);
    }

    /** The last action's outcome, or null. */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    /** Whether {@link #messageProperty()} reports a failure. */
    public ReadOnlyBooleanProperty failedProperty() { return failed.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty bulkRunningProperty() { return bulkRunning.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty bulkProgressProperty() { return bulkProgress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty bulkStatusProperty() { return bulkStatus.getReadOnlyProperty(); }
}
