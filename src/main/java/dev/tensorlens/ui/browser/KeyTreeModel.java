package dev.tensorlens.ui.browser;

import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ObservableList;
import javafx.collections.ObservableListBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The key browser's state, for a TreeView-like list (tree mode) or a flat ListView to bind to: the delimiter, the
 * mode, the expanded folders, and the visible rows as a virtual list whose rows are made when a cell asks.
 *
 * <h2>Threads</h2>
 * Public methods are called on the FX thread (the {@link UiExecutor}). The {@link KeyIndex} is confined to one
 * serial lane over the background executor: pages, removals and delimiter changes queue there in order. After a
 * change it publishes an immutable {@link KeyIndex.Snapshot}: at once for the first keys and for removals, then at
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
    private final Executor writer;
    private final KeyIndex index = new KeyIndex(); // writer lane only
    private final AtomicInteger queuedPages = new AtomicInteger();
    private long lastPublish; // writer lane only
    private boolean publishScheduled; // writer lane only
    private final long publishEveryNanos;
    /** Counts {@link #clear()}s: a page carries the epoch of its scan, the writer lane drops older ones. */
    private final java.util.concurrent.atomic.AtomicLong epoch = new java.util.concurrent.atomic.AtomicLong();
    private long writerEpoch; // writer lane only
    /** What the last publish cost: taking the snapshot plus building the rows from it (nanoseconds). */
    private volatile long lastSnapshotNanos;
    private volatile long lastBuildNanos;

    private final ReadOnlyObjectWrapper<KeyIndex.Snapshot> snapshot;
    private final ReadOnlyIntegerWrapper keyCount = new ReadOnlyIntegerWrapper(this, "keyCount");
    private final ReadOnlyObjectWrapper<Character> delimiter = new ReadOnlyObjectWrapper<>(this, "delimiter", ':');
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.TREE);
    private final Set<ByteBuffer> expanded = new HashSet<>();
    private final RowList rows = new RowList();
    private long rowsGeneration;

    /**
     * @param ui         where results are applied (the FX thread; same-thread in tests)
     * @param background where the index is written and rows are built; any executor, the model serialises the
     *                   index's work itself
     */
    public KeyTreeModel(UiExecutor ui, Executor background) {
        this(ui, background, PUBLISH_EVERY_MS);
    }

    /** @param publishEveryMs 0 publishes after every change: for tests that check each page's effect at once */
    KeyTreeModel(UiExecutor ui, Executor background, long publishEveryMs) {
        this.publishEveryNanos = publishEveryMs * 1_000_000;
        this.ui = ui;
        this.background = background;
        this.writer = new SerialExecutor(background);
        this.snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot", index.published());
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
    public ReadOnlyObjectProperty<KeyIndex.Snapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    // ---------------------------------------------------------------- what the scan and live updates feed

    /** A page from SCAN. The list is taken over: the caller must not change it afterwards. */
    public void applyPage(List<byte[]> page) {
        applyPage(page, epoch.get());
    }

    /**
     * A page from the scan that began when {@link #clear()} returned {@code scanEpoch}: dropped if the keys have been
     * cleared again since (a page of a cancelled scan, arriving after the next scan began).
     */
    public void applyPage(List<byte[]> page, long scanEpoch) {
        queuedPages.incrementAndGet();
        writer.execute(() -> {
            if (scanEpoch != writerEpoch) {
                queuedPages.decrementAndGet();
                return;
            }
            index.add(page);
            queuedPages.decrementAndGet();
            publishSoon();
        });
    }

    /**
     * The time between two publishes while pages keep coming: at least {@value #PUBLISH_EVERY_MS} ms, and four
     * times what a publish costs, so that re-sorting and rebuilding the rows of a million keys takes at most a
     * fifth of a core however fast SCAN pages arrive, and leaves the rest to the scan, the server and the FX thread.
     */
    long publishInterval() {
        return publishEveryNanos == 0 ? 0 : Math.max(publishEveryNanos, 4 * (lastSnapshotNanos + lastBuildNanos));
    }

    /** Writer lane: publishes now when the last one is old enough (or there is none yet), else once, later. */
    private void publishSoon() {
        long wait = lastPublish == 0 ? 0 : lastPublish + publishInterval() - System.nanoTime();
        if (wait <= 0) {
            publish();
        } else if (!publishScheduled) {
            publishScheduled = true;
            java.util.concurrent.CompletableFuture.delayedExecutor(wait, java.util.concurrent.TimeUnit.NANOSECONDS, writer)
                    .execute(() -> {
                        publishScheduled = false;
                        publish();
                    });
        }
    }

    /** A key was deleted (or renamed away). */
    public void removeKey(byte[] key) {
        removeKeys(List.of(key.clone()));
    }

    /** Keys were deleted: one publish for all of them. The list is taken over. */
    public void removeKeys(List<byte[]> keys) {
        writer.execute(() -> {
            boolean any = false;
            for (byte[] key : keys) {
                any |= index.remove(key);
            }
            if (any) {
                publish();
            }
        });
    }

    /** Every key under a folder was deleted; {@code prefix} ends with the delimiter. */
    public void removeFolder(byte[] prefix) {
        byte[] copy = prefix.clone();
        writer.execute(() -> {
            if (index.removeFolder(copy) > 0) {
                publish();
            }
        });
    }

    /**
     * Forgets every key and every expanded folder: before a new scan. Returns the epoch to pass with that scan's
     * pages ({@link #applyPage(List, long)}).
     */
    public long clear() {
        expanded.clear();
        long mine = epoch.incrementAndGet();
        writer.execute(() -> {
            writerEpoch = mine;
            index.clear();
            publish();
            lastPublish = 0; // the first page of the next scan shows at once
        });
        return mine;
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
        writer.execute(() -> {
            index.setDelimiter((byte) c);
            publish();
        });
    }

    private void publish() { // writer lane
        long start = System.nanoTime();
        KeyIndex.Snapshot s = index.snapshot();
        lastPublish = System.nanoTime();
        lastSnapshotNanos = lastPublish - start;
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

    public boolean isExpanded(byte[] prefix) {
        return expanded.contains(ByteBuffer.wrap(prefix));
    }

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

    private void refreshRows() {
        long generation = ++rowsGeneration;
        KeyIndex.Snapshot s = snapshot.get();
        Mode m = mode.get();
        Set<ByteBuffer> open = Set.copyOf(expanded);
        background.execute(() -> {
            RowSource source;
            long start = System.nanoTime();
            try {
                source = m == Mode.FLAT ? new FlatRows(s) : TreeRows.build(s, open);
                lastBuildNanos = System.nanoTime() - start;
            } catch (RuntimeException e) {
                LOG.error("Could not build the key rows", e);
                return;
            }
            ui.execute(() -> {
                if (generation == rowsGeneration) {
                    rows.setSource(source);
                }
            });
        });
    }

    // ---------------------------------------------------------------- rows

    /**
     * Where a key (or a folder, by its prefix) is in the rows shown now, or -1 when it is not shown (filtered
     * out, or inside a collapsed folder). Lets the view keep the user's selection when the rows are replaced.
     */
    public int indexOf(byte[] bytes, boolean folder) {
        return rows.source.indexOf(bytes, folder);
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

    interface RowSource {
        int size();

        Row get(int i);

        int indexOf(byte[] bytes, boolean folder);
    }

    private record FlatRows(KeyIndex.Snapshot s) implements RowSource {
        @Override
        public int size() {
            return s.size();
        }

        @Override
        public Row get(int i) {
            byte[] key = s.key(i);
            return new Row(0, false, dev.tensorlens.redis.Keys.display(key), 1, false, key);
        }

        @Override
        public int indexOf(byte[] bytes, boolean folder) {
            return folder ? -1 : Math.max(-1, s.rank(bytes));
        }
    }

    /**
     * The visible tree as blocks of consecutive children of one folder: expanding a folder splits its parent's
     * block and inserts the folder's own. Row i is found by binary search over the block starts.
     */
    static final class TreeRows implements RowSource {

        private record Block(KeyIndex.Children children, int depth, int from, int to) {
        }

        private final List<Block> blocks = new ArrayList<>();
        private int[] starts = new int[0];
        private int size;
        private final Set<ByteBuffer> open;
        private final KeyIndex.Snapshot snapshot;
        private final byte snapshotDelimiter;

        private TreeRows(KeyIndex.Snapshot snapshot, Set<ByteBuffer> open) {
            this.open = open;
            this.snapshot = snapshot;
            this.snapshotDelimiter = snapshot.delimiter();
        }

        static TreeRows build(KeyIndex.Snapshot s, Set<ByteBuffer> open) {
            TreeRows rows = new TreeRows(s, open);
            rows.emit(s, s.children(new byte[0]), 0);
            rows.starts = new int[rows.blocks.size()];
            int at = 0;
            for (int b = 0; b < rows.blocks.size(); b++) {
                rows.starts[b] = at;
                Block block = rows.blocks.get(b);
                at += block.to - block.from;
            }
            rows.size = at;
            return rows;
        }

        private void emit(KeyIndex.Snapshot s, KeyIndex.Children children, int depth) {
            byte[] prefix = children.prefix();
            byte delim = s.delimiter();
            // the open folders directly inside this one: by looking them up, not by walking every sub-folder
            int[] openHere = new int[4];
            int n = 0;
            for (ByteBuffer e : open) {
                if (isChild(e, prefix, delim)) {
                    byte[] sub = new byte[e.remaining()];
                    e.duplicate().get(sub);
                    int f = children.folderIndex(sub);
                    if (f >= 0) {
                        if (n == openHere.length) {
                            openHere = Arrays.copyOf(openHere, n * 2);
                        }
                        openHere[n++] = f;
                    }
                }
            }
            Arrays.sort(openHere, 0, n);
            int start = 0;
            for (int k = 0; k < n; k++) {
                int f = openHere[k];
                blocks.add(new Block(children, depth, start, f + 1));
                emit(s, s.children(children.prefix(f)), depth + 1);
                start = f + 1;
            }
            if (start < children.size()) {
                blocks.add(new Block(children, depth, start, children.size()));
            }
        }

        private static boolean isChild(ByteBuffer e, byte[] prefix, byte delim) {
            int len = e.remaining();
            if (len <= prefix.length || e.get(e.position() + len - 1) != delim) {
                return false;
            }
            for (int k = 0; k < prefix.length; k++) {
                if (e.get(e.position() + k) != prefix[k]) {
                    return false;
                }
            }
            for (int k = prefix.length; k < len - 1; k++) {
                if (e.get(e.position() + k) == delim) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int indexOf(byte[] bytes, boolean folder) {
            byte[] parent = parentOf(bytes, folder, snapshotDelimiter);
            for (int b = 0; b < blocks.size(); b++) {
                Block block = blocks.get(b);
                KeyIndex.Children ch = block.children;
                if (!Arrays.equals(ch.prefix(), parent)) {
                    continue;
                }
                int c = folder ? ch.folderIndex(bytes) : leafIndex(ch, bytes);
                if (c >= block.from && c < block.to) {
                    return starts[b] + c - block.from;
                }
            }
            return -1;
        }

        /** The child index of a key among a folder's keys, which follow the sub-folders in flat order. */
        private int leafIndex(KeyIndex.Children ch, byte[] key) {
            int rank = snapshot.rank(key);
            if (rank < 0) {
                return -1;
            }
            int lo = ch.folderCount();
            int hi = ch.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int r = ch.rank(mid);
                if (r < rank) {
                    lo = mid + 1;
                } else if (r > rank) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -1;
        }

        @Override
        public Row get(int i) {
            java.util.Objects.checkIndex(i, size);
            int b = Arrays.binarySearch(starts, i);
            if (b < 0) {
                b = -b - 2;
            }
            while (b + 1 < starts.length && starts[b + 1] == i) {
                b++; // skip empty blocks
            }
            Block block = blocks.get(b);
            int c = block.from + (i - starts[b]);
            KeyIndex.Children ch = block.children;
            if (ch.isFolder(c)) {
                byte[] sub = ch.prefix(c);
                return new Row(block.depth, true, ch.displayName(c), ch.count(c), open.contains(ByteBuffer.wrap(sub)),
                        sub);
            }
            return new Row(block.depth, false, ch.displayName(c), 1, false, ch.key(c));
        }
    }

    /** A read-only observable list over a row source; replacing the source fires one replace-all change. */
    private static final class RowList extends ObservableListBase<Row> {

        private RowSource source = new FlatRows(new KeyIndex().published());

        void setSource(RowSource next) {
            RowSource old = source;
            source = next;
            beginChange();
            if (old.size() > 0) {
                nextRemove(0, new AbstractList<Row>() {
                    @Override
                    public Row get(int i) {
                        return old.get(i);
                    }

                    @Override
                    public int size() {
                        return old.size();
                    }
                });
            }
            if (next.size() > 0) {
                nextAdd(0, next.size());
            }
            endChange();
        }

        @Override
        public Row get(int index) {
            return source.get(index);
        }

        @Override
        public int size() {
            return source.size();
        }

        /**
         * By the row's key, not by walking the list: the table looks up its selected row after every replacement,
         * and the walk made a Row and its display text for each of up to a million rows (66 ms each time).
         */
        @Override
        public int indexOf(Object o) {
            if (!(o instanceof Row row)) {
                return -1;
            }
            int i = source.indexOf(row.bytes(), row.folder());
            return i >= 0 && source.get(i).equals(row) ? i : -1;
        }

        @Override
        public int lastIndexOf(Object o) {
            return indexOf(o); // rows are distinct
        }

        @Override
        public boolean contains(Object o) {
            return indexOf(o) >= 0;
        }
    }

    /** Runs tasks one at a time, in order, on a backing executor. */
    private static final class SerialExecutor implements Executor {
        private final Executor backing;
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private boolean running;

        SerialExecutor(Executor backing) {
            this.backing = backing;
        }

        @Override
        public void execute(Runnable task) {
            synchronized (this) {
                queue.add(task);
                if (running) {
                    return;
                }
                running = true;
            }
            backing.execute(this::drain);
        }

        private void drain() {
            while (true) {
                Runnable task;
                synchronized (this) {
                    task = queue.poll();
                    if (task == null) {
                        running = false;
                        return;
                    }
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Key index task failed", e);
                }
            }
        }
    }
}
