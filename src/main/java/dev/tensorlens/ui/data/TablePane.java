package dev.tensorlens.ui.data;

import dev.tensorlens.tensor.stats.ColumnStats;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.WhenShown;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table preview: one page of rows, a window of columns, each column headed by its index and its statistics over
 * the whole array (once the summary has streamed it), the label of each row beside it when labels were found. The
 * numbers are numpy's text for the page. Ctrl+PageDown / Ctrl+PageUp turn pages; the window holds as many columns as
 * the table's width shows, and the arrows page through the rest.
 */
final class TablePane extends VBox {

    /** The narrowest a number column gets (see {@link #width}), the fewest columns a page holds, a scroll bar's room. */
    private static final double MIN_NUMBER_WIDTH = 84;
    private static final int MIN_WINDOW_COLUMNS = 4;
    private static final double SCROLL_BAR_WIDTH = 16;

    private final DataModel model;
    private final TablePreview table;
    private final TableView<Long> view = new TableView<>();
    /** Pages (and labels, statistics) shown when this pane is, not while another mode hides it. */
    private final WhenShown pageUpdates = new WhenShown(this, this::showPage);
    private final Label rowsText = new Label();
    private final Label columnsText = new Label();
    private final Label message = new Label();
    private final Spinner<Integer> item = new Spinner<>();
    private final HBox itemBox;

    TablePane(DataModel model) {
        super(8);
        this.model = model;
        this.table = model.table();
        getStyleClass().add("data-table-pane");

        Button first = PagerButtons.of(Feather.CHEVRONS_LEFT, "First page", () -> table.goToRow(0));
        Button previous = PagerButtons.of(Feather.CHEVRON_LEFT, "Previous page (Ctrl+PageUp)", () -> table.turn(-1));
        Button next = PagerButtons.of(Feather.CHEVRON_RIGHT, "Next page (Ctrl+PageDown)", () -> table.turn(1));
        Button last = PagerButtons.of(Feather.CHEVRONS_RIGHT, "Last page", () -> table.goToRow(Long.MAX_VALUE));
        next.setId("data-table-next");
        previous.setId("data-table-previous");
        rowsText.setId("data-table-rows");
        rowsText.getStyleClass().add("muted");
        rowsText.setMinWidth(Region.USE_PREF_SIZE);
        TextField goTo = new TextField();
        goTo.setId("data-table-goto");
        goTo.setPromptText("Go to row");
        goTo.setPrefColumnCount(7);
        goTo.setOnAction(e -> {
            try {
                table.goToRow(Long.parseLong(goTo.getText().trim().replace(",", "")));
                goTo.clear();
            } catch (NumberFormatException notANumber) {
                goTo.selectAll();
            }
        });
        Button left = PagerButtons.of(Feather.ARROW_LEFT, "Previous columns", () -> table.firstColumnProperty().set(
                Math.max(0, table.firstColumnProperty().get() - table.windowColumnsProperty().get())));
        Button right = PagerButtons.of(Feather.ARROW_RIGHT, "Next columns", () -> {
            int nextColumn = table.firstColumnProperty().get() + table.windowColumnsProperty().get();
            if (nextColumn < table.columnCount()) {
                table.firstColumnProperty().set(nextColumn);
            }
        });
        right.setId("data-table-right");
        columnsText.setId("data-table-columns");
        columnsText.getStyleClass().add("muted");
        columnsText.setMinWidth(Region.USE_PREF_SIZE);

        item.setId("data-table-item");
        item.setEditable(true);
        item.setPrefWidth(110);
        Label itemLabel = new Label("Item");
        itemBox = new HBox(6, itemLabel, item);
        itemBox.setAlignment(Pos.CENTER_LEFT);
        item.setTooltip(new Tooltip("All rows of the flattened array, or only the rows of x[i]"));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(6, first, previous, rowsText, next, last, goTo, gap, itemBox, left, columnsText, right);
        bar.setAlignment(Pos.CENTER_LEFT);

        view.setId("data-table");
        view.getStyleClass().add("data-table");
        view.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        // a fixed row height lets the rows skip the cells of columns scrolled out of sight, and sizing every row
        view.setFixedCellSize(30);
        view.setPlaceholder(new Label(""));
        message.setId("data-table-message");
        message.getStyleClass().add("muted");
        message.setWrapText(true);
        message.textProperty().bind(table.messageProperty());
        StackPane area = new StackPane(view);
        VBox.setVgrow(area, Priority.ALWAYS);
        getChildren().addAll(bar, area, message);

        view.widthProperty().addListener((obs, old, width) -> fitColumns());
        table.pageProperty().addListener((obs, old, page) -> pageUpdates.request());
        model.summary().columnsProperty().addListener((obs, old, c) -> pageUpdates.request());
        model.labels().labelsProperty().addListener((obs, old, l) -> pageUpdates.request());
        model.headerProperty().addListener((obs, old, h) -> resetItem());
        item.valueProperty().addListener((obs, old, v) -> {
            if (v != null && v != table.itemProperty().get()) {
                table.itemProperty().set(v);
            }
        });
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() && e.getCode() == KeyCode.PAGE_DOWN) {
                table.turn(1);
                e.consume();
            } else if (e.isShortcutDown() && e.getCode() == KeyCode.PAGE_UP) {
                table.turn(-1);
                e.consume();
            }
        });
        resetItem();
    }


    private void resetItem() {
        long items = table.itemCount();
        itemBox.setVisible(items > 1);
        itemBox.setManaged(items > 1);
        int max = (int) Math.min(Integer.MAX_VALUE, items - 1);
        SpinnerValueFactory.IntegerSpinnerValueFactory values = new SpinnerValueFactory.IntegerSpinnerValueFactory(-1, max, -1);
        values.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer v) {
                return v == null || v < 0 ? "all" : Integer.toString(v);
            }

            @Override
            public Integer fromString(String s) {
                try {
                    return s == null || s.isBlank() || s.trim().equals("all") ? -1
                            : Math.max(-1, Math.min(max, Integer.parseInt(s.trim())));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        });
        item.setValueFactory(values);
    }

    /** What the column headers were made for: a page of the same array, window, labels and statistics keeps them. */
    private record ColumnsFor(Object header, int firstColumn, int columns, boolean labelled, Object stats) {
    }

    /** Rows of placeholders while the window is made ahead: about a screenful. */
    private static final int PLACEHOLDER_ROWS = 32;

    private ColumnsFor madeFor;
    /** The page the cells show: the columns' cell factories read it, so a page turn makes no new columns. */
    private TablePreview.Page shown;
    private long shownBase;
    private LabelsBeside.Labels shownLabels;
    /*
     * The columns, made once and kept for every array: a table keeps a row's cell for each of its columns, so the same
     * column objects shown again reuse their cells (made and styled once, ahead; see showPlaceholders), where new
     * columns would each make and style a cell per row on screen, the most of a first page.
     */
    private final TableColumn<Long, String> indexColumn = indexColumn();
    private final TableColumn<Long, String> labelColumn = labelColumn();
    private final List<TableColumn<Long, String>> numberColumns = new ArrayList<>();

    private void showPage() {
        TablePreview.Page page = table.pageProperty().get();
        if (page == null) {
            // the columns stay, with their cells, for the next array
            view.getItems().clear();
            madeFor = null;
            shown = null;
            rowsText.setText("");
            columnsText.setText("");
            return;
        }
        long total = table.rowCount();
        shownBase = page.base(); // the page's own: the item picked may have changed since it was asked for
        rowsText.setText("rows " + HumanReadable.count(page.firstRow() + 1) + "–"
                + HumanReadable.count(page.firstRow() + page.rows()) + " of " + HumanReadable.count(total));
        columnsText.setText("columns " + (page.firstColumn() + 1) + "–" + (page.firstColumn() + page.columns())
                + " of " + HumanReadable.count(table.columnCount()));
        LabelsBeside.Labels labels = model.labels().labelsProperty().get();
        boolean labelled = labels != null && labels.count() == table.header().rows();
        shownLabels = labelled ? labels : null;
        ColumnStats stats = model.summary().columnsProperty().get();
        shown = page;
        ColumnsFor wanted = new ColumnsFor(table.header(), page.firstColumn(), page.columns(),
                labelled, stats);
        if (!wanted.equals(madeFor)) {
            // a new window of columns (or labels, or statistics): new headers; page turns below only refill the cells
            madeFor = wanted;
            showColumns(page.columns(), labelled);
            if (labelled) {
                labelColumn.setPrefWidth(labelWidth(labels));
            }
            for (int k = 0; k < page.columns(); k++) {
                ((Heading) numberColumns.get(k).getGraphic()).show(page.firstColumn() + k, stats);
                numberColumns.get(k).setPrefWidth(width(page, k, stats));
            }
            fitColumns(); // a label column takes room from the numbers
        }
        // the rows as numbers of the view: another page is other items, so the cells there are refilled in place
        // (TableView.refresh() would make every cell and its skin again)
        view.getItems().setAll(rows(page.firstRow(), page.rows()));
    }

    /**
     * Pages hold as many number columns as the table's width shows, each at its narrowest (the index and label
     * columns and a scroll bar aside), and one more, partly shown: the arrows page through the rest. More would be made
     * and styled for nothing (see {@link TablePreview#DEFAULT_WINDOW_COLUMNS}).
     */
    private void fitColumns() {
        double width = view.getWidth();
        if (width <= 0) {
            return;
        }
        double free = width - indexColumn.getWidth() - (shownLabels != null ? labelColumn.getWidth() : 0)
                - SCROLL_BAR_WIDTH;
        int fit = (int) Math.max(MIN_WINDOW_COLUMNS, Math.min(TablePreview.MAX_WINDOW_COLUMNS,
                Math.ceil(free / MIN_NUMBER_WIDTH)));
        if (fit != table.windowColumnsProperty().get()) {
            table.windowColumnsProperty().set(fit);
        }
    }

    /**
     * Any thread, before the window shows (see {@code AppView#showPlaceholders}): a screenful of blank rows under a
     * full window of columns, shown while the window is styled and laid out ahead, so the cells of a first page are
     * made then; the action returned takes the rows away again (the columns and their cells stay).
     */
    Runnable showPlaceholders() {
        boolean wasVisible = isVisible();
        setVisible(true);
        showColumns(table.windowColumnsProperty().get(), false);
        view.getItems().setAll(rows(0, PLACEHOLDER_ROWS));
        return () -> {
            view.getItems().clear();
            setVisible(wasVisible);
        };
    }

    /** The row numbers {@code first…first+count-1}: the items of the view. */
    private static List<Long> rows(long first, int count) {
        List<Long> rows = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            rows.add(first + r);
        }
        return rows;
    }

    /** The index column, the label column when labelled, and {@code count} number columns; unchanged if so already. */
    private void showColumns(int count, boolean labelled) {
        while (numberColumns.size() < count) {
            numberColumns.add(numberColumn(numberColumns.size()));
        }
        List<TableColumn<Long, ?>> columns = new ArrayList<>();
        columns.add(indexColumn);
        if (labelled) {
            columns.add(labelColumn);
        }
        columns.addAll(numberColumns.subList(0, count));
        if (!columns.equals(view.getColumns())) {
            view.getColumns().setAll(columns);
        }
    }

    private static TableColumn<Long, String> indexColumn() {
        TableColumn<Long, String> index = new TableColumn<>("row");
        index.setCellValueFactory(c -> new ReadOnlyStringWrapper(Long.toString(c.getValue())));
        index.setCellFactory(c -> new PlainTextCell<>());
        index.getStyleClass().add("index-column");
        index.setPrefWidth(64);
        index.setSortable(false);
        return index;
    }

    private TableColumn<Long, String> labelColumn() {
        TableColumn<Long, String> label = new TableColumn<>("label");
        label.setId("data-table-label");
        label.setCellValueFactory(c -> new ReadOnlyStringWrapper(shownLabels == null ? "" : shownLabels.name(
                shownLabels.values()[(int) (shownBase + c.getValue())])));
        label.setCellFactory(c -> new PlainTextCell<>());
        label.getStyleClass().add("label-column");
        label.setSortable(false);
        return label;
    }

    /** The {@code col}-th column of the window on screen: it shows that column of the page shown. */
    private TableColumn<Long, String> numberColumn(int col) {
        TableColumn<Long, String> column = new TableColumn<>();
        column.setCellValueFactory(c -> {
            long r = shown == null ? -1 : c.getValue() - shown.firstRow();
            return new ReadOnlyObjectWrapper<>(r >= 0 && r < shown.rows() && col < shown.columns()
                    ? shown.text().cell((int) r, col) : "");
        });
        column.setCellFactory(c -> new PlainTextCell<>());
        column.setGraphic(new Heading());
        column.getStyleClass().add("number-column");
        column.setSortable(false);
        return column;
    }

    /** Wide enough for the longest class name (bold) among the labels (a set width: no measuring of cells). */
    private static double labelWidth(LabelsBeside.Labels labels) {
        int longest = 5; // "label"
        for (long value : labels.counts().isEmpty() ? labels.values() // ids, not classes: no counts
                : labels.counts().keySet().stream().mapToLong(Long::longValue).toArray()) {
            longest = Math.max(longest, labels.name(value).length());
        }
        return Math.min(200, 9.0 * longest + 24);
    }

    /** Wide enough for the column's longest number (monospace) and its statistics. */
    private static double width(TablePreview.Page page, int col, ColumnStats stats) {
        int longest = 6;
        for (int r = 0; r < page.rows(); r++) {
            longest = Math.max(longest, page.text().cell(r, col).length());
        }
        double numbers = 8.5 * longest + 18;
        int column = page.firstColumn() + col;
        double header = stats == null || column >= stats.columns() ? 0
                : 7.4 * Math.max(range(stats, column).length(), moments(stats, column).length()) + 18;
        return Math.min(240, Math.max(MIN_NUMBER_WIDTH, Math.max(numbers, header)));
    }

    private static String range(ColumnStats stats, int column) {
        return number(stats.min(column)) + "…" + number(stats.max(column));
    }

    /** Mean and std to three digits: enough to tell features apart in a header. */
    private static String moments(ColumnStats stats, int column) {
        return "μ " + short3(stats.mean(column)) + " σ " + short3(stats.std(column));
    }

    private static String short3(double v) {
        return Double.isNaN(v) ? "–" : trimmed(String.format(Locale.ROOT, "%.3g", v));
    }

    /**
     * A column's index over its statistics, so a constant or out-of-range feature shows before any plot. One per
     * number column, kept: a new window of columns changes its texts instead of making and styling new labels.
     */
    private static final class Heading extends VBox {
        private final Label name = label("column-index");
        private final Label range = label("column-stat");
        private final Label moments = label("column-stat");
        /** Said in the header itself: a tooltip per column costs a popup control each (24 per window). */
        private final Label nonFinite = label("column-stat", "column-warning");

        Heading() {
            super(1);
            setAlignment(Pos.CENTER);
            getChildren().addAll(name, range, moments, nonFinite);
        }

        void show(int column, ColumnStats stats) {
            name.setText(Integer.toString(column));
            boolean known = stats != null && column < stats.columns();
            long bad = known ? stats.nonFinite(column) : 0;
            range.setText(known ? range(stats, column) : "");
            moments.setText(known ? moments(stats, column) : "");
            nonFinite.setText(bad + " NaN/±Inf");
            shown(range, known);
            shown(moments, known);
            shown(nonFinite, bad > 0);
        }

        private static void shown(Label label, boolean shown) {
            label.setVisible(shown);
            label.setManaged(shown);
        }

        private static Label label(String... styleClasses) {
            Label label = new Label();
            label.getStyleClass().addAll(styleClasses);
            return label;
        }
    }

    /** Four significant digits without trailing zeros: 0, 0.9961, 1.2e+05. */
    static String number(double v) {
        return Double.isNaN(v) ? "–" : trimmed(String.format(Locale.ROOT, "%.4g", v));
    }

    private static String trimmed(String text) {
        int e = text.indexOf('e');
        String mantissa = e < 0 ? text : text.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return e < 0 ? mantissa : mantissa + text.substring(e);
    }

    TableView<Long> view() {
        return view;
    }
}
