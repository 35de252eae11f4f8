package dev.tensorlens.ui.datasets;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.redis.KeyPattern;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.MemberPage;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.SetMembership;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * One split's members, a page at a time ({@code SSCAN} / {@code ZSCAN} with the filter as a {@code MATCH} pattern):
 * a split of millions is never read whole. Pages go forward with the server's cursor; the cursors of the pages before
 * are kept, so Previous goes back. Changed on the UI thread.
 */
public final class MembersModel {

    /** Members asked for per page; the server may hand a few more. */
    static final int PAGE = 200;

    /** One member as listed: its exact bytes, its text, and its score in a sorted set (NaN in a set). */
    public record Member(byte[] id, String text, double score) {
    }

    private final SessionModel session;
    private final Jobs pages;
    private final ObservableList<Member> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<DatasetSplits.Split> split = new ReadOnlyObjectWrapper<>(this, "split");
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper hasNext = new ReadOnlyBooleanWrapper(this, "hasNext");
    private final ReadOnlyBooleanWrapper hasPrevious = new ReadOnlyBooleanWrapper(this, "hasPrevious");
    /** Cursors of the pages before the one shown (the first page's is null, kept as ""). */
    private final Deque<String> before = new ArrayDeque<>();
    private String cursor;
    private String next;
    private long shownBefore;

    MembersModel(SessionModel session, UiExecutor ui) {
        this.session = session;
        this.pages = new Jobs(ui);
        filter.addListener((obs, old, text) -> first());
    }

    /** Shows a split's first page (null shows nothing). */
    public void show(DatasetSplits.Split shown) {
        split.set(shown);
        first();
    }

    /** Sizes measured since the page was read: the split shown keeps its page, and its status says the new size. */
    void sizesKnown(DatasetSplits measured) {
        DatasetSplits.Split shown = split.get();
        if (shown == null) {
            return;
        }
        measured.splitWithKey(shown.key()).ifPresent(fresh -> {
            split.set(fresh);
            if (!loading.get() && !rows.isEmpty()) {
                status.set(describe(fresh, filter.get() == null ? "" : filter.get().trim()));
            }
        });
    }

    public void first() {
        before.clear();
        shownBefore = 0;
        load(null);
    }

    public void next() {
        if (next != null) {
            before.push(cursor == null ? "" : cursor);
            shownBefore += rows.size();
            load(next);
        }
    }

    public void previous() {
        if (!before.isEmpty()) {
            String c = before.pop();
            shownBefore = Math.max(0, shownBefore - PAGE);
            load(c.isEmpty() ? null : c);
        }
    }

    /** The page shown, read again (after an edit, or another client's). */
    public void reload() {
        if (split.get() != null) {
            load(cursor);
        }
    }

    private void load(String from) {
        DatasetSplits.Split s = split.get();
        RedisSession redis = session.session();
        if (s == null || redis == null) {
            pages.cancelAll();
            rows.clear();
            status.set("");
            hasNext.set(false);
            hasPrevious.set(false);
            return;
        }
        String text = filter.get() == null ? "" : filter.get().trim();
        byte[] match = text.isEmpty() ? null : KeyPattern.containing(text.getBytes(StandardCharsets.UTF_8));
        loading.set(true);
        status.set("Reading members of " + s.name() + "…");
        pages.<MemberPage>replacing("Reading members of " + s.key())
                .onSuccess(page -> {
                    cursor = from;
                    next = page.finished() ? null : page.nextCursor();
                    rows.setAll(page.members().stream().map(m -> new Member(m.value(), Keys.display(m.value()),
                            s.type() == RedisType.ZSET ? m.score() : Double.NaN)).toList());
                    hasNext.set(next != null);
                    hasPrevious.set(!before.isEmpty());
                    status.set(describe(s, text));
                })
                .onFailure(sentence -> {
                    rows.clear();
                    status.set(sentence);
                })
                .onFinished(() -> loading.set(false))
                .start(() -> new SetMembership(redis).scanMembers(Keys.bytes(s.key()), from, match, PAGE));
    }

    private String describe(DatasetSplits.Split s, String text) {
        if (rows.isEmpty()) {
            return text.isEmpty() ? (next == null ? s.name() + " has no members." : "This page is empty; Next reads on.")
                    : "No member of " + s.name() + " on " + (before.isEmpty() && next == null ? "it" : "this page")
                    + " contains \"" + text + "\"" + (next == null ? "." : "; Next reads on.");
        }
        String range = String.format(Locale.ROOT, "%,d–%,d", shownBefore + 1, shownBefore + rows.size());
        String of = s.size() >= 0 && text.isEmpty() ? String.format(Locale.ROOT, " of %,d", s.size()) : "";
        return (text.isEmpty() ? "Members " : "Matches ") + range + of + (next == null ? " (the end)" : "");
    }

    public ObservableList<Member> rows() {
        return rows;
    }

    public ReadOnlyObjectProperty<DatasetSplits.Split> splitProperty() {
        return split.getReadOnlyProperty();
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasNextProperty() {
        return hasNext.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasPreviousProperty() {
        return hasPrevious.getReadOnlyProperty();
    }
}
