package dev.tensorlens.ui.plots;

/**
 * {@code plots.css}, next to this package: the look of the plots. Each plot adds it to its own stylesheets, so it looks
 * the same in any view and in a window of its own (a test, a bench) without the app having to remember a second
 * stylesheet. It only uses the AtlantaFX theme's colour variables, so light and dark both work.
 */
final class PlotStyles {

    static final String CSS = PlotStyles.class.getResource("plots.css").toExternalForm();

    private PlotStyles() {
    }
}
