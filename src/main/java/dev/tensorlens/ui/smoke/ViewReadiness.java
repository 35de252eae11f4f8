package dev.tensorlens.ui.smoke;

import dev.tensorlens.ui.common.ViewId;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;

import java.util.function.Predicate;

/**
 * What each view shows once it has drawn its main content on the demo data: the same nodes the screenshot test
 * looks for, read through the ids the views give them. Checked on the FX thread, on the view's root.
 */
record ViewReadiness(String waitingFor, Predicate<Node> drawn) {

    static ViewReadiness of(ViewId id) {
        return switch (id) {
            case BROWSER -> new ViewReadiness("the key table to list the demo keys",
                    view -> view.lookup("#key-table") instanceof TableView<?> keys && shown(keys)
                            && !keys.getItems().isEmpty());
            case MODELS -> new ViewReadiness("the newest checkpoint's layer table",
                    view -> view.lookup("#layer-table") instanceof TableView<?> layers && shown(layers)
                            && !layers.getItems().isEmpty());
            case DATA -> new ViewReadiness("the first cached batch drawn as an image grid",
                    view -> shown(view.lookup("#data-images-grid")) && view.lookup(".image-badge") != null);
            // the first dataset opens by itself; its leakage section fills once the splits are measured
            case DATASETS -> new ViewReadiness("the first dataset measured (its leakage report)",
                    view -> view.lookup("#leaks") instanceof Parent leaks && shown(leaks)
                            && !leaks.getChildrenUnmodifiable().isEmpty());
            case PERSISTENCE -> new ViewReadiness("the server's persistence card with its verdict",
                    view -> shown(view.lookup(".master-card")) && view.lookup(".verdict") instanceof Label verdict
                            && !verdict.getText().isBlank());
            case SERVER -> new ViewReadiness("the server's stat cards",
                    view -> view.lookup("#stat-keys") instanceof Label keys && shown(keys)
                            && view.lookupAll(".stat-card").size() > 3);
        };
    }

    /** In a scene, and neither it nor any parent hidden: drawn, not merely built. */
    static boolean shown(Node node) {
        if (node == null || node.getScene() == null) {
            return false;
        }
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
