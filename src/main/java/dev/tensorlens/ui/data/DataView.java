package dev.tensorlens.ui.data;

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
 * The Data view: the cached arrays the catalogue found, and a preview of one — a table page, an image grid with the
 * labels beside it, text, and a summary of the whole array — read a page at a time.
 */
public final class DataView implements AppView {

    private final DataModel model;
    private final DataController controller;

    public DataView(AppContext context, CatalogueModel catalogue, Dialogs dialogs) {
        model = new DataModel(catalogue, context.session(), context.ui(), context.executors().background(),
                context.tasks());
        controller = new DataController(model, dialogs, context.ui(), context.executors().background(),
                context.executors().files());
        SceneStyles.use(controller.root(), DataView.class.getResource("data.css").toExternalForm());
        SceneStyles.use(controller.root(), PlotStyles.STYLESHEET); // plots made as they are opened
    }

    /** On screen: the model starts, the first time (the catalogue walked once per connection, shared). */
    @Override
    public void shown() {
        model.start();
    }

    /** The table's cells, made with the window (see {@link TablePane#showPlaceholders()}). */
    @Override
    public Runnable showPlaceholders() {
        return controller.table().showPlaceholders();
    }

    @Override
    public ViewId id() {
        return ViewId.DATA;
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

    public DataModel model() {
        return model;
    }
}
