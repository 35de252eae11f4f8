package dev.tensorlens.ui.plots;

import dev.tensorlens.ui.common.SceneStyles;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.util.Duration;

import java.util.List;

/**
 * What every canvas plot of this package shares: a canvas that fills the room left by an optional row above it
 * (a legend), an optional strip at its right (counts that are not plotted) and the readout line below it; the
 * "No data" note over an empty plot; the theme's colours and font ({@link PlotPalette}); and redraws that are
 * coalesced, so a plot fed many times per second paints once per frame.
 *
 * <p>A plot takes the keyboard focus when clicked (and by Tab), and shows it with a ring ({@code plots.css}).
 * Its readout names what the mouse or the keyboard points at, in words; hosts that show it elsewhere turn the
 * line off ({@link #readoutShownProperty()}).
 */
public abstract class PlotSurface extends Region {

    static final double SIDE_GAP = 8;

    private final Canvas canvas = new Canvas();
    private final Label emptyLabel = new Label();
    private final Label readoutLabel = new Label();
    private final ReadOnlyStringWrapper readout = new ReadOnlyStringWrapper(this, "readout", "");
    private final BooleanProperty readoutShown = new SimpleBooleanProperty(this, "readoutShown", true);
    private final PlotPalette palette;
    private Node top;
    private Node side;
    private boolean drawQueued;
    /** How many times the canvas was painted: tests check that a burst of changes paints once. */
    private int paints;

    PlotSurface(String styleClass) {
        getStyleClass().addAll("plot", styleClass);
        SceneStyles.use(this, PlotStyles.STYLESHEET);
        palette = new PlotPalette(this, this::redraw);
        setFocusTraversable(true);
        canvas.getStyleClass().add("plot-canvas");
        emptyLabel.getStyleClass().add("plot-empty");
        emptyLabel.setMouseTransparent(true);
        emptyLabel.setVisible(false);
        emptyLabel.setAlignment(Pos.CENTER);
        readoutLabel.getStyleClass().add("plot-readout");
        readoutLabel.textProperty().bind(readout.getReadOnlyProperty());
        readoutLabel.setMinWidth(0);
        readoutLabel.setMaxWidth(Double.MAX_VALUE); // the whole width, so its help shows wherever the line is hovered
        readoutLabel.setTextOverrun(OverrunStyle.ELLIPSIS);
        readoutLabel.visibleProperty().bind(readoutShown);
        readoutLabel.managedProperty().bind(readoutShown);
        accessibleTextProperty().bind(readout.getReadOnlyProperty());
        getChildren().addAll(canvas, emptyLabel, readoutLabel);
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> requestFocus());
        focusedProperty().addListener((obs, old, now) -> redraw());
        readoutShown.addListener((obs, old, now) -> requestLayout());
    }

    /** What the mouse or the keyboard points at, in words; else what the plot shows. */
    public final ReadOnlyStringProperty readoutProperty() {
        return readout.getReadOnlyProperty();
    }

    /** Whether the readout line is shown below the plot (true); a host that shows it elsewhere turns it off. */
    public final BooleanProperty readoutShownProperty() {
        return readoutShown;
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return PlotPalette.CSS_META_DATA;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return getClassCssMetaData();
    }

    final PlotPalette palette() {
        return palette;
    }

    final Canvas canvas() {
        return canvas;
    }

    /**
     * How to use the plot, in a sentence: the readout line's tooltip and the plot's accessible help. (Not a tooltip
     * on the canvas, which would pop up over the data wherever the mouse rests to read a value.)
     */
    final void setHelp(String text) {
        readoutLabel.setTooltip(tip(text));
        setAccessibleHelp(text);
    }

    /** A tooltip as the plots show them: a sentence or two, wrapped, after a short rest of the mouse. */
    static Tooltip tip(String text) {
        Tooltip t = new Tooltip(text);
        t.setShowDelay(Duration.millis(500));
        t.setWrapText(true);
        t.setMaxWidth(360);
        return t;
    }

    final void setReadout(String text) {
        readout.set(text == null ? "" : text);
    }

    /** Shows {@code text} in the middle of the plot ("No data", "Computing…"); null shows none. */
    final void setEmptyText(String text) {
        emptyLabel.setText(text == null ? "" : text);
        emptyLabel.setVisible(text != null);
    }

    /** The note shown over the plot now, null when none. */
    final String emptyText() {
        return emptyLabel.isVisible() ? emptyLabel.getText() : null;
    }

    /** A row above the canvas (a legend); null for none. */
    final void setTop(Node node) {
        replace(top, node);
        top = node;
    }

    /** A strip at the right of the canvas; null for none. Hidden while not visible. */
    final void setSide(Node node) {
        replace(side, node);
        side = node;
    }

    private void replace(Node old, Node now) {
        if (old != null) {
            getChildren().remove(old);
        }
        if (now != null) {
            getChildren().add(now);
        }
        requestLayout();
    }

    /** Paints again at the next chance, once however many times it is asked before then. FX thread. */
    final void redraw() {
        if (!drawQueued) {
            drawQueued = true;
            Platform.runLater(this::drawNow);
        }
    }

    /** How many times the canvas has been painted. */
    final int paints() {
        return paints;
    }

    private void drawNow() {
        drawQueued = false;
        paints++;
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w >= 1 && h >= 1) {
            g.save();
            draw(g, w, h);
            g.restore();
        }
    }

    /** Paints the whole canvas, {@code width × height}, already cleared. FX thread. */
    abstract void draw(GraphicsContext g, double width, double height);

    /** The canvas changed size (before it is painted): a plot whose work depends on the width asks for it here. */
    void canvasResized(double width, double height) {
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double x = in.getLeft();
        double y = in.getTop();
        double w = Math.max(0, getWidth() - in.getLeft() - in.getRight());
        double h = Math.max(0, getHeight() - in.getTop() - in.getBottom());
        if (top != null && top.isVisible()) {
            double th = snapSizeY(top.prefHeight(w));
            layoutInArea(top, x, y, w, th, 0, HPos.LEFT, VPos.TOP);
            y += th;
            h = Math.max(0, h - th);
        }
        if (readoutShown.get()) {
            double rh = snapSizeY(readoutLabel.prefHeight(w));
            layoutInArea(readoutLabel, x, y + h - rh, w, rh, 0, HPos.LEFT, VPos.CENTER);
            h = Math.max(0, h - rh);
        }
        if (side != null && side.isVisible()) {
            double sw = snapSizeX(side.prefWidth(h));
            layoutInArea(side, x + w - sw, y, sw, h, 0, HPos.LEFT, VPos.TOP);
            w = Math.max(0, w - sw - SIDE_GAP);
        }
        canvas.relocate(snapPositionX(x), snapPositionY(y));
        double cw = snapSizeX(w);
        double ch = snapSizeY(h);
        layoutInArea(emptyLabel, x, y, cw, ch, 0, HPos.CENTER, VPos.CENTER);
        if (cw != canvas.getWidth() || ch != canvas.getHeight()) {
            canvas.setWidth(cw);
            canvas.setHeight(ch);
            canvasResized(cw, ch);
            drawNow();
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        return getInsets().getLeft() + 420 + getInsets().getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        return getInsets().getTop() + 240 + getInsets().getBottom();
    }

    @Override
    protected double computeMinWidth(double height) {
        return getInsets().getLeft() + 80 + getInsets().getRight();
    }

    @Override
    protected double computeMinHeight(double width) {
        return getInsets().getTop() + 60 + getInsets().getBottom();
    }
}
