package dev.tensorlens.ui.plots;

import javafx.scene.Node;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.StrokeType;

import java.util.List;

/**
 * The outline a heatmap draws around the cell under the mouse: two rectangles, dark outside and light inside, so it
 * shows on any colour. Left to the owner's layout ({@code managed} false) and never in the mouse's way.
 */
final class HoverOutline {

    private final Rectangle outer = new Rectangle();
    private final Rectangle inner = new Rectangle();

    HoverOutline() {
        for (Rectangle r : List.of(outer, inner)) {
            r.setManaged(false);
            r.setMouseTransparent(true);
            r.setVisible(false);
            r.setFill(null);
            r.setStrokeType(StrokeType.INSIDE);
        }
        outer.getStyleClass().add("heatmap-hover-outer");
        inner.getStyleClass().add("heatmap-hover-inner");
    }

    /** The two rectangles, to add to the owner's children above the picture. */
    List<Node> nodes() {
        return List.of(outer, inner);
    }

    /** Outlines the cell at {@code (x, y)}, {@code width × height} in the owner's coordinates. */
    void show(double x, double y, double width, double height) {
        outer.setVisible(true);
        inner.setVisible(true);
        outer.setX(x);
        outer.setY(y);
        outer.setWidth(width);
        outer.setHeight(height);
        inner.setX(x + 1);
        inner.setY(y + 1);
        inner.setWidth(Math.max(0, width - 2));
        inner.setHeight(Math.max(0, height - 2));
    }

    void hide() {
        outer.setVisible(false);
        inner.setVisible(false);
    }
}
