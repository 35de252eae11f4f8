package dev.tensorlens.ui.models;

import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.AppView;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.SceneStyles;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.common.ViewTarget;
import dev.tensorlens.ui.plots.PlotStyles;
import javafx.scene.Node;

/**
 * The Models view: the checkpoints the catalogue found, a checkpoint's layers with their statistics, plots of one
 * layer, the comparison of two versions and a layer's history across versions.
 */
public final class ModelsView implements AppView {

    private final ModelsModel model;
    private final ModelsController controller;

    public ModelsView(AppContext context, CatalogueModel catalogue, Dialogs dialogs) {
        model = new ModelsModel(catalogue, context.session(), context.ui(), context.executors().background(),
                context.tasks());
        controller = new ModelsController(model, dialogs, context.executors().background());
        SceneStyles.use(controller.root(), ModelsView.class.getResource("models.css").toExternalForm());
        SceneStyles.use(controller.root(), PlotStyles.STYLESHEET); // plots made as they are opened
    }

    /** On screen: the model starts, the first time (the catalogue walked once per connection, shared). */
    @Override
    public void shown() {
        model.start();
    }

    /** The layer table's cells, made with the window (see {@link LayerTable#showPlaceholders()}). */
    @Override
    public Runnable showPlaceholders() {
        return controller.showPlaceholders();
    }

    @Override
    public ViewId id() {
        return ViewId.MODELS;
    }

    @Override
    public Node root() {
        return controller.root();
    }

    @Override
    public void refresh() {
        model.refresh();
    }

    @Override
    public void focusSearch() {
        controller.focusSearch();
    }

    @Override
    public void open(ViewTarget target) {
        model.open(target);
    }

    public ModelsModel model() {
        return model;
    }
}
