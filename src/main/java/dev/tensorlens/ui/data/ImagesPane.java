package dev.tensorlens.ui.data;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.image.ColorMap;
import dev.tensorlens.tensor.image.ImageGrid;
import dev.tensorlens.tensor.image.ImageLayout;
import dev.tensorlens.tensor.image.ImageNormalisation;
import dev.tensorlens.tensor.image.SampleImages;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Toggles;
import dev.tensorlens.ui.common.WhenShown;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.SegmentedButton;
import org.controlsfx.control.ToggleSwitch;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * The image preview: a page of samples as a grid (8 per row, 2 px padding), each with its label when labels sit
 * beside the batch; the layout, normalisation, mean/std undo and colour map to draw them with; a click opens one image
 * large, where the pointer reads out the stored value of the pixel under it. Left/Right step through the images of
 * the zoomed view, Esc goes back to the grid.
 */
final class ImagesPane extends VBox {

    private final DataModel model;
    private final ImagePreview images;
    private final ImageGridView gridView;
    /** Pages (and labels, statistics) shown when this pane is, not while another mode hides it. */
    private final WhenShown pageUpdates = new WhenShown(this, this::showPage);
    private final ImageGridView zoomView;
    private final Label pageText = new Label();
    private final Label readout = new Label();
    private final Label zoomTitle = new Label();
    private final TextField mean = new TextField();
    private final TextField std = new TextField();
    private final ToggleSwitch showLabels = new ToggleSwitch("Labels");
    private final VBox zoomBox;
    /** The sample (index in the page) shown large; -1 while the grid is shown. */
    private int zoomed = -1;

    /** @param background where the grid's pixels are enlarged: any executor but the FX thread's */
    ImagesPane(DataModel model, Executor background) {
        super(8);
        this.model = model;
        this.gridView = new ImageGridView(background);
        this.zoomView = new ImageGridView(background);
        this.images = model.images();
        getStyleClass().add("data-images-pane");

        ComboBox<ImageLayout> layout = new ComboBox<>(images.layouts());
        layout.setId("data-images-layout");
        layout.valueProperty().bindBidirectional(images.layoutProperty());
        layout.setConverter(new StringConverter<>() {
            @Override
            public String toString(ImageLayout l) {
                return l == null ? "" : l.label();
            }

            @Override
            public ImageLayout fromString(String s) {
                return null;
            }
        });
        layout.setTooltip(new Tooltip("How the axes read as images"));

        ToggleButton auto = new ToggleButton("Auto");
        auto.setId("data-images-auto");
        auto.setTooltip(new Tooltip("Min–max over the whole array"));
        ToggleButton unit = new ToggleButton("[0, 1]");
        unit.setId("data-images-unit");
        ToggleButton bytes = new ToggleButton("[0, 255]");
        bytes.setId("data-images-bytes");
        SegmentedButton range = new SegmentedButton(auto, unit, bytes);
        Toggles.keepOneSelected(range.getToggleGroup());
        auto.setSelected(true);
        range.getToggleGroup().selectedToggleProperty().addListener((obs, old, t) -> applyNormalisation(
                t == unit ? ImageNormalisation.Mode.UNIT : t == bytes ? ImageNormalisation.Mode.BYTE
                        : ImageNormalisation.Mode.AUTO));

        mean.setId("data-images-mean");
        mean.setPromptText("mean");
        mean.setPrefColumnCount(11);
        std.setId("data-images-std");
        std.setPromptText("std");
        std.setPrefColumnCount(11);
        Tooltip undo = new Tooltip("Per-channel mean and std the pipeline normalised with, undone before drawing "
                + "(x·std + mean); one value, or one per channel");
        mean.setTooltip(undo);
        std.setTooltip(undo);
        mean.setOnAction(e -> applyNormalisation(images.normalisationProperty().get().mode()));
        std.setOnAction(e -> applyNormalisation(images.normalisationProperty().get().mode()));
        Button imagenet = new Button("ImageNet");
        imagenet.setId("data-images-imagenet");
        imagenet.setTooltip(new Tooltip("Undo torchvision's ImageNet normalisation: mean (0.485, 0.456, 0.406), "
                + "std (0.229, 0.224, 0.225), then [0, 1]"));
        imagenet.setOnAction(e -> {
            mean.setText(join(ImageNormalisation.IMAGENET_MEAN));
            std.setText(join(ImageNormalisation.IMAGENET_STD));
            unit.setSelected(true); // applies
            applyNormalisation(ImageNormalisation.Mode.UNIT);
        });

        ComboBox<ColorMap> colours = new ComboBox<>();
        colours.setId("data-images-colours");
        colours.getItems().addAll(null, ColorMap.VIRIDIS);
        colours.setConverter(new StringConverter<>() {
            @Override
            public String toString(ColorMap m) {
                return m == null ? "grey" : m.name();
            }

            @Override
            public ColorMap fromString(String s) {
                return null;
            }
        });
        colours.valueProperty().bindBidirectional(images.colorMapProperty());
        colours.setTooltip(new Tooltip("Colours for one-channel images"));
        showLabels.setId("data-images-labels");
        showLabels.setSelected(true);
        showLabels.visibleProperty().bind(model.labels().labelsProperty().isNotNull());
        showLabels.managedProperty().bind(showLabels.visibleProperty());
        showLabels.selectedProperty().addListener((obs, old, on) -> pageUpdates.request());
        for (Region r : List.of(layout, range, imagenet, colours, showLabels)) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        Label undoLabel = new Label("Undo mean/std");
        undoLabel.setMinWidth(Region.USE_PREF_SIZE);
        mean.setMinWidth(110);
        std.setMinWidth(110);
        HBox undoBox = new HBox(6, undoLabel, mean, std, imagenet);
        undoBox.setAlignment(Pos.CENTER_LEFT);
        // two rows on a narrow window rather than squeezed fields
        FlowPane tools = new FlowPane(12, 8, layout, range, undoBox, colours, showLabels);
        tools.setAlignment(Pos.CENTER_LEFT);

        Button previous = PagerButtons.of(Feather.CHEVRON_LEFT, "Previous images", () -> images.turn(-1));
        previous.setId("data-images-previous");
        Button next = PagerButtons.of(Feather.CHEVRON_RIGHT, "Next images", () -> images.turn(1));
        next.setId("data-images-next");
        pageText.setId("data-images-page");
        pageText.getStyleClass().add("muted");
        readout.setId("data-images-readout");
        readout.getStyleClass().add("readout");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox pager = new HBox(6, previous, pageText, next, gap);
        pager.setAlignment(Pos.CENTER_LEFT);

        gridView.setId("data-images-grid");
        gridView.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            int tile = gridView.tileAt(e.getX(), e.getY());
            if (tile >= 0) {
                zoom(tile);
            }
        });
        gridView.addEventHandler(MouseEvent.MOUSE_MOVED, e -> pointAt(gridView, gridView.tileAt(e.getX(), e.getY()),
                e.getX(), e.getY()));
        zoomView.setId("data-images-zoom");
        zoomView.addEventHandler(MouseEvent.MOUSE_MOVED, e -> pointAt(zoomView, zoomed, e.getX(), e.getY()));
        Button back = new Button("Grid", new FontIcon(Feather.GRID));
        back.setId("data-images-back");
        back.setTooltip(new Tooltip("Back to the grid (Esc)"));
        back.setOnAction(e -> zoom(-1));
        zoomTitle.getStyleClass().add("section-title");
        HBox zoomBar = new HBox(8, back, zoomTitle);
        zoomBar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(zoomView, Priority.ALWAYS);
        zoomBox = new VBox(6, zoomBar, zoomView);
        zoomBox.setVisible(false);
        StackPane area = new StackPane(gridView, zoomBox);
        StackPane.setAlignment(gridView, Pos.TOP_LEFT);
        VBox.setVgrow(area, Priority.ALWAYS);
        Label message = new Label();
        message.getStyleClass().add("muted");
        message.setWrapText(true);
        message.textProperty().bind(images.messageProperty());
        message.visibleProperty().bind(images.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        readout.setMaxWidth(Double.MAX_VALUE);
        readout.setMinHeight(Region.USE_PREF_SIZE);
        getChildren().addAll(tools, pager, area, readout, message);

        images.pageProperty().addListener((obs, old, p) -> pageUpdates.request());
        model.labels().labelsProperty().addListener((obs, old, l) -> pageUpdates.request());
        model.headerProperty().addListener((obs, old, h) -> {
            mean.clear();
            std.clear();
            // integers are most often 8-bit pixels, drawn as stored; floats are scaled over the array's range
            boolean integers = h != null && h.dtype() != null && (h.dtype().kind() == DType.Kind.UNSIGNED
                    || h.dtype().kind() == DType.Kind.SIGNED);
            (integers ? bytes : auto).setSelected(true);
            // set outright: an undo typed for the last array must not stay on with its fields emptied
            images.normalisationProperty().set(ImageNormalisation.of(integers ? ImageNormalisation.Mode.BYTE
                    : ImageNormalisation.Mode.AUTO));
            zoom(-1);
        });
        setOnKeyPressed(e -> {
            if (zoomed >= 0 && e.getCode() == KeyCode.ESCAPE) {
                zoom(-1);
                e.consume();
            } else if (zoomed >= 0 && (e.getCode() == KeyCode.LEFT || e.getCode() == KeyCode.RIGHT)) {
                ImagePreview.Page p = images.pageProperty().get();
                int to = zoomed + (e.getCode() == KeyCode.LEFT ? -1 : 1);
                if (p != null && to >= 0 && to < p.count()) {
                    zoom(to);
                }
                e.consume();
            }
        });
    }


    private static String join(double[] values) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(Double.toString(v));
        }
        return String.join(", ", parts);
    }

    /** The mode picked with the mean and std typed; what cannot be read is said, and nothing changes. */
    private void applyNormalisation(ImageNormalisation.Mode mode) {
        try {
            double[] m = numbers(mean.getText());
            double[] s = numbers(std.getText());
            if ((m == null) != (s == null)) {
                readout.setText("Give both a mean and a std to undo them.");
                return;
            }
            images.normalisationProperty().set(ImageNormalisation.of(mode).withMeanStd(m, s));
            readout.setText("");
        } catch (IllegalArgumentException e) {
            readout.setText(e.getMessage());
        }
    }

    private static double[] numbers(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.replace("(", "").replace(")", "").replace("[", "").replace("]", "").split("[,\\s]+");
        List<Double> values = new ArrayList<>();
        for (String p : parts) {
            if (!p.isBlank()) {
                try {
                    values.add(Double.parseDouble(p));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("\"" + p + "\" is not a number.");
                }
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private void showPage() {
        ImagePreview.Page p = images.pageProperty().get();
        if (p == null) {
            gridView.show(null, null);
            pageText.setText("");
            return;
        }
        long total = images.sampleCount();
        pageText.setText(p.layout().batch() ? "images " + HumanReadable.count(p.first() + 1) + "–"
                + HumanReadable.count(p.first() + p.count()) + " of " + HumanReadable.count(total)
                + " · " + p.layout().width(p.shape()) + "×" + p.layout().height(p.shape())
                + (p.layout().channels(p.shape()) > 1 ? "×" + p.layout().channels(p.shape()) : "")
                : "one image · " + p.layout().width(p.shape()) + "×" + p.layout().height(p.shape()));
        LabelsBeside.Labels labels = model.labels().labelsProperty().get();
        boolean badges = labels != null && showLabels.isSelected() && labels.count() == total;
        gridView.show(p.grid(), badges ? i -> labels.name(labels.values()[(int) (p.first() + i)]) : null);
        if (zoomed >= p.count()) {
            zoom(-1);
        } else if (zoomed >= 0) {
            zoom(zoomed);
        }
    }

    /** Shows sample {@code tile} of the page large, or the grid again for -1. */
    private void zoom(int tile) {
        ImagePreview.Page p = images.pageProperty().get();
        zoomed = p == null ? -1 : tile;
        zoomBox.setVisible(zoomed >= 0);
        gridView.setVisible(zoomed < 0);
        if (zoomed < 0) {
            zoomView.show(null, null);
            return;
        }
        ImageGrid g = p.grid();
        int[] one = new int[g.tileWidth() * g.tileHeight()];
        for (int r = 0; r < g.tileHeight(); r++) {
            System.arraycopy(g.argb(), (g.tileY(zoomed) + r) * g.width() + g.tileX(zoomed), one, r * g.tileWidth(),
                    g.tileWidth());
        }
        zoomView.show(ImageGrid.compose(List.of(one), g.tileWidth(), g.tileHeight(), 1, 0), null);
        LabelsBeside.Labels labels = model.labels().labelsProperty().get();
        long sample = p.first() + zoomed;
        zoomTitle.setText("x[" + sample + "]" + (labels != null && labels.count() == images.sampleCount()
                ? " · label " + labels.name(labels.values()[(int) sample]) : ""));
        requestFocus();
    }

    /** The stored values of the pixel under the pointer, channel by channel. */
    private void pointAt(ImageGridView view, int tile, double x, double y) {
        ImagePreview.Page p = images.pageProperty().get();
        int[] at = view.pixelAt(view == zoomView ? 0 : tile, x, y);
        if (p == null || tile < 0 || at == null) {
            readout.setText("");
            return;
        }
        double[] values = SampleImages.pixel(p.samples(), p.layout(), tile, at[0], at[1]);
        StringBuilder b = new StringBuilder("x[" + (p.first() + tile) + "] · row " + at[0] + ", col " + at[1] + " · ");
        String[] names = values.length == 3 ? new String[] {"R", "G", "B"}
                : values.length == 4 ? new String[] {"R", "G", "B", "A"} : new String[] {"value"};
        for (int c = 0; c < values.length; c++) {
            b.append(c == 0 ? "" : "  ").append(names[c]).append(' ').append(number(values[c]));
        }
        readout.setText(b.toString());
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.5g", v);
    }

    ImageGridView grid() {
        return gridView;
    }

    ImageGridView zoomView() {
        return zoomView;
    }

    Label readout() {
        return readout;
    }
}
