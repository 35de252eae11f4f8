package dev.tensorlens.ui.common;

import javafx.application.Platform;
import org.controlsfx.control.BreadCrumbBar;

import java.util.List;

/**
 * A trail of names (model › version › layer, dataset › split) in a ControlsFX {@link BreadCrumbBar}, set at most once
 * before each frame and only when the path changed. The bar makes every crumb's button anew for each path it is given
 * (a skin, styling and arrow shapes per crumb, on the FX thread), and opening one item changes its path two or three
 * times in a row (the model, then the version, then the layer cleared); a re-measured dataset gives the same path
 * again.
 */
public final class CrumbTrail {

    private final BreadCrumbBar<String> bar = new BreadCrumbBar<>();
    private List<String> shown = List.of();
    private List<String> wanted = List.of();
    private boolean queued;

    public CrumbTrail(String id) {
        bar.setId(id);
        bar.setAutoNavigationEnabled(false);
    }

    public BreadCrumbBar<String> bar() {
        return bar;
    }

    /** FX thread: the names from the root to the current step (none: an empty trail), shown before the next frame. */
    public void show(List<String> path) {
        wanted = List.copyOf(path);
        if (!queued) {
            queued = true;
            Platform.runLater(this::apply);
        }
    }

    private void apply() {
        queued = false;
        if (wanted.equals(shown)) {
            return;
        }
        shown = wanted;
        bar.setSelectedCrumb(shown.isEmpty() ? null : BreadCrumbBar.buildTreeModel(shown.toArray(String[]::new)));
    }
}
