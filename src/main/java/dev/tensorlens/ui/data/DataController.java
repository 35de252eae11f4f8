package dev.tensorlens.ui.data;

import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.redis.ArrayHeader;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.ImageGrid;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.EmptyState;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.LateParts;
import dev.tensorlens.ui.common.Toggles;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.SegmentedButton;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Lays out the Data view and binds it to its model: the array list on the left; on the right the open array's name
 * and facts, the preview modes that suit it, the preview, and the export of what it shows.
 */
final class DataController {

    private final DataModel model;
    private final StackPane root = new StackPane();
    private final ArrayListPane list;
    private final TablePane table;
    private final ImagesPane images;
    private final TextPane text;
    private final SummaryPane summary;
    private final DataExport export;
    private final Map<DataModel.Mode, ToggleButton> modeButtons = new EnumMap<>(DataModel.Mode.class);
    private final SegmentedButton modes = new SegmentedButton();
    private final Label title = new Label();
    private final Label facts = new Label();
    private final Label exportMessage = new Label();
    private final EmptyState state = new EmptyState();

    DataController(DataModel model, Dialogs dialogs, UiExecutor ui, Executor background, Executor files) {
        this.model = model;
        root.getStyleClass().add("data");
        list = new ArrayListPane(model);
        table = new TablePane(model);
        images = new ImagesPane(model, background);
        text = new TextPane(model);
        summary = new SummaryPane(model, background);
        export = new DataExport(dialogs, ui, files, new DataExport.Shown() {
            @Override
            public Tensor tablePage() {
                TablePreview.Page p = model.table().pageProperty().get();
                return p == null ? null : p.values();
            }

            @Override
            public ImageGrid images() {
                ImagePreview.Page p = model.images().pageProperty().get();
                return p == null ? null : p.grid();
            }

            @Override
            public String baseName() {
                CachedArray a = model.openProperty().get();
                return a == null ? "array" : a.location().key() + (a.location().field() == null ? ""
                        : "." + a.location().field());
            }
        });

        title.setId("data-title");
        title.getStyleClass().add("data-array-title");
        title.setMinWidth(0);
        facts.setId("data-facts");
        facts.getStyleClass().add("muted");
        ComboBox<ArrayHeader> part = new ComboBox<>(model.parts());
        part.setId("data-part");
        part.valueProperty().bindBidirectional(model.headerProperty());
        part.setConverter(new StringConverter<>() {
            @Override
            public String toString(ArrayHeader h) {
                return h == null ? "" : h.part() == null ? "value" : h.part();
            }

            @Override
            public ArrayHeader fromString(String s) {
                return null;
            }
        });
        part.visibleProperty().bind(Bindings.size(model.parts()).greaterThan(1));
        part.managedProperty().bind(part.visibleProperty());
        part.setTooltip(new Tooltip("The value holds several tensors"));

        for (DataModel.Mode m : DataModel.Mode.values()) {
            ToggleButton b = new ToggleButton(switch (m) {
                case TABLE -> "Table";
                case IMAGES -> "Images";
                case TEXT -> "Text";
                case SUMMARY -> "Summary";
            });
            b.setId("data-mode-" + m.name().toLowerCase(Locale.ROOT));
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setOnAction(e -> model.modeProperty().set(m));
            modeButtons.put(m, b);
        }
        Toggles.keepOneSelected(modes.getToggleGroup());
        model.modes().addListener((ListChangeListener<DataModel.Mode>) c -> showModes());
        model.modeProperty().addListener((obs, old, m) -> showMode());

        MenuButton save = new MenuButton(null, new FontIcon(Feather.DOWNLOAD));
        save.setId("data-export");
        save.setTooltip(new Tooltip("Export what is shown"));
        MenuItem csv = new MenuItem("Rows shown as CSV…");
        csv.setId("data-export-csv");
        csv.setOnAction(e -> export.csv());
        MenuItem npy = new MenuItem("Rows shown as .npy…");
        npy.setId("data-export-npy");
        npy.setOnAction(e -> export.npy());
        MenuItem png = new MenuItem("Images shown as PNG…");
        png.setId("data-export-png");
        png.setOnAction(e -> export.png());
        save.getItems().addAll(csv, npy, png);
        save.setOnShowing(e -> {
            csv.setDisable(model.table().pageProperty().get() == null);
            npy.setDisable(model.table().pageProperty().get() == null);
            png.setDisable(model.images().pageProperty().get() == null);
        });
        save.disableProperty().bind(model.headerProperty().isNull());
        exportMessage.setId("data-export-message");
        exportMessage.getStyleClass().add("muted");
        exportMessage.textProperty().bind(export.messageProperty());

        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        VBox names = new VBox(2, title, facts);
        names.setMinWidth(0);
        HBox.setHgrow(names, Priority.SOMETIMES);
        HBox header = new HBox(10, names, gap, part, modes, save);
        header.setAlignment(Pos.CENTER_LEFT);

        state.setId("data-state");
        StackPane previews = new StackPane(LateParts.mark(table), LateParts.mark(images), LateParts.mark(text),
                LateParts.mark(summary), state);
        VBox.setVgrow(previews, Priority.ALWAYS);
        VBox right = new VBox(10, header, previews, exportMessage);
        right.getStyleClass().add("data-main");

        SplitPane split = new SplitPane(list, right);
        split.setDividerPositions(0.24);
        SplitPane.setResizableWithParent(list, false);
        root.getChildren().add(split);

        model.headerProperty().addListener((obs, old, h) -> showFacts());
        model.openProperty().addListener((obs, old, a) -> showFacts());
        model.phaseProperty().addListener((obs, old, p) -> showMode());
        model.messageProperty().addListener((obs, old, m) -> showMode());
        showModes();
        showFacts();
    }

    private void showModes() {
        modes.getButtons().setAll(model.modes().stream().map(modeButtons::get).toList());
        showMode();
    }

    private void showMode() {
        DataModel.Mode m = model.modeProperty().get();
        DataModel.Phase phase = model.phaseProperty().get();
        boolean loaded = phase == DataModel.Phase.LOADED;
        table.setVisible(loaded && m == DataModel.Mode.TABLE);
        images.setVisible(loaded && m == DataModel.Mode.IMAGES);
        text.setVisible(loaded && m == DataModel.Mode.TEXT);
        summary.setVisible(loaded && m == DataModel.Mode.SUMMARY);
        state.setVisible(!loaded);
        if (m != null && modeButtons.get(m) != null && !modeButtons.get(m).isSelected()) {
            modeButtons.get(m).setSelected(true);
        }
        switch (phase) {
            case EMPTY -> state.show(Feather.GRID, "No array open", "Pick a cached array on the left to preview it.");
            case LOADING -> state.show(Feather.LOADER, "Reading…", model.messageProperty().get());
            case FAILED -> state.show(Feather.ALERT_TRIANGLE, "This value cannot be previewed",
                    model.messageProperty().get());
            default -> { }
        }
    }

    private void showFacts() {
        CachedArray a = model.openProperty().get();
        ArrayHeader h = model.headerProperty().get();
        title.setText(a == null ? "" : a.location().key() + (a.location().field() == null ? ""
                : "  ·  " + a.location().field()));
        if (h == null) {
            facts.setText("");
            return;
        }
        StringBuilder b = new StringBuilder(h.format());
        if (h.kind() == ArrayHeader.Kind.TENSOR) {
            b.append(" · ").append(h.dtype().numpyName()).append(' ').append(Tensor.shapeText(h.shape()))
                    .append(" · ").append(HumanReadable.bytes(h.dataBytes()));
            if (h.fortranOrder()) {
                b.append(" · Fortran order");
            }
        } else if (h.kind() == ArrayHeader.Kind.TEXT) {
            b.append(" · ").append(HumanReadable.count(h.rows())).append(h.rows() == 1 ? " item · " : " items · ")
                    .append(HumanReadable.bytes(h.valueBytes()));
        }
        if (h.note() != null) {
            b.append(" · ").append(h.note());
        }
        facts.setText(b.toString());
        facts.setTooltip(new Tooltip(b.toString()));
    }

    Node root() {
        return root;
    }

    void focusSearch() {
        list.lookup("#data-search").requestFocus();
    }

    TablePane table() {
        return table;
    }

    ImagesPane images() {
        return images;
    }
}
