package dev.tensorlens.ui.browser;

import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The key browser's state, for a TreeView-like list (tree mode) or a flat ListView to bind to: the delimiter, the
 * mode, the expanded folders, and the visible rows as a virtual list whose rows are made when a cell asks.
 *
 * <h2>Threads</h2>
 * Public methods are called on the FX thread (the {@link UiExecutor}). The {@link KeyIndex} is confined to one
 * serial lane over the background executor: pages, removals and delimiter changes queue there in order. After a
 * change it publishes an immutable {@link KeySnapshot}: at once for the first keys and for removals, then at
 * most every {@value #PUBLISH_EVERY_MS} ms, or less often when a publish costs more (see {@link #publishInterval}),
 * with a last publish once the pages stop coming. The visible rows are built from a snapshot on the
 * background executor too (children lists, counts) and handed to the FX thread; only the newest build is applied.
 * The FX thread itself only does O(log n) work per row a cell asks for.
 */
public final class KeyTreeModel {

    private static final Logger LOG = LoggerFactory.getLogger(KeyTreeModel.class);
    static final long PUBLISH_EVERY_MS = 100;

    public enum Mode { TREE, FLAT }

    /**
     * One visible row. {@code bytes} is the exact key for a key row, the folder's prefix (ending with the
     * delimiter) for a folder row; {@code count} is the number of keys under a folder, 1 for a key.
     */
    public record Row(int depth, boolean folder, String name, int count, boolean expanded, byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && depth == r.depth && folder == r.folder && count == r.count
                    && expanded == r.expanded && name.equals(r.name) && Arrays.equals(bytes, r.bytes);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(bytes) + depth;
        }

        @Override
        public String toString() {
            return "  ".repeat(depth) + (folder ? (expanded ? "v " : "> ") + name + " (" + count + ")" : name);
        }
    }

    private final UiExecutor ui;
    private final Executor background;
    private final IndexWriter writer;
    /** Builds of the rows: only the newest build is shown. */
    private final Jobs rowBuilds;

    private final ReadOnlyObjectWrapper<KeySnapshot> snapshot;
    private final ReadOnlyIntegerWrapper keyCount = new ReadOnlyIntegerWrapper(this, "keyCount");
    private final ReadOnlyObjectWrapper<Character> delimiter = new ReadOnlyObjectWrapper<>(this, "delimiter", ':');
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.TREE);
    private final Set<ByteBuffer> expanded = new HashSet<>();
    private final RowList rows = new RowList();

    /**
     * @param ui         where results are applied (the FX thread; a stand-in UI thread in tests)
     * @param background where the index is written and rows are built; any executor, the model serialises the
     *                   index's work itself
     */
    public KeyTreeModel(UiExecutor ui, Executor background) {
        this(ui, background, PUBLISH_EVERY_MS);
    }

    /** @param publishEveryMs 0 publishes after every change: for tests that check each page's effect at once */
    KeyTreeModel(UiExecutor ui, Executor background, long publishEveryMs) {
        this.ui = ui;
        this.background = background;
        this.rowBuilds = new Jobs(ui);
        this.writer = new IndexWriter(background, publishEveryMs, this::published);
        this.snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot", writer.initial());
        mode.addListener((obs, old, m) -> refreshRows());
    }

    // ---------------------------------------------------------------- properties

    /** The rows to show, made on demand; replaced as a whole when the keys, the mode or the expansion change. */
    public ObservableList<Row> rows() {
        return rows;
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public ReadOnlyObjectProperty<Character> delimiterProperty() {
        return delimiter.getReadOnlyProperty();
    }

    /** Distinct keys in the last published snapshot. */
    public ReadOnlyIntegerProperty keyCountProperty() {
        return keyCount.getReadOnlyProperty();
    }

    /** The last published snapshot: to read a key or a folder's children directly, from any thread. */
    public ReadOnlyObjectProperty<KeySnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    // ---------------------------------------------------------------- what the scan and live updates feed

    /** Keys learnt outside a scan (live updates, a rename). The list is taken over: the caller must not change it. */
    public void applyPage(List<byte[]> page) {
        writer.add(page, () -> true);
    }

    /**
     * A page from a scan, dropped unless {@code wanted} still says yes when the index gets to it: a page of a
     * cancelled scan that arrives after the next scan began is not mixed into the new listing. Done when the index
     * has taken the page (or dropped it): the scan's pace.
     */
    public CompletableFuture<Void> applyPage(List<byte[]> page, BooleanSupplier wanted) {
        return writer.add(page, wanted);
    }

    /** See {@link IndexWriter#publishInterval()}. */
    long publishInterval() {
        return writer.publishInterval();
    }

    /** A key was deleted (or renamed away). */
    public void removeKey(byte[] key) {
        removeKeys(List.of(key.clone()));
    }

    /** Keys were deleted: one publish for all of them. The list is taken over. */
    public void removeKeys(List<byte[]> keys) {
        writer.remove(keys);
    }

    /** Every key under a folder was deleted; {@code prefix} ends with the delimiter. */
    public void removeFolder(byte[] prefix) {
        writer.removeFolder(prefix.clone());
    }

    /**
     * Forgets every key and every expanded folder: before a new scan. Pages of the scan before are dropped as long as
     * that scan's job was cancelled first ({@link #applyPage(List, BooleanSupplier)}).
     */
    public void clear() {
        expanded.clear();
        writer.clear();
    }

    /** The namespace delimiter: one ASCII byte, not a digit. Expanded folders are forgotten (their paths change). */
    public void setDelimiter(char c) {
        if (c > 0x7F || KeyOrder.isDigit((byte) c)) {
            throw new IllegalArgumentException("The delimiter must be one ASCII character, not a digit: " + c);
        }
        if (c == delimiter.get()) {
            return;
        }
        delimiter.set(c);
        expanded.clear();
        writer.setDelimiter((byte) c);
    }

    /** From the writer's lane: a new snapshot to show. */
    private void published(KeySnapshot s) {
        ui.execute(() -> {
            if (s.version() < snapshot.get().version()) {
                return;
            }
            snapshot.set(s);
            keyCount.set(s.size());
            refreshRows();
        });
    }

    // ---------------------------------------------------------------- expansion

    public void expand(byte[] prefix) {
        if (expanded.add(ByteBuffer.wrap(prefix.clone()))) {
            refreshRows();
        }
    }

    /** Hides a folder's children; the folders expanded inside it stay expanded for when it opens again. */
    public void collapse(byte[] prefix) {
        if (expanded.remove(ByteBuffer.wrap(prefix))) {
            refreshRows();
        }
    }

    /** Expands or collapses a folder row; does nothing for a key row. */
    public void toggle(Row row) {
        if (!row.folder()) {
            return;
        }
        if (row.expanded()) {
            collapse(row.bytes());
        } else {
            expand(row.bytes());
        }
    }

    /** Collapses everything. */
    public void collapseAll() {
        if (!expanded.isEmpty()) {
            expanded.clear();
            refreshRows();
        }
    }

    /** Builds the rows off the FX thread (children lists, counts); a newer build replaces one still running. */
    private void refreshRows() {
        KeySnapshot s = snapshot.get();
        Mode m = mode.get();
        Set<ByteBuffer> open = Set.copyOf(expanded);
        rowBuilds.<RowSource>replacing("Building the key rows")
                .onSuccess(rows::setSource)
                .onFailure(LOG::error)
                .start(() -> CompletableFuture.supplyAsync(() -> {
                    long start = System.nanoTime();
                    RowSource source = m == Mode.FLAT ? new FlatRows(s) : TreeRows.build(s, open);
                    writer.rowsBuilt(System.nanoTime() - start);
                    return source;
                }, background));
    }

    // ---------------------------------------------------------------- rows

    /**
     * Where a key (or a folder, by its prefix) is in the rows shown now, or -1 when it is not shown (filtered
     * out, or inside a collapsed folder). Lets the view keep the user's selection when the rows are replaced.
     */
    public int indexOf(byte[] bytes, boolean folder) {
        return rows.source().indexOf(bytes, folder);
    }

    /**
     * The row listed now for the same key or folder as {@code row} (its count and open state as they are now), or
     * {@code null} when it is not listed: a selection kept from earlier rows may be stale or gone.
     */
    public Row current(Row row) {
        int i = row == null ? -1 : indexOf(row.bytes(), row.folder());
        return i < 0 ? null : rows.get(i);
    }

    /**
     * The folder a key or folder sits in, as its prefix ({@code "a:b:"}; the root is empty). A folder's own
     * trailing delimiter is not its parent's.
     */
    static byte[] parentOf(byte[] bytes, boolean folder, byte delimiter) {
        int cut = (folder ? bytes.length - 1 : bytes.length) - 1;
        while (cut >= 0 && bytes[cut] != delimiter) {
            cut--;
        }
        return Arrays.copyOf(bytes, cut + 1);
    }
}
