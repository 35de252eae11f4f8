package dev.tensorlens.ui.data;

import dev.tensorlens.tensor.image.ImageGrid;
import dev.tensorlens.ui.plots.LatestJob;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;

/**
 * A grid of images, or one image, scaled to fit (nearest neighbour, so pixels stay square and sharp), with an
 * optional badge on each tile (its label). Tells which tile and which pixel of it is under a point.
 */
final class ImageGridView extends Region {

    private final ImageView image = new ImageView();
    private final List<Label> badges = new ArrayList<>();
    /** Makes the enlarged pixels off the FX thread: the latest grid and scale asked for wins. */
    private final LatestJob<WritableImage> enlarging;
    /** The grid on screen, with its badges: it changes when its pixels are made. */
    private ImageGrid grid;
    /** The grid asked for last ({@link #show}), and its badges; its pixels are being made, or shown. */
    private ImageGrid wanted;
    private IntFunction<String> wantedBadges;
    /** The whole-number enlargement asked for last for {@link #wanted} (0: none yet), and the one on screen. */
    private int wantedScale;
    private int shownScale;

    /** @param background where the pixels are enlarged: any executor but the FX thread's */
    ImageGridView(Executor background) {
        getStyleClass().add("image-grid-view");
        image.setSmooth(false);
        image.setPreserveRatio(true);
        getChildren().add(image);
        enlarging = new LatestJob<>(this, background);
    }

    /**
     * Shows {@code g} with {@code badge.apply(i)} on tile i (null: no badge), once its pixels are made (off the FX
     * thread; the grid before stays until then, its badges with it). Null empties the view at once.
     */
    void show(ImageGrid g, IntFunction<String> badge) {
        wanted = g;
        wantedBadges = badge;
        if (g == null) {
            enlarging.cancel();
            wantedScale = 0;
            showNow(null, null, 0, null);
        } else if (g == grid) {
            enlarging.cancel(); // the grid on screen, other badges: its pixels stay
            wantedScale = shownScale;
            showNow(g, image.getImage(), shownScale, badge);
        } else {
            wantedScale = 0;
            requestLayout(); // the layout asks for the pixels at the scale the view's size gives
        }
    }

    /** The grid, its pixels and its badges on screen together. */
    private void showNow(ImageGrid g, Image pixels, int scale, IntFunction<String> badge) {
        grid = g;
        image.setImage(pixels);
        shownScale = scale;
        int count = g == null || badge == null ? 0 : g.count();
        // badges are kept and relabelled from page to page: 64 new labels a page would each be styled and laid out
        while (badges.size() > count) {
            getChildren().remove(badges.remove(badges.size() - 1));
        }
        while (badges.size() < count) {
            Label b = new Label();
            b.getStyleClass().add("image-badge");
            b.setMouseTransparent(true);
            badges.add(b);
            getChildren().add(b);
        }
        for (int i = 0; i < count; i++) {
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

    /** Screen pixels per image pixel of the grid on screen. */
    double scale() {
        return scale(grid);
    }

    private double scale(ImageGrid g) {
        if (g == null || getWidth() <= 0 || getHeight() <= 0) {
            return 1;
        }
        double s = Math.min(getWidth() / g.width(), getHeight() / g.height());
        // whole multiples when enlarging: a 28-pixel digit drawn 5.3 times over would have uneven pixels
        return s >= 1 ? Math.max(1, Math.floor(s)) : s;
    }

    @Override
    protected void layoutChildren() {
        if (wanted != null) {
            double ws = scale(wanted);
            int whole = ws >= 1 ? (int) ws : 1;
            if (whole != wantedScale) {
                // a new grid, or a new size: its pixels made again, the image on screen scaled meanwhile
                wantedScale = whole;
                ImageGrid g = wanted;
                IntFunction<String> badge = wantedBadges;
                enlarging.start(stale -> enlarged(g, whole), pixels -> showNow(g, pixels, whole, badge),
                        failed -> { }); // out of memory for the pixels: the grid before stays
            }
        }
        if (grid == null) {
            return;
        }
        double s = scale();
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
