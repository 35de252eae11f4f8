package dev.tensorlens.ui.plots;

/**
 * {@code plots.css}, next to this package: the look of the plots. Each plot puts it in the scene it joins (see
 * {@link dev.tensorlens.ui.common.SceneStyles}), so it looks the same in any view and in a window of its own (a test, a
 * bench); a view that makes plots later also names it when it is made, so the main window has it before it shows. It
 * only uses the AtlantaFX theme's colour variables, so light and dark both work.
 */
public final class PlotStyles {

    public static final String STYLESHEET = PlotStyles.class.getResource("plots.css").toExternalForm();

    private PlotStyles() {
    }
}
