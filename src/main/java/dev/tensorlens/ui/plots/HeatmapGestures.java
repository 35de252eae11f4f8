package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.Viewport;
import javafx.geometry.Point2D;
import javafx.scene.Cursor;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

/**
 * Zooming and panning a {@link Heatmap} with the mouse and the keys: the wheel and {@code +} / {@code -} zoom (the
 * wheel around the pointer, the keys around the middle), dragging and the arrow keys pan, a double click or {@code 0}
 * shows the whole grid again.
 */
final class HeatmapGestures {

    /** How much one wheel notch or one {@code +} zooms; whole pixels per cell once a cell is a pixel or more. */
    static final double ZOOM_STEP = 1.25;
    /** Wheel movement (in pixels of scroll) that makes one zoom step: a notch is 40 on most systems. */
    static final double WHEEL_NOTCH = 40;

    private final Heatmap map;
    private final ImageView picture;
    private double wheel;
    private double pressX;
    private double pressY;
    private Viewport pressViewport;

    private HeatmapGestures(Heatmap map, ImageView picture) {
        this.map = map;
        this.picture = picture;
    }

    /** Listens to the heatmap's keys and wheel and to the mouse on its picture. */
    static void attach(Heatmap map, ImageView picture) {
        HeatmapGestures g = new HeatmapGestures(map, picture);
        picture.addEventHandler(MouseEvent.MOUSE_PRESSED, g::pressed);
        picture.addEventHandler(MouseEvent.MOUSE_DRAGGED, g::dragged);
        picture.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            g.pressViewport = null;
            picture.setCursor(null);
        });
        picture.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                map.resetView();
            }
        });
        map.addEventHandler(ScrollEvent.SCROLL, g::scrolled);
        map.addEventHandler(KeyEvent.KEY_PRESSED, g::keyPressed);
    }

    /**
     * A mouse wheel zooms one step per event (a notch), whatever its delta (40 pixels on Windows and GTK, 1 under
     * Monocle); a touchpad's scroll gesture (touch points, or its inertia) sends many small deltas, which add up to a
     * step per {@link #WHEEL_NOTCH} pixels. Turned away from the user (positive deltaY) zooms in.
     */
    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() == 0 || map.shownProperty().get() == null) {
            return;
        }
        double steps;
        if (e.getTouchCount() == 0 && !e.isInertia()) {
            steps = Math.signum(e.getDeltaY());
        } else {
            wheel += e.getDeltaY();
            steps = wheel / WHEEL_NOTCH;
            if (Math.abs(steps) < 0.5) {
                e.consume();
                return;
            }
        }
        wheel = 0;
        Point2D p = picture.sceneToLocal(e.getSceneX(), e.getSceneY());
        map.zoom(Math.pow(ZOOM_STEP, Math.max(-4, Math.min(4, Math.round(steps)))), clampX(p.getX()), clampY(p.getY()));
        e.consume();
    }

    private double clampX(double x) {
        return Math.max(0, Math.min(x, picture.getFitWidth() - 1e-6));
    }

    private double clampY(double y) {
        return Math.max(0, Math.min(y, picture.getFitHeight() - 1e-6));
    }

    private void keyPressed(KeyEvent e) {
        Grid g = map.getGrid();
        if (g == null || map.shownProperty().get() == null) {
            return;
        }
        Viewport v = map.effectiveViewport(g);
        int rowStep = Math.max(1, v.rows() / 8);
        int colStep = Math.max(1, v.cols() / 8);
        double cx = picture.getFitWidth() / 2;
        double cy = picture.getFitHeight() / 2;
        switch (e.getCode()) {
            case PLUS, ADD, EQUALS -> map.zoom(ZOOM_STEP, cx, cy);
            case MINUS, SUBTRACT -> map.zoom(1 / ZOOM_STEP, cx, cy);
            case DIGIT0, NUMPAD0 -> map.resetView();
            case LEFT -> map.pan(0, -colStep);
            case RIGHT -> map.pan(0, colStep);
            case UP -> map.pan(-rowStep, 0);
            case DOWN -> map.pan(rowStep, 0);
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void pressed(MouseEvent e) {
        map.requestFocus();
        if (e.getButton() == MouseButton.PRIMARY) {
            pressX = e.getX();
            pressY = e.getY();
            pressViewport = map.viewportProperty().get();
        }
    }

    /** Drags the grid along with the mouse, in whole cells from where the drag began. */
    private void dragged(MouseEvent e) {
        Grid g = map.getGrid();
        if (pressViewport == null || g == null || map.shownProperty().get() == null) {
            return;
        }
        picture.setCursor(Cursor.CLOSED_HAND);
        double cellW = picture.getFitWidth() / pressViewport.cols();
        double cellH = picture.getFitHeight() / pressViewport.rows();
        int dCols = (int) Math.round(-(e.getX() - pressX) / cellW);
        int dRows = (int) Math.round(-(e.getY() - pressY) / cellH);
        map.viewportProperty().set(pressViewport.panned(dRows, dCols, g.rows(), g.cols()));
    }
}
