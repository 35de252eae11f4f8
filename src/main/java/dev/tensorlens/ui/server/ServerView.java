package dev.tensorlens.ui.server;

import dev.tensorlens.ui.common.AppView;
import dev.tensorlens.ui.common.Fxml;
import dev.tensorlens.ui.common.Navigator;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.UiExecutor;
import dev.tensorlens.ui.common.ViewId;
import javafx.scene.Node;

/** The server view: what INFO, DBSIZE and ROLE say about the connected server. */
public final class ServerView implements AppView {

    private final ServerModel model;
    private final Node root;
    private final ServerController controller;

    public ServerView(SessionModel session, UiExecutor ui, Navigator navigator) {
        model = new ServerModel(session, ui);
        controller = new ServerController(model, navigator);
        root = Fxml.load(ServerView.class, "ServerView.fxml", controller);
    }

    /** The first time the view is on screen: the figures are fetched, now and on every connection after. */
    @Override
    public void shown() {
        model.start();
    }

    @Override
    public ViewId id() {
        return ViewId.SERVER;
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void refresh() {
        model.refresh();
    }

    @Override
    public void focusSearch() {
        controller.focusFilter();
    }

    public ServerModel model() {
        return model;
    }
}
