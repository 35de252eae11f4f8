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
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One split's members, a page at a time ({@code SSCAN} / {@code ZSCAN} with the filter as a {@code MATCH} pattern):
 * a split of millions is never read whole. Pages go forward with the server's cursor; the cursors of the pages before
 * are kept, so Previous goes back. Changed on the UI thread.
 */
public final class MembersModel {

    /** Members asked for per page; the server may hand a few more. */
    static final int PAGE = 200;
    /** Pages a filtered look reads at most before it shows an empty page and lets Next read on. */
    static final int PAGES_PER_LOOK = 200;

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
    private final BooleanProperty picking = new SimpleBooleanProperty(this, "picking");
    /** Where a page starts: the server's cursor (null for the first page) and how many members came before it. */
    private record Position(String cursor, long before) {
    }

    /** The positions of the pages before the one shown, newest on top: Previous pops one. */
    private final Deque<Position> before = new ArrayDeque<>();
    private Position shown = new Position(null, 0);
    private String next;

    MembersModel(SessionModel session, UiExecutor ui) {
        this.session = session;
        this.pages = new Jobs(ui);
        filter.addListener((obs, old, text) -> first());
    }

    /** Shows a split's first page (null shows nothing). */
    public void show(DatasetSplits.Split shownSplit) {
        split.set(shownSplit);
        first();
    }

    /** Sizes measured since the page was read: the split shown keeps its page, and its status says the new size. */
    void sizesKnown(DatasetSplits measured) {
        DatasetSplits.Split current = split.get();
        if (current == null) {
            return;
        }
        measured.splitWithKey(current.key()).ifPresent(fresh -> {
            split.set(fresh);
            if (!loading.get() && !rows.isEmpty()) {
                status.set(describe(fresh, filterText()));
            }
        });
    }

    public void first() {
        load(new Position(null, 0), Move.RESTART);
    }

    /** The next page; ignored while a page is on its way (a second click would skip one). */
    public void next() {
        if (next != null && !loading.get()) {
            load(new Position(next, shown.before() + rows.size()), Move.FORWARD);
        }
    }

    public void previous() {
        if (!before.isEmpty() && !loading.get()) {
            load(before.peek(), Move.BACK);
        }
    }

    /** The page shown, read again (after an edit, or another client's). */
    public void reload() {
        if (split.get() != null) {
            load(shown, Move.STAY);
        }
    }

    /** How the positions change once the page asked for has come: only then, so a failed read changes nothing. */
    private enum Move { RESTART, FORWARD, BACK, STAY }

    private void load(Position at, Move move) {
        DatasetSplits.Split s = split.get();
        RedisSession redis = session.session();
        if (s == null || redis == null) {
            pages.cancelAll();
            rows.clear();
            before.clear();
            shown = new Position(null, 0);
            next = null;
            status.set("");
            hasNext.set(false);
            hasPrevious.set(false);
            loading.set(false);
            return;
        }
        String text = filterText();
        byte[] match = text.isEmpty() ? null : KeyPattern.containing(text.getBytes(StandardCharsets.UTF_8));
        loading.set(true);
        status.set(text.isEmpty() ? "Reading members of " + s.name() + "…"
                : "Looking for members of " + s.name() + " that contain \"" + text + "\"…");
        pages.<MemberPage>replacing("Reading members of " + s.key())
                .onSuccess(page -> {
                    switch (move) {
                        case RESTART -> before.clear();
                        case FORWARD -> before.push(shown);
                        case BACK -> before.pop();
                        case STAY -> { }
                    }
                    shown = at;
                    next = page.finished() ? null : page.nextCursor();
                    rows.setAll(page.members().stream().map(m -> new Member(m.value(), Keys.display(m.value()),
                            s.type() == RedisType.ZSET ? m.score() : Double.NaN)).toList());
                    hasNext.set(next != null);
                    hasPrevious.set(!before.isEmpty());
                    status.set(describe(s, text));
                })
                .onFailure(status::set)
                .onFinished(() -> loading.set(false))
                .start(() -> pageWithMatches(new SetMembership(redis), Keys.bytes(s.key()), at.cursor(), match, 0));
    }

    /**
     * A page of members, and with a filter the first page that has a match: with {@code MATCH} most pages of a big
     * split come back empty, so the scan reads on (up to {@value #PAGES_PER_LOOK} pages at a time) rather than
     * leaving the user to press Next a thousand times.
     */
    private CompletableFuture<MemberPage> pageWithMatches(SetMembership sets, byte[] key, String cursor, byte[] match,
                                                         int pagesRead) {
        return sets.scanMembers(key, cursor, match, PAGE).thenCompose(page -> match == null || !page.members().isEmpty()
                || page.finished() || pagesRead + 1 >= PAGES_PER_LOOK ? CompletableFuture.completedFuture(page)
                : pageWithMatches(sets, key, page.nextCursor(), match, pagesRead + 1));
    }

    private String filterText() {
        return filter.get() == null ? "" : filter.get().trim();
    }

    private String describe(DatasetSplits.Split s, String text) {
        if (rows.isEmpty()) {
            return text.isEmpty() ? (next == null ? s.name() + " has no members." : "This page is empty; Next reads on.")
                    : "No member of " + s.name() + " on " + (before.isEmpty() && next == null ? "it" : "this page")
                    + " contains \"" + text + "\"" + (next == null ? "." : "; Next reads on.");
        }
        String range = String.format(Locale.ROOT, "%,d–%,d", shown.before() + 1, shown.before() + rows.size());
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

    /** True while the user has ids of the page selected: another client's change then does not reload it under them. */
    public BooleanProperty pickingProperty() {
        return picking;
    }

    public ReadOnlyBooleanProperty hasPreviousProperty() {
        return hasPrevious.getReadOnlyProperty();
    }
}
