package dev.tensorlens.ui.data;

import dev.tensorlens.tensor.image.ImageGrid;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A grid of images, or one image, scaled to fit (nearest neighbour, so pixels stay square and sharp), with an
 * optional badge on each tile (its label). Tells which tile and which pixel of it is under a point.
 */
final class ImageGridView extends Region {

    private final ImageView image = new ImageView();
    private final List<Label> badges = new ArrayList<>();
    private ImageGrid grid;
    /** The whole-number enlargement the image was made at (0: not made yet). */
    private int shownScale;

    ImageGridView() {
        getStyleClass().add("image-grid-view");
        image.setSmooth(false);
        image.setPreserveRatio(true);
        getChildren().add(image);
    }

    /** Shows {@code g} with {@code badge.apply(i)} on tile i (null: no badge). */
    void show(ImageGrid g, IntFunction<String> badge) {
        grid = g;
        shownScale = 0;
        image.setImage(null);
        int wanted = g == null || badge == null ? 0 : g.count();
        // badges are kept and relabelled from page to page: 64 new labels a page would each be styled and laid out
        while (badges.size() > wanted) {
            getChildren().remove(badges.remove(badges.size() - 1));
        }
        while (badges.size() < wanted) {
            Label b = new Label();
            b.getStyleClass().add("image-badge");
            b.setMouseTransparent(true);
            badges.add(b);
            getChildren().add(b);
        }
        for (int i = 0; i < wanted; i++) {
            String text = badge.apply(i);
            badges.get(i).setText(text == null ? "" : text);
            badges.get(i).setVisible(text != null);
        }
        requestLayout();
    }

    /**
     * The grid with each pixel drawn as a {@code k×k} block: ImageView's own scaling smooths under the software
     * pipeline whatever {@code smooth} says, and a 28-pixel digit should show its pixels. Bounded by the view's size.
     * The image wraps the pixels in the renderer's own format (premultiplied ARGB, each source pixel premultiplied
     * once): set as plain ARGB they were converted pixel by pixel on the FX thread, 60 ms for a big view.
     */
    private static WritableImage enlarged(ImageGrid g, int k) {
        int w = g.width() * k;
        int h = g.height() * k;
        int[] in = g.argb();
        int[] out = new int[w * h];
        for (int y = 0; y < g.height(); y++) {
            int row = y * k * w;
            for (int x = 0; x < g.width(); x++) {
                int at = row + x * k;
                int pixel = premultiplied(in[y * g.width() + x]);
                if (k == 1) {
                    out[at] = pixel;
                } else {
                    Arrays.fill(out, at, at + k, pixel);
                }
            }
            for (int copy = 1; copy < k; copy++) {
                System.arraycopy(out, row, out, row + copy * w, w);
            }
        }
        return new WritableImage(new PixelBuffer<>(w, h, IntBuffer.wrap(out), PixelFormat.getIntArgbPreInstance()));
    }

    static int premultiplied(int argb) {
        int a = argb >>> 24;
        if (a == 0xFF) {
            return argb;
        }
        int r = (((argb >> 16) & 0xFF) * a + 127) / 255; // rounded, as JavaFX's own conversion does
        int g = (((argb >> 8) & 0xFF) * a + 127) / 255;
        int b = ((argb & 0xFF) * a + 127) / 255;
        return (a << 24) | (r << 16) | (g << 8) | b;
    }

    ImageGrid grid() {
        return grid;
    }

    List<Label> badges() {
        return badges;
    }

    /** Screen pixels per image pixel. */
    double scale() {
        if (grid == null || getWidth() <= 0 || getHeight() <= 0) {
            return 1;
        }
        double s = Math.min(getWidth() / grid.width(), getHeight() / grid.height());
        // whole multiples when enlarging: a 28-pixel digit drawn 5.3 times over would have uneven pixels
        return s >= 1 ? Math.max(1, Math.floor(s)) : s;
    }

    @Override
    protected void layoutChildren() {
        if (grid == null) {
            return;
        }
        double s = scale();
        int whole = s >= 1 ? (int) s : 1;
        if (whole != shownScale) {
            image.setImage(enlarged(grid, whole));
            shownScale = whole;
        }
        image.setFitWidth(grid.width() * s);
        image.setFitHeight(grid.height() * s);
        image.relocate(0, 0);
        int b = 0;
        for (int i = 0; i < grid.count() && b < badges.size(); i++, b++) {
            Label badge = badges.get(b);
            badge.autosize();
            badge.relocate(grid.tileX(i) * s + 2, grid.tileY(i) * s + 2);
            badge.setAlignment(Pos.TOP_LEFT);
        }
    }

    /** The tile under a point of this view, -1 for none (padding, outside). */
    int tileAt(double x, double y) {
        if (grid == null) {
            return -1;
        }
        double s = scale();
        return grid.tileAt((int) Math.floor(x / s), (int) Math.floor(y / s));
    }

    /** {row, col} of the image pixel under a point, inside tile {@code tile}; null when not on it. */
    int[] pixelAt(int tile, double x, double y) {
        if (grid == null || tile < 0) {
            return null;
        }
        double s = scale();
        int col = (int) Math.floor(x / s) - grid.tileX(tile);
        int row = (int) Math.floor(y / s) - grid.tileY(tile);
        if (row < 0 || col < 0 || row >= grid.tileHeight() || col >= grid.tileWidth()) {
            return null;
        }
        return new int[] {row, col};
    }

    @Override
    protected double computePrefWidth(double height) {
        return 480;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 480;
    }
}
