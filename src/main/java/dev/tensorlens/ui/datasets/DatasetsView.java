package dev.tensorlens.ui.datasets;

import dev.tensorlens.settings.DatasetGroupsStore;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.AppView;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.SceneStyles;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.common.ViewTarget;
import javafx.scene.Node;

/**
 * The Datasets view: the dataset splits the catalogue found (or the user grouped), their sizes and overlaps (leaks),
 * the class balance of each split, and a split's members paged and edited — every removal asked first, every edit
 * undoable.
 */
public final class DatasetsView implements AppView {

    private final DatasetsModel model;
    private final DatasetsController controller;

    public DatasetsView(AppContext context, CatalogueModel catalogue, Dialogs dialogs) {
        model = new DatasetsModel(catalogue, context.session(), context.ui(), context.executors().background(),
                context.tasks(), dialogs,
                new DatasetGroupsStore(context.dirs(), context.executors().files()), context.executors().files());
        controller = new DatasetsController(model, dialogs, context.ui());
        SceneStyles.use(controller.root(), DatasetsView.class.getResource("datasets.css").toExternalForm());
    }

    /** On screen: the model starts, the first time (the catalogue walked once per connection, shared). */
    @Override
    public void shown() {
        model.start();
    }

    @Override
    public ViewId id() {
        return ViewId.DATASETS;
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
        controller.root().lookup("#datasets-search").requestFocus();
    }

    @Override
    public void open(ViewTarget target) {
        model.open(target);
    }

    public DatasetsModel model() {
        return model;
    }
}
