package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.image.ColorMap;
import dev.tensorlens.tensor.image.ColorScale;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

import java.util.Arrays;
import java.util.Locale;

/**
 * The legend of a heatmap: its colour table as a vertical bar, high end on top, with the values of the top, the
 * middle (0 on a diverging map) and the bottom beside it, and a NaN swatch when the data has NaN. When some values
 * lie beyond an end of the scale (a clamp, or ±Inf), a triangle in that end's colour points out of the bar there,
 * as matplotlib's {@code extend='both'} colour bars do: those values are drawn in the end colour.
 */
public final class ColorBar extends Region {

    static final double BAR_WIDTH = 14;
    static final double GAP = 6;
    /** Height of the triangle that marks values beyond an end. */
    static final double BEYOND = 7;
    /** The widest text {@link #number} gives. */
    static final String WIDEST_NUMBER = "-8.88e+888";

    private final ImageView bar = new ImageView();
    private final Label high = label("color-bar-high");
    private final Label middle = label("color-bar-middle");
    private final Label low = label("color-bar-low");
    private final Rectangle nanSwatch = new Rectangle(BAR_WIDTH, 10);
    private final Label nanLabel = label("color-bar-nan");
    private final Polygon above = new Polygon(0, BEYOND, BAR_WIDTH / 2, 0, BAR_WIDTH, BEYOND);
    private final Polygon below = new Polygon(0, 0, BAR_WIDTH / 2, BEYOND, BAR_WIDTH, 0);
    private ColorMap shownMap;
    private ColorScale scale;

    public ColorBar() {
        getStyleClass().add("color-bar");
        bar.setSmooth(false);
        bar.setPreserveRatio(false);
        nanSwatch.setFill(Color.rgb(ColorMap.NAN_ARGB >> 16 & 0xFF, ColorMap.NAN_ARGB >> 8 & 0xFF,
                ColorMap.NAN_ARGB & 0xFF));
        nanLabel.setText("NaN");
        above.getStyleClass().addAll("color-bar-beyond", "color-bar-above");
        below.getStyleClass().addAll("color-bar-beyond", "color-bar-below");
        getChildren().addAll(bar, above, below, high, middle, low, nanSwatch, nanLabel);
        show(null, false);
    }

    private static Label label(String styleClass) {
        Label l = new Label();
        l.getStyleClass().add(styleClass);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** Shows {@code scale} (nothing when null), with the NaN swatch when {@code hasNan}. */
    public void show(ColorScale scale, boolean hasNan) {
        show(scale, hasNan, false, false);
    }

    /**
     * Shows {@code scale} (nothing when null), with the NaN swatch when {@code hasNan}, and the marks of values below
     * its low end and above its high end.
     */
    public void show(ColorScale scale, boolean hasNan, boolean beyondLow, boolean beyondHigh) {
        this.scale = scale;
        above.setVisible(scale != null && beyondHigh);
        below.setVisible(scale != null && beyondLow);
        if (scale != null) {
            above.setFill(colour(scale.map().argb(ColorMap.SIZE - 1)));
            below.setFill(colour(scale.map().argb(0)));
        }
        boolean any = scale != null;
        bar.setVisible(any);
        high.setVisible(any);
        middle.setVisible(any);
        low.setVisible(any);
        nanSwatch.setVisible(any && hasNan);
        nanLabel.setVisible(any && hasNan);
        if (any) {
            if (scale.map() != shownMap) {
                shownMap = scale.map();
                bar.setImage(null); // drawn for the bar's size in the next layout pass
            }
            high.setText(number(scale.high()));
            middle.setText(number(scale.middle()));
            low.setText(number(scale.low()));
        }
        requestLayout();
    }

    public ColorScale scale() {
        return scale;
    }

    /** Whether the marks of values beyond the low and the high end are shown, for tests. */
    boolean[] beyond() {
        return new boolean[] {below.isVisible(), above.isVisible()};
    }

    private static Color colour(int argb) {
        return Color.rgb(argb >> 16 & 0xFF, argb >> 8 & 0xFF, argb & 0xFF);
    }

    /** The text of the top, middle and bottom labels, for tests. */
    String[] labels() {
        return new String[] {high.getText(), middle.getText(), low.getText()};
    }

    /**
     * The table as an image of exactly {@code width × height} device pixels, top row = high end, each row the
     * table's entry at its height. Drawn at the bar's own size rather than scaled up from one pixel per entry: an
     * enlarged image is always filtered in JavaFX 21 ({@code setSmooth(false)} is ignored), which blurred the bar's
     * ends into the background.
     */
    static WritableImage table(ColorMap map, int width, int height) {
        int[] colours = map.table();
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            int entry = height == 1 ? colours.length - 1
                    : (int) Math.round((colours.length - 1) * (1 - y / (double) (height - 1)));
            Arrays.fill(pixels, y * width, (y + 1) * width, colours[entry]);
        }
        WritableImage image = new WritableImage(width, height);
        image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), pixels, 0, width);
        return image;
    }

    /** Three significant digits, without a trailing exponent for ordinary sizes; an exact 0 is "0". */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.2e", v);
    }

    /**
     * As wide as the widest label {@link #number} can write, whatever the scale: the heatmap beside it then keeps its
     * width when the first scale arrives, instead of being pooled a second time a few pixels narrower.
     */
    @Override
    protected double computePrefWidth(double height) {
        Text widest = new Text(WIDEST_NUMBER);
        widest.setFont(high.getFont());
        double labels = Math.max(high.prefWidth(-1), Math.max(middle.prefWidth(-1), low.prefWidth(-1)));
        labels = Math.max(labels, widest.getLayoutBounds().getWidth() + high.getLabelPadding().getLeft()
                + high.getLabelPadding().getRight() + 2);
        Insets in = getInsets();
        return in.getLeft() + BAR_WIDTH + GAP + labels + in.getRight();
    }

    @Override
    protected double computeMinWidth(double height) {
        return computePrefWidth(height);
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double x = in.getLeft();
        double top = in.getTop();
        double labelHeight = high.prefHeight(-1);
        boolean nan = nanSwatch.isVisible();
        double nanRoom = nan ? labelHeight + GAP : 0;
        // room for the marks of values beyond the ends is always kept, so the bar does not move when they come
        double barTop = top + Math.max(labelHeight / 2, BEYOND + 1);
        double barHeight = Math.max(0, getHeight() - in.getBottom() - Math.max(labelHeight / 2, BEYOND + 1)
                - nanRoom - barTop);
        barHeight = Math.floor(barHeight);
        double scaleX = getScene() != null && getScene().getWindow() != null ? getScene().getWindow().getRenderScaleX() : 1;
        double scaleY = getScene() != null && getScene().getWindow() != null ? getScene().getWindow().getRenderScaleY() : 1;
        int pixelsWide = (int) Math.round(BAR_WIDTH * scaleX);
        int pixelsHigh = (int) Math.round(barHeight * scaleY);
        if (shownMap != null && pixelsHigh > 0 && (bar.getImage() == null || bar.getImage().getHeight() != pixelsHigh
                || bar.getImage().getWidth() != pixelsWide)) {
            bar.setImage(table(shownMap, pixelsWide, pixelsHigh));
        }
        bar.setFitWidth(BAR_WIDTH);
        bar.setFitHeight(barHeight);
        bar.relocate(snapPositionX(x), snapPositionY(barTop));
        above.relocate(x, barTop - BEYOND - 1);
        below.relocate(x, barTop + barHeight + 1);
        double labelX = x + BAR_WIDTH + GAP;
        double labelWidth = Math.max(0, getWidth() - in.getRight() - labelX);
        layoutInArea(high, labelX, barTop - labelHeight / 2, labelWidth, labelHeight, 0, null,
                HPos.LEFT, VPos.CENTER);
        layoutInArea(middle, labelX, barTop + barHeight / 2 - labelHeight / 2, labelWidth, labelHeight, 0, null,
                HPos.LEFT, VPos.CENTER);
        layoutInArea(low, labelX, barTop + barHeight - labelHeight / 2, labelWidth, labelHeight, 0, null,
                HPos.LEFT, VPos.CENTER);
        double nanY = barTop + barHeight + Math.max(labelHeight / 2, BEYOND + 1) + GAP;
        nanSwatch.relocate(x, nanY + (labelHeight - nanSwatch.getHeight()) / 2);
        layoutInArea(nanLabel, labelX, nanY, labelWidth, labelHeight, 0, null, HPos.LEFT, VPos.CENTER);
    }
}
