package dev.tensorlens.ui.data;

import dev.tensorlens.redis.ArrayHeader;
import dev.tensorlens.redis.ArrayReader;
import dev.tensorlens.redis.Futures;
import dev.tensorlens.redis.TensorLoader;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.TensorWindows;
import dev.tensorlens.tensor.write.NumpyText;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The table preview: the array's last axis as the columns and its leading axes flattened into rows (numpy's
 * {@code x.reshape(-1, x.shape[-1])}) — or, with an item picked, the rows of {@code x[item]} alone — one page of
 * rows and a window of columns at a time. Only the page on screen is read (a {@code GETRANGE} of its bytes) and
 * formatted, together, as numpy prints it. Changed on the UI thread.
 */
public final class TablePreview {

    /** Rows per page: a screenful and a little more. */
    public static final int PAGE_ROWS = 100;
    /**
     * Columns shown at once until the table says how many its width shows ({@link #windowColumnsProperty}): about what
     * the window's first size shows. A TableView makes a header (here with its statistics) for every column and a cell
     * for every column of every row on screen, seen or not (its rows are as wide as all their columns, so its
     * fixed-cell-size culling keeps them all): 784 at once would crawl, and 24 under a window that shows 10 made and
     * styled 325 cells, 60-80 ms of the FX thread on two slow CPUs, where 10 take under half.
     */
    public static final int DEFAULT_WINDOW_COLUMNS = 12;
    /** The most columns shown at once, on the widest screens. */
    public static final int MAX_WINDOW_COLUMNS = 48;
    /** A page's rows are read whole up to this many bytes; wider rows are read one column window per row. */
    static final long WHOLE_ROWS_MAX_BYTES = 4L << 20;

    /**
     * One page on screen: rows [firstRow, firstRow + rows) of the view, columns [firstColumn, …) of each; the view's
     * row 0 is row {@code base} of the flattened array (0, or the first row of the item picked).
     */
    public record Page(long firstRow, int firstColumn, Tensor values, NumpyText text, long base) {
        public int rows() {
            return text.rowCount();
        }

        public int columns() {
            return text.columnCount();
        }
    }

    private final Executor background;
    private final Jobs jobs;
    private final LongProperty firstRow = new SimpleLongProperty(this, "firstRow");
    private final IntegerProperty firstColumn = new SimpleIntegerProperty(this, "firstColumn");
    private final IntegerProperty windowColumns = new SimpleIntegerProperty(this, "windowColumns",
            DEFAULT_WINDOW_COLUMNS);
    /** -1: every row of the flattened view; i ≥ 0: only the rows of {@code x[i]}. */
    private final LongProperty item = new SimpleLongProperty(this, "item", -1);
    private final ReadOnlyObjectWrapper<Page> page = new ReadOnlyObjectWrapper<>(this, "page");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private ArrayReader reader;
    private ArrayHeader header;

    TablePreview(UiExecutor ui, Executor background) {
        this.background = background;
        this.jobs = new Jobs(ui);
        firstRow.addListener((obs, old, now) -> read());
        firstColumn.addListener((obs, old, now) -> read());
        windowColumns.addListener((obs, old, now) -> read());
        item.addListener((obs, old, now) -> {
            if (firstRow.get() != 0) {
                firstRow.set(0); // reads
            } else {
                read();
            }
        });
    }

    void show(ArrayReader r, ArrayHeader h) {
        reader = r;
        header = h;
        page.set(null);
        message.set(null);
        boolean quiet = firstRow.get() == 0 && firstColumn.get() == 0 && item.get() == -1;
        firstRow.set(0);
        firstColumn.set(0);
        item.set(-1);
        if (quiet) {
            read();
        }
    }

    void clear() {
        jobs.cancelAll();
        reader = null;
        header = null;
        page.set(null);
        message.set(null);
    }

    /** Rows of the view the table pages through: all of them, or those of the picked item. */
    public long rowCount() {
        if (header == null) {
            return 0;
        }
        return item.get() < 0 ? header.rows() : header.rows() / itemCount();
    }

    public long columnCount() {
        return header == null ? 0 : header.columns();
    }

    /** The items of the leading axis an array of three or more axes can be looked at one by one; 1 otherwise. */
    public long itemCount() {
        return header == null || header.shape().length < 3 ? 1 : Math.max(1, header.shape()[0]);
    }

    /** The first row of the page after {@code step} pages (negative: back), kept inside the view. */
    public void turn(int step) {
        long last = Math.max(0, (rowCount() - 1) / PAGE_ROWS * PAGE_ROWS);
        firstRow.set(Math.max(0, Math.min(last, firstRow.get() + (long) step * PAGE_ROWS)));
    }

    /** Shows the page that holds {@code row} (0-based, of the view). */
    public void goToRow(long row) {
        long r = Math.max(0, Math.min(rowCount() - 1, row));
        firstRow.set(r / PAGE_ROWS * PAGE_ROWS);
    }

    private void read() {
        if (reader == null || header == null || header.kind() != ArrayHeader.Kind.TENSOR) {
            return;
        }
        ArrayReader r = reader;
        ArrayHeader h = header;
        long cols = Math.max(1, h.columns());
        long base = item.get() < 0 ? 0 : item.get() * rowCount();
        long from = firstRow.get();
        int rows = (int) Math.max(0, Math.min(PAGE_ROWS, rowCount() - from));
        int col0 = (int) Math.min(firstColumn.get(), Math.max(0, cols - 1));
        int width = (int) Math.min(Math.max(1, Math.min(MAX_WINDOW_COLUMNS, windowColumns.get())), cols - col0);
        if (rows == 0 || h.elementCount() == 0) {
            page.set(null);
            message.set("The array has no elements.");
            return;
        }
        message.set("Reading rows " + (from + 1) + "–" + (from + rows) + "…");
        jobs.<Page>replacing("Reading rows of " + h.array().location().key())
                .onSuccess(p -> {
                    page.set(p);
                    message.set(null);
                })
                .onFailure(sentence -> {
                    page.set(null);
                    message.set(sentence);
                })
                .start(() -> Futures.mapAsync(readPage(r, h, base + from, rows, cols, col0, width),
                        window -> new Page(from, col0, window, NumpyText.of(window, 0, rows), base), background));
    }

    /**
     * The window of columns of {@code rows} rows from view row {@code row0}: whole rows in one read when they are
     * short, else each row's window alone (a row of millions of values is never read for forty of them).
     */
    private static CompletableFuture<Tensor> readPage(ArrayReader r, ArrayHeader h, long row0, int rows, long cols,
                                                      int col0, int width) {
        long rowBytes = cols * h.dtype().size();
        if (rowBytes * rows <= WHOLE_ROWS_MAX_BYTES) {
            return Futures.map(r.read(h, row0 * cols, new long[] {rows, cols}, TensorLoader.Progress.NONE),
                    whole -> width == cols ? whole : TensorWindows.columns(whole, col0, width));
        }
        List<CompletableFuture<Tensor>> each = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            each.add(r.read(h, (row0 + i) * cols + col0, new long[] {1, width}, TensorLoader.Progress.NONE));
        }
        CompletableFuture<Tensor> stacked = CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(v -> TensorWindows.stack(each.stream().map(CompletableFuture::join).toList()));
        Futures.cancelTogether(stacked, each.toArray(CompletableFuture[]::new));
        return stacked;
    }

    public LongProperty firstRowProperty() {
        return firstRow;
    }

    public IntegerProperty firstColumnProperty() {
        return firstColumn;
    }

    /** How many columns a page holds at most: as many as the table's width shows (see {@link #DEFAULT_WINDOW_COLUMNS}). */
    public IntegerProperty windowColumnsProperty() {
        return windowColumns;
    }

    public LongProperty itemProperty() {
        return item;
    }

    public ReadOnlyObjectProperty<Page> pageProperty() {
        return page.getReadOnlyProperty();
    }

    /** What is being read or went wrong, in words; null when the page says it all. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The header shown; null when none. */
    ArrayHeader header() {
        return header;
    }
}
