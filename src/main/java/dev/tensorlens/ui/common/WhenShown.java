package dev.tensorlens.ui.common;

import javafx.scene.Node;

/**
 * An update of a pane made now when the pane is shown, else once it is: a pane hidden behind another mode styles and
 * lays out nothing for what arrives meanwhile (the Data view's table cells and image badges, the Models view's module
 * tree). FX thread.
 */
public final class WhenShown {

    private final Node pane;
    private final Runnable update;
    /** Whether an update was asked for while hidden. */
    private boolean stale;

    public WhenShown(Node pane, Runnable update) {
        this.pane = pane;
        this.update = update;
        pane.visibleProperty().addListener((obs, old, shownNow) -> {
            if (shownNow && stale) {
                run();
            }
        });
    }

    /** Runs the update now when the pane is shown, else once it shows (once, however often asked meanwhile). */
    public void request() {
        if (pane.isVisible()) {
            run();
        } else {
            stale = true;
        }
    }

    private void run() {
        stale = false;
        update.run();
    }
}
