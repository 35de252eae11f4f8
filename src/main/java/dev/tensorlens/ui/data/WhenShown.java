package dev.tensorlens.ui.data;

import javafx.scene.Node;

/**
 * An update of a pane made now when the pane is shown, else once it is: a pane hidden behind another preview mode
 * styles and lays out nothing for pages that arrive meanwhile (a table's cells, an image grid's badges).
 */
final class WhenShown {

    private final Node pane;
    private final Runnable update;
    /** Whether an update was asked for while hidden. */
    private boolean stale;

    WhenShown(Node pane, Runnable update) {
        this.pane = pane;
        this.update = update;
        pane.visibleProperty().addListener((obs, old, shownNow) -> {
            if (shownNow && stale) {
                run();
            }
        });
    }

    void request() {
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
