package dev.tensorlens.ui.plots;

import javafx.css.CssMetaData;
import javafx.css.FontCssMetaData;
import javafx.css.SimpleStyleableObjectProperty;
import javafx.css.StyleConverter;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The colours and the font a plot paints its canvas with. A canvas takes no CSS, so each colour is a styleable
 * property of the plot ({@code -tl-plot-series-1} …) that {@code plots.css} sets from the AtlantaFX theme's colour
 * variables, and the font is the inherited {@code -fx-font}. When the theme changes, CSS sets them again and the plot
 * redraws: light and dark both read well without a line of theme code in the plots. The same names are looked-up
 * colours for the plot's children too (a legend swatch uses {@code -tl-plot-series-2}).
 *
 * <p>The defaults (used before CSS is applied, or without a theme) are PrimerLight's.
 */
final class PlotPalette {

    /** What a colour is for. */
    enum Role {
        /** The data, or the first of two series. */
        SERIES_1("-tl-plot-series-1", Color.web("#0969da")),
        /** The second series of an overlay. */
        SERIES_2("-tl-plot-series-2", Color.web("#bf8700")),
        /** Tick labels and axis titles. */
        TEXT("-tl-plot-text", Color.web("#57606a")),
        /** Axis lines and the zero baseline. */
        AXIS("-tl-plot-axis", Color.web("#8c959f")),
        /** Grid lines behind the data. */
        GRID("-tl-plot-grid", Color.web("#d8dee4")),
        /** NaN, ±Inf, a flagged layer. */
        DANGER("-tl-plot-danger", Color.web("#cf222e")),
        /** The selected bar. */
        SELECTED("-tl-plot-selected", Color.web("#24292f")),
        /** The band behind what the mouse or the keyboard points at, and a zoom being dragged. */
        HIGHLIGHT("-tl-plot-highlight", Color.rgb(84, 174, 255, 0.4)),
        /** A value not computed yet. */
        PLACEHOLDER("-tl-plot-placeholder", Color.rgb(175, 184, 193, 0.35));

        final String property;
        final Color initial;

        Role(String property, Color initial) {
            this.property = property;
            this.initial = initial;
        }
    }

    private static final Map<Role, CssMetaData<PlotSurface, Color>> COLOR_META = new EnumMap<>(Role.class);
    private static final CssMetaData<PlotSurface, Font> FONT_META =
            new FontCssMetaData<>("-fx-font", Font.getDefault()) {
                @Override
                public boolean isSettable(PlotSurface plot) {
                    return !plot.palette().font.isBound();
                }

                @Override
                public StyleableProperty<Font> getStyleableProperty(PlotSurface plot) {
                    return plot.palette().font;
                }
            };

    /** The CSS properties of a plot: a region's, and the palette's. */
    static final List<CssMetaData<? extends Styleable, ?>> CSS_META_DATA;

    static {
        List<CssMetaData<? extends Styleable, ?>> all = new ArrayList<>(Region.getClassCssMetaData());
        for (Role role : Role.values()) {
            CssMetaData<PlotSurface, Color> meta = new CssMetaData<>(role.property, StyleConverter.getColorConverter(),
                    role.initial) {
                @Override
                public boolean isSettable(PlotSurface plot) {
                    return !plot.palette().colors.get(role).isBound();
                }

                @Override
                public StyleableProperty<Color> getStyleableProperty(PlotSurface plot) {
                    return plot.palette().colors.get(role);
                }
            };
            COLOR_META.put(role, meta);
            all.add(meta);
        }
        all.add(FONT_META);
        CSS_META_DATA = Collections.unmodifiableList(all);
    }

    private final Map<Role, StyleableObjectProperty<Color>> colors = new EnumMap<>(Role.class);
    private final StyleableObjectProperty<Font> font;

    /** @param changed called on the FX thread whenever CSS (or code) changes a colour or the font */
    PlotPalette(PlotSurface plot, Runnable changed) {
        for (Role role : Role.values()) {
            StyleableObjectProperty<Color> p = new SimpleStyleableObjectProperty<>(COLOR_META.get(role), plot,
                    role.property, role.initial);
            p.addListener((obs, old, now) -> changed.run());
            colors.put(role, p);
        }
        font = new SimpleStyleableObjectProperty<>(FONT_META, plot, "font", Font.getDefault());
        font.addListener((obs, old, now) -> changed.run());
    }

    Color color(Role role) {
        Color c = colors.get(role).get();
        return c == null ? role.initial : c;
    }

    /** {@code role}'s colour at {@code opacity} times its own. */
    Color color(Role role, double opacity) {
        Color c = color(role);
        return Color.color(c.getRed(), c.getGreen(), c.getBlue(), c.getOpacity() * opacity);
    }

    /** The theme's font: what the plot's labels use. */
    Font font() {
        Font f = font.get();
        return f == null ? Font.getDefault() : f;
    }

    /** The font of tick labels: the theme's family, a little smaller. */
    Font smallFont() {
        Font f = font();
        return Font.font(f.getFamily(), Math.max(9, Math.round(f.getSize() * 0.86)));
    }
}
