package dev.tensorlens.ui.browser.value;

import dev.tensorlens.redis.CollectionPage;
import dev.tensorlens.redis.CollectionPager;
import dev.tensorlens.redis.KeyInfo;
import dev.tensorlens.redis.KeyPattern;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.TensorLoader;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * A hash, set, sorted set, list or stream shown a page at a time. Hashes, sets and sorted sets are filtered on
 * the server ({@code MATCH *text*}, restarting the scan); lists and streams have no such command, so their filter
 * applies to the members loaded so far, and {@link #filterNoteProperty()} says so. The selected member, and the
 * tensors of hash fields, are {@link MemberDetail}'s.
 */
public final class CollectionModel {

    /** Members per page, shown; hashes with large values fetch fewer per call (see {@link #scanCount}). */
    public static final int PAGE_SIZE = CollectionPager.PAGE_SIZE;
    /** About how many bytes of hash values one page may bring. */
    static final long HASH_PAGE_BYTES = 8L << 20;

    /** What the value model hears about the first page. */
    interface Listener {
        void shown();

        void failed(String message);
    }

    private final Executor worker;
    private final LongSupplier bigValueThreshold;
    private final Listener listener;
    /** The pages on their way: a new start or filter cancels them. */
    private final Jobs pages;
    private final MemberDetail detail;

    private final ReadOnlyStringWrapper type = new ReadOnlyStringWrapper(this, "type", "");
    private final ObservableList<CollectionRow> loaded = FXCollections.observableArrayList();
    private final FilteredList<CollectionRow> rows = new FilteredList<>(loaded);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyStringWrapper loadedText = new ReadOnlyStringWrapper(this, "loadedText", "");
    private final ReadOnlyStringWrapper filterNote = new ReadOnlyStringWrapper(this, "filterNote", "");
    private final ReadOnlyBooleanWrapper canLoadMore = new ReadOnlyBooleanWrapper(this, "canLoadMore");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ObjectProperty<CollectionRow> selected = new SimpleObjectProperty<>(this, "selected");

    private RedisSession session;
    private KeyInfo info;
    private String keyText = "";
    private final Deque<CollectionPage.Entry> pending = new ArrayDeque<>();
    private final Set<ByteBuffer> seen = new HashSet<>();
    private String cursor;
    private boolean serverDone;
    private boolean firstPageShown;
    private byte[] match;

    CollectionModel(UiExecutor ui, Executor worker, LongSupplier bigValueThreshold, Listener listener) {
        this.worker = worker;
        this.bigValueThreshold = bigValueThreshold;
        this.listener = listener;
        this.pages = new Jobs(ui);
        this.detail = new MemberDetail(ui, worker, bigValueThreshold);
        filter.addListener((obs, old, text) -> filterChanged(text));
        selected.addListener((obs, old, row) -> detail.select(row));
    }

    /** Starts showing the collection {@code info} describes, from its first page. */
    void start(RedisSession s, KeyInfo keyInfo) {
        reset();
        session = s;
        info = keyInfo;
        keyText = Keys.display(keyInfo.key());
        type.set(keyInfo.type());
        detail.start(new TensorLoader(s, worker), keyInfo);
        // a filter typed for the previous key applies to this one too
        String text = filter.get() == null ? "" : filter.get().trim();
        boolean onServer = CollectionPager.filtersOnServer(keyInfo.type());
        match = text.isEmpty() || !onServer ? null : KeyPattern.containing(Keys.bytes(text));
        if (!text.isEmpty() && !onServer) {
            filterLoaded(text);
        }
        fetch();
    }

    /** Drops everything shown and cancels what is on its way. */
    void reset() {
        pages.cancelAll();
        detail.reset();
        selected.set(null);
        loaded.clear();
        rows.setPredicate(null);
        pending.clear();
        seen.clear();
        cursor = null;
        serverDone = false;
        firstPageShown = false;
        loading.set(false);
        canLoadMore.set(false);
        loadedText.set("");
        filterNote.set("");
    }

    /** Shows the next page: from what the last scan call brought beyond a page, else from the server. */
    public void loadMore() {
        if (session == null || loading.get()) {
            return;
        }
        if (pending.size() >= PAGE_SIZE || (serverDone && !pending.isEmpty())) {
            showPending();
            return;
        }
        if (!serverDone) {
            fetch();
        }
    }

    private void fetch() {
        loading.set(true);
        updateTexts();
        RedisSession s = session;
        KeyInfo of = info;
        String from = cursor;
        byte[] pattern = match;
        pages.<CollectionPage>job("Reading a page of " + keyText)
                .onSuccess(this::arrived)
                .onFailure(message -> {
                    loading.set(false);
                    if (!firstPageShown) {
                        listener.failed(message);
                    } else {
                        loadedText.set(message);
                    }
                })
                .start(() -> new CollectionPager(s).page(of.key(), of.type(), from, pattern, scanCount()));
    }

    private void arrived(CollectionPage p) {
        for (CollectionPage.Entry e : p.entries()) {
            // a scan may return a member twice while the collection is rehashed; show it once
            if (e.member() == null || !CollectionPager.filtersOnServer(info.type()) || seen.add(ByteBuffer.wrap(e.member()))) {
                pending.add(e);
            }
        }
        cursor = p.nextCursor();
        serverDone = p.finished();
        loading.set(false);
        showPending();
    }

    /** Fewer members per call for hashes whose values are large, so one page stays near {@link #HASH_PAGE_BYTES}. */
    int scanCount() {
        if (!"hash".equals(info.type()) || info.size() <= 0 || info.memoryBytes() <= 0) {
            return PAGE_SIZE;
        }
        long perField = Math.max(1, info.memoryBytes() / info.size());
        return (int) Math.max(10, Math.min(PAGE_SIZE, HASH_PAGE_BYTES / perField));
    }

    private void showPending() {
        List<CollectionRow> page = new ArrayList<>(Math.min(PAGE_SIZE, pending.size()));
        long keep = bigValueThreshold.getAsLong();
        while (!pending.isEmpty() && page.size() < PAGE_SIZE) {
            page.add(new CollectionRow(pending.poll(), keep));
        }
        loaded.addAll(page);
        canLoadMore.set(!pending.isEmpty() || !serverDone);
        updateTexts();
        if (!firstPageShown) {
            firstPageShown = true;
            listener.shown();
        }
    }

    private void updateTexts() {
        String unit = info == null ? "" : info.sizeUnit();
        boolean filtered = match != null;
        String more = loading.get() ? " · loading…" : "";
        if (filtered) {
            loadedText.set(HumanReadable.count(loaded.size()) + " matching " + unit + " loaded"
                    + (serverDone && pending.isEmpty() ? " · scan complete" : " so far") + more);
        } else {
            loadedText.set(HumanReadable.count(loaded.size()) + " of " + HumanReadable.count(info == null ? 0 : info.size())
                    + " loaded" + more);
        }
        String text = filter.get() == null ? "" : filter.get().trim();
        if (text.isEmpty() || info == null) {
            filterNote.set("");
        } else if (CollectionPager.filtersOnServer(info.type())) {
            filterNote.set("Filtered on the server with MATCH *" + text + "*");
        } else {
            filterNote.set("Filtering the " + HumanReadable.count(loaded.size()) + " loaded " + unit + " only: "
                    + (info.type().equals("list") ? "LRANGE" : "XRANGE") + " cannot filter on the server");
        }
    }

    private void filterChanged(String raw) {
        if (session == null || info == null) {
            return;
        }
        String text = raw == null ? "" : raw.trim();
        if (CollectionPager.filtersOnServer(info.type())) {
            reset(); // latest wins: the scan for the previous text is cancelled
            match = text.isEmpty() ? null : KeyPattern.containing(Keys.bytes(text));
            fetch();
        } else {
            filterLoaded(text);
            updateTexts();
        }
    }

    private void filterLoaded(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        rows.setPredicate(needle.isEmpty() ? null : row -> row.searchText().contains(needle));
    }

    /** The table shows {@code row} for the first time: its tensor summary, for a hash field. */
    public void requestSummary(CollectionRow row) {
        detail.requestSummary(row);
    }

    public ReadOnlyStringProperty typeProperty() {
        return type.getReadOnlyProperty();
    }

    /** The rows shown: everything loaded, narrowed by the filter for lists and streams. */
    public ObservableList<CollectionRow> rows() {
        return rows;
    }

    /** How many rows are loaded (before a list's or stream's client-side filter). */
    public int loadedCount() {
        return loaded.size();
    }

    public StringProperty filterProperty() {
        return filter;
    }

    /** {@code 200 of 10,000 loaded}. */
    public ReadOnlyStringProperty loadedTextProperty() {
        return loadedText.getReadOnlyProperty();
    }

    /** How the filter works for this type, in words; empty without a filter. */
    public ReadOnlyStringProperty filterNoteProperty() {
        return filterNote.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canLoadMoreProperty() {
        return canLoadMore.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Writable: the table's selection. */
    public ObjectProperty<CollectionRow> selectedProperty() {
        return selected;
    }

    /** The selected member in full, and the tensor a selected hash field holds. */
    public MemberDetail detail() {
        return detail;
    }
}
