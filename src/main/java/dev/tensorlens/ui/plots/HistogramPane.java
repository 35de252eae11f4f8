package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.ui.common.SceneStyles;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.ToggleSwitch;

import java.util.concurrent.Executor;

/**
 * A {@link HistogramPlot} with its controls in a toolbar above it: the number of bins, "Log counts" and "Reset zoom"
 * (disabled while not zoomed). The controls are bound both ways to the plot's properties, so a view may drive
 * either. Feed it through {@link #show}, {@link #showOverlay}, {@link #clear()}, or the {@link #plot()} itself.
 *
 * <p>The readout stays on its own line under the plot, where it has the plot's whole width: in the toolbar, beside
 * the controls, a bin of two overlaid versions ("[-0.1250, -0.1172): step 1000 1,204 · step 2000 1,310") was cut
 * off in a pane 680 pixels wide.
 */
public final class HistogramPane extends VBox {

    private final HistogramPlot plot;
    private final Spinner<Integer> bins;
    private final ToggleSwitch logCounts = new ToggleSwitch("Log counts");
    private final Button resetZoom = new Button("Reset zoom");
    /** The spinner's bound end of {@code plot.binsProperty()}: a bidirectional binding holds it only weakly. */
    private final ObjectProperty<Integer> binsAsObject;

    /** @param background where the histograms are computed: any executor but the FX thread's */
    public HistogramPane(Executor background) {
        super(6);
        getStyleClass().add("histogram-pane");
        SceneStyles.use(this, PlotStyles.STYLESHEET);
        plot = new HistogramPlot(background);

        bins = new Spinner<>(1, HistogramPlot.MAX_BINS, plot.getBins());
        bins.setEditable(true);
        bins.getStyleClass().add("histogram-bins");
        bins.setPrefWidth(92);
        bins.setMinWidth(Region.USE_PREF_SIZE);
        bins.setTooltip(PlotSurface.tip("How many equal bins, 1 to " + HistogramPlot.MAX_BINS));
        binsAsObject = plot.binsProperty().asObject();
        bins.getValueFactory().valueProperty().bindBidirectional(binsAsObject);
        Label binsLabel = new Label("Bins");
        binsLabel.setLabelFor(bins);
        binsLabel.setMinWidth(Region.USE_PREF_SIZE);

        logCounts.getStyleClass().add("histogram-log");
        logCounts.selectedProperty().bindBidirectional(plot.logCountsProperty());
        logCounts.setTooltip(PlotSurface.tip("A logarithmic count axis: a bin of 3 beside a bin of 300,000 still shows"));
        logCounts.setMinWidth(Region.USE_PREF_SIZE);

        resetZoom.getStyleClass().add("histogram-reset-zoom");
        resetZoom.disableProperty().bind(plot.zoomRangeProperty().isNull());
        resetZoom.setOnAction(e -> plot.setZoomRange(null));
        resetZoom.setTooltip(PlotSurface.tip("Back to the full range (or double-click the plot, or press Esc in it)"));
        resetZoom.setMinWidth(Region.USE_PREF_SIZE);

        HBox toolbar = new HBox(10, binsLabel, bins, logCounts, resetZoom);
        toolbar.getStyleClass().add("histogram-toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(plot, Priority.ALWAYS);
        getChildren().addAll(toolbar, plot);
    }

    /** The plot, for its properties (bins, zoom, busy, what it shows). */
    public HistogramPlot plot() {
        return plot;
    }

    /** See {@link HistogramPlot#show}. */
    public void show(Tensor t, String label) {
        plot.show(t, label);
    }

    /** See {@link HistogramPlot#showOverlay}. */
    public void showOverlay(Tensor before, String labelBefore, Tensor after, String labelAfter) {
        plot.showOverlay(before, labelBefore, after, labelAfter);
    }

    /** See {@link HistogramPlot#showSource}. */
    public void showSource(BinSource source, String label) {
        plot.showSource(source, label);
    }

    public void clear() {
        plot.clear();
    }
}
