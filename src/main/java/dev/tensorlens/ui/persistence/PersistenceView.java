package dev.tensorlens.ui.persistence;

import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.AppView;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.SceneStyles;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.common.ViewTarget;
import javafx.scene.Node;

import java.time.ZoneId;

/**
 * The Persistence view: whether the server's data is on disk, in plain words and in the server's own numbers, one
 * card per master; and the actions that save it (BGSAVE, SAVE, AOF rewrite, AOF on/off, the save schedule, the config
 * file), each followed until the server reports it done. Read-only profiles look and do not act.
 */
public final class PersistenceView implements AppView {

    private final PersistenceModel model;
    private final PersistenceController controller;

    public PersistenceView(AppContext context, Dialogs dialogs) {
        model = new PersistenceModel(context.session(), context.ui(), context.tasks(), dialogs,
                context.executors().timers(), ZoneId.systemDefault());
        controller = new PersistenceController(model);
        SceneStyles.use(controller.root(), PersistenceView.class.getResource("persistence.css").toExternalForm());
    }

    @Override
    public ViewId id() {
        return ViewId.PERSISTENCE;
    }

    @Override
    public Node root() {
        return controller.root();
    }

    /** A made-up card, styled and laid out with the window (see {@link PersistenceController#showPlaceholders()}). */
    @Override
    public Runnable showPlaceholders() {
        return controller.showPlaceholders();
    }

    @Override
    public void refresh() {
        model.refresh();
    }

    @Override
    public void focusSearch() {
        // nothing to search: the view is a handful of cards
    }

    @Override
    public void open(ViewTarget target) {
        // no key opens here
    }

    public PersistenceModel model() {
        return model;
    }
}
