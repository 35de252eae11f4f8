package dev.tensorlens.ui.connect;

import dev.tensorlens.redis.ConnectionCheck;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.settings.ProfileStore;
import dev.tensorlens.ui.common.Fxml;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.function.Consumer;

/** The connection manager window: saved profiles on the left, the selected one's settings on the right. */
public final class ConnectDialog {

    private final Stage stage = new Stage();
    private final ConnectModel model;

    public ConnectDialog(Window owner, ProfileStore store, UiExecutor ui, String preferredProfileId,
                         Consumer<ConnectionProfile> onConnect) {
        model = new ConnectModel(store, ui, ConnectionCheck::run);
        model.load(preferredProfileId);
        ConnectController controller = new ConnectController(model, onConnect, stage::close);
        Scene scene = new Scene(Fxml.load(ConnectDialog.class, "ConnectView.fxml", controller));
        scene.getStylesheets().add(Themes.APP_CSS);
        stage.setScene(scene);
        stage.setTitle("Connections — Tensorlens");
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setOnHidden(e -> model.cancelTest());
    }

    public ConnectModel model() {
        return model;
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
        stage.requestFocus();
    }
}
