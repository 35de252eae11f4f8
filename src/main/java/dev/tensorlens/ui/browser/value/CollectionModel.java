package dev.tensorlens.ui.browser.value;

import dev.tensorlens.mlstate.HashFieldTensors;
import dev.tensorlens.redis.CollectionPage;
import dev.tensorlens.redis.CollectionPager;
import dev.tensorlens.redis.Futures;
import dev.tensorlens.redis.KeyInfo;
import dev.tensorlens.redis.KeyPattern;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisErrors;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ValueReader;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.ValueContext;
import dev.tensorlens.ui.common.Format;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * A hash, set, sorted set, list or stream shown a page at a time. Hashes, sets and sorted sets are filtered on
 * the server ({@code MATCH *text*}, restarting the scan); lists and streams have no such command, so their filter
 * applies to the members loaded so far, and {@link #filterNoteProperty()} says so. Hash fields holding tensors
 * get a summary, decoded only for the rows the table shows, and the selected one its tensor view.
 */
public final class CollectionModel {

    /** Where the selected hash field's value is. */
    public enum FieldPhase { NONE, LOADING, TOO_BIG, SHOWN, FAILED }

    /** Members per page, shown; hashes with large values fetch fewer per call (see {@link #scanCount}). */
    public static final int PAGE_SIZE = CollectionPager.PAGE_SIZE;
    /** About how many bytes of hash values one page may bring. */
    static final long HASH_PAGE_BYTES = 8L << 20;

    /** What the value model hears about the first page. */
    interface Listener {
        void shown();

        void failed(String message);
    }

    private final UiExecutor ui;
    private final Executor worker;
    private final LongSupplier bigValueThreshold;
    private final Listener listener;

    private final ReadOnlyStringWrapper type = new ReadOnlyStringWrapper(this, "type", "");
    private final ObservableList<CollectionRow> loaded = FXCollections.observableArrayList();
    private final FilteredList<CollectionRow> rows = new FilteredList<>(loaded);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyStringWrapper loadedText = new ReadOnlyStringWrapper(this, "loadedText", "");
    private final ReadOnlyStringWrapper filterNote = new ReadOnlyStringWrapper(this, "filterNote", "");
    private final ReadOnlyBooleanWrapper canLoadMore = new ReadOnlyBooleanWrapper(this, "canLoadMore");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ObjectProperty<CollectionRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<FieldPhase> fieldPhase = new ReadOnlyObjectWrapper<>(this, "fieldPhase", FieldPhase.NONE);
    private final ReadOnlyStringWrapper fieldMessage = new ReadOnlyStringWrapper(this, "fieldMessage", "");
    private final ReadOnlyStringWrapper selectedText = new ReadOnlyStringWrapper(this, "selectedText", "");
    private final TensorSelection fieldTensors;

    private RedisSession session;
    private KeyInfo info;
    private String keyText = "";
    /** Bumped whenever what is shown starts over; late answers for an older generation are dropped. */
    private long generation;
    private final List<CompletableFuture<?>> inflight = new CopyOnWriteArrayList<>();
    private final Deque<CollectionPage.Entry> pending = new ArrayDeque<>();
    private final Set<ByteBuffer> seen = new HashSet<>();
    private String cursor;
    private boolean serverDone;
    private boolean firstPageShown;
    private byte[] match;

    CollectionModel(UiExecutor ui, Executor worker, LongSupplier bigValueThreshold, Listener listener) {
        this.ui = ui;
        this.worker = worker;
        this.bigValueThreshold = bigValueThreshold;
        this.listener = listener;
        this.fieldTensors = new TensorSelection(ui, worker);
        filter.addListener((obs, old, text) -> filterChanged(text));
        selected.addListener((obs, old, row) -> select(row));
    }

    /** Starts showing the collection {@code info} describes, from its first page. */
    void start(RedisSession s, KeyInfo keyInfo) {
        reset();
        session = s;
        info = keyInfo;
        keyText = Keys.display(keyInfo.key());
        type.set(keyInfo.type());
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
        generation++;
        inflight.forEach(f -> f.cancel(true));
        inflight.clear();
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
        clearField();
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
        long mine = generation;
        loading.set(true);
        updateTexts();
        CompletableFuture<CollectionPage> page = new CollectionPager(session)
                .page(info.key(), info.type(), cursor, match, scanCount());
        inflight.add(page);
        ui.whenDone(page, p -> {
            if (mine != generation) {
                return;
            }
            inflight.remove(page);
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
        }, failure -> {
            if (mine != generation) {
                return;
            }
            inflight.remove(page);
            loading.set(false);
            String message = RedisErrors.describe("Reading a page of " + keyText, failure);
            if (!firstPageShown) {
                listener.failed(message);
            } else {
                loadedText.set(message);
            }
        });
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
            loadedText.set(Format.count(loaded.size()) + " matching " + unit + " loaded"
                    + (serverDone && pending.isEmpty() ? " · scan complete" : " so far") + more);
        } else {
            loadedText.set(Format.count(loaded.size()) + " of " + Format.count(info == null ? 0 : info.size())
                    + " loaded" + more);
        }
        String text = filter.get() == null ? "" : filter.get().trim();
        if (text.isEmpty() || info == null) {
            filterNote.set("");
        } else if (CollectionPager.filtersOnServer(info.type())) {
            filterNote.set("Filtered on the server with MATCH *" + text + "*");
        } else {
            filterNote.set("Filtering the " + Format.count(loaded.size()) + " loaded " + unit + " only: "
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

    /**
     * Decodes a hash field for its row's tensor summary, once, when the table first shows the row. Fields that
     * describe others ({@code dtype}, {@code w:shape}) and values too large to keep get none.
     */
    public void requestSummary(CollectionRow row) {
        if (row == null || row.summaryRequested || session == null || !"hash".equals(info.type())) {
            return;
        }
        row.summaryRequested = true;
        String field = Keys.display(row.entry().member());
        if (HashFieldTensors.isMetadataField(field)) {
            return;
        }
        if (row.value() == null) {
            row.setTensorSummary(Format.bytes(row.valueLength()) + " · select to read");
            return;
        }
        long mine = generation;
        CompletableFuture<DecodeResult> decoding = decodeField(row.value(), field);
        inflight.add(decoding);
        ui.whenDone(decoding, r -> {
            if (mine == generation) {
                inflight.remove(decoding);
                row.setTensorSummary(summaryOf(r));
            }
        }, failure -> inflight.remove(decoding));
    }

    /** Reads the field's dtype/shape siblings, then decodes the value on the worker. */
    private CompletableFuture<DecodeResult> decodeField(byte[] value, String field) {
        CompletableFuture<Map<String, byte[]>> siblings = new ValueReader(session)
                .readHashFields(info.key(), HashFieldTensors.siblingNames(field));
        String key = keyText;
        CompletableFuture<DecodeResult> decoded = siblings.thenApplyAsync(found -> Sniffer.decode(value,
                new ValueContext(key, "hash", HashFieldTensors.siblingsOf(field, found), List.of())), worker);
        Futures.cancelTogether(decoded, siblings);
        return decoded;
    }

    static String summaryOf(DecodeResult r) {
        if (r instanceof DecodeResult.Decoded d) {
            if (d.tensors().size() == 1) {
                return TensorDetail.summary(d.tensors().get(0));
            }
            long bytes = d.tensors().stream().mapToLong(t -> t.byteLength()).sum();
            return d.format() + " · " + d.tensors().size() + " tensors · " + Format.bytes(bytes);
        }
        if (r instanceof DecodeResult.Opaque o) {
            return o.format() + " · not executed";
        }
        return StringContent.isTensorLike(r) ? r.format() + " · malformed" : "";
    }

    private void select(CollectionRow row) {
        clearField();
        if (row == null) {
            return;
        }
        if (!"hash".equals(info.type())) {
            selectedText.set(row.entry().fields().isEmpty() ? row.memberFullText()
                    : row.positionText() + "\n" + fieldsFullText(row));
            return;
        }
        String field = Keys.display(row.entry().member());
        if (row.value() != null) {
            showField(row, row.value(), field);
            return;
        }
        // the value was too large to keep from the scan: measure it again before fetching it
        long mine = generation;
        fieldPhase.set(FieldPhase.LOADING);
        CompletableFuture<Long> length = new ValueReader(session).hashFieldLength(info.key(), row.entry().member());
        inflight.add(length);
        ui.whenDone(length, n -> {
            if (mine != generation || selected.get() != row) {
                return;
            }
            if (n > bigValueThreshold.getAsLong()) {
                fieldPhase.set(FieldPhase.TOO_BIG);
                fieldMessage.set("The field " + field + " holds " + Format.bytes(n) + ", more than the "
                        + Format.bytes(bigValueThreshold.getAsLong()) + " read without asking.");
            } else {
                readField(row, field);
            }
        }, failure -> fieldFailed(mine, field, failure));
    }

    /** The user confirms reading the selected field's large value. */
    public void readFieldAnyway() {
        CollectionRow row = selected.get();
        if (row != null && fieldPhase.get() == FieldPhase.TOO_BIG) {
            readField(row, Keys.display(row.entry().member()));
        }
    }

    private void readField(CollectionRow row, String field) {
        long mine = generation;
        fieldPhase.set(FieldPhase.LOADING);
        fieldMessage.set("Reading " + field + "…");
        CompletableFuture<byte[]> value = new ValueReader(session).readHashField(info.key(), row.entry().member());
        inflight.add(value);
        ui.whenDone(value, v -> {
            if (mine == generation && selected.get() == row) {
                showField(row, v == null ? new byte[0] : v, field);
            }
        }, failure -> fieldFailed(mine, field, failure));
    }

    private void showField(CollectionRow row, byte[] value, String field) {
        long mine = generation;
        fieldPhase.set(FieldPhase.LOADING);
        CompletableFuture<DecodeResult> decoding = decodeField(value, field);
        inflight.add(decoding);
        ui.whenDone(decoding, r -> {
            if (mine != generation || selected.get() != row) {
                return;
            }
            row.setTensorSummary(summaryOf(r));
            selectedText.set(ValueText.text(value, ValueText.isUtf8(value), StringContent.TEXT_CAP_BYTES));
            if (StringContent.isTensorLike(r)) {
                fieldTensors.show(r, field);
            }
            fieldMessage.set("");
            fieldPhase.set(FieldPhase.SHOWN);
        }, failure -> fieldFailed(mine, field, failure));
    }

    private void fieldFailed(long mine, String field, Throwable failure) {
        if (mine == generation) {
            fieldMessage.set(RedisErrors.describe("Reading the field " + field, failure));
            fieldPhase.set(FieldPhase.FAILED);
        }
    }

    private void clearField() {
        fieldTensors.clear();
        fieldPhase.set(FieldPhase.NONE);
        fieldMessage.set("");
        selectedText.set("");
    }

    private static String fieldsFullText(CollectionRow row) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<byte[], byte[]> f : row.entry().fields()) {
            b.append(Keys.display(f.getKey())).append(" = ")
                    .append(ValueText.text(f.getValue(), ValueText.isUtf8(f.getValue()), StringContent.TEXT_CAP_BYTES))
                    .append('\n');
        }
        return b.toString();
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

    public ReadOnlyObjectProperty<FieldPhase> fieldPhaseProperty() {
        return fieldPhase.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty fieldMessageProperty() {
        return fieldMessage.getReadOnlyProperty();
    }

    /** The selected member (or hash value, stream entry) in full, as text. */
    public ReadOnlyStringProperty selectedTextProperty() {
        return selectedText.getReadOnlyProperty();
    }

    /** The selected hash field's tensor view. */
    public TensorSelection fieldTensors() {
        return fieldTensors;
    }
}
