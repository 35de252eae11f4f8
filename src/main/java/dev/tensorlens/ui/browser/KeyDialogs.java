package dev.tensorlens.ui.browser;

import dev.tensorlens.ui.common.Format;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.util.Optional;

/** The browser's questions to the user before a change: small modal dialogs over the main window. */
final class KeyDialogs {

    private final Node owner;

    KeyDialogs(Node owner) {
        this.owner = owner;
    }

    /** "Delete this key?" — the default button is Cancel, so Enter alone never deletes. */
    boolean confirmDelete(String key) {
        return confirm("delete-dialog", "Delete key", "Delete " + key + "?",
                "The key is removed with UNLINK. This cannot be undone.", "Delete");
    }

    boolean confirmDeleteFolder(String prefix, int count) {
        return confirm("delete-folder-dialog", "Delete folder", "Delete " + Format.count(count)
                        + (count == 1 ? " key" : " keys") + " under " + prefix + "?",
                "These are the keys this listing holds under the folder (with its filters); keys the listing does not "
                        + "show are left alone. They are removed with UNLINK in batches of 500, with progress, and you "
                        + "can stop between batches. This cannot be undone.", "Delete " + Format.count(count) + " keys");
    }

    boolean confirmOverwrite(String target) {
        return confirm("overwrite-dialog", "Rename", "A key named " + target + " exists.",
                "Replace it? Its value is lost.", "Replace");
    }

    /**
     * Turning keyspace notifications on: what it changes on the server, in words, before it is done.
     */
    boolean confirmNotifications(String flags) {
        return confirm("notifications-dialog", "Live updates", "Turn on keyspace notifications?",
                "Live updates need the server's keyspace notifications, which are "
                        + (flags == null || flags.isBlank() ? "off" : "set to \"" + flags + "\"") + " now. "
                        + "Tensorlens would run CONFIG SET notify-keyspace-events, adding K and A to what is set: "
                        + "from then on every write on this server also publishes a small pub/sub message, which costs "
                        + "the server a little CPU and bandwidth. It is not saved to redis.conf; a restart turns it "
                        + "back off.", "Turn on");
    }

    private boolean confirm(String id, String title, String header, String content, String action) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(owner.getScene().getWindow());
        alert.setTitle(title);
        alert.setHeaderText(header);
        alert.setContentText(content);
        alert.getDialogPane().setId(id);
        ButtonType go = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(ButtonType.CANCEL, go);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(go)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return alert.showAndWait().filter(go::equals).isPresent();
    }

    /** The new name, prefilled with the old one; empty when cancelled or unchanged. */
    Optional<String> askNewName(String key) {
        TextInputDialog dialog = new TextInputDialog(key);
        dialog.initOwner(owner.getScene().getWindow());
        dialog.setTitle("Rename key");
        dialog.setHeaderText("Rename " + key);
        dialog.setContentText("New name:");
        dialog.getDialogPane().setId("rename-dialog");
        dialog.getEditor().setPrefColumnCount(36);
        return dialog.showAndWait().map(String::strip).filter(name -> !name.isEmpty() && !name.equals(key));
    }

    /**
     * The new TTL: {@code Optional.of(Optional.empty())} removes the expiry; empty when cancelled. Invalid text keeps
     * the dialog open with a reason.
     */
    Optional<Optional<Duration>> askTtl(String key, String current) {
        Dialog<Optional<Duration>> dialog = new Dialog<>();
        dialog.initOwner(owner.getScene().getWindow());
        dialog.setTitle("Time to live");
        dialog.setHeaderText("Expiry of " + key + (current == null ? "" : " (now: " + current + ")"));
        dialog.getDialogPane().setId("ttl-dialog");
        TextField field = new TextField();
        field.setId("ttl-field");
        field.setPromptText("90s, 15m, 2h, 1d — empty: never expires");
        Label problem = new Label();
        problem.getStyleClass().add("error-text");
        ButtonType set = new ButtonType("Set", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, set);
        dialog.getDialogPane().setContent(new VBox(8, new Label("Expire after:"), field, problem));
        var setButton = dialog.getDialogPane().lookupButton(set);
        field.textProperty().addListener((obs, old, text) -> {
            boolean ok = text.isBlank() || KeyActions.parseTtl(text).isPresent();
            problem.setText(ok ? "" : "Write a number with a unit: 500ms, 90s, 15m, 2h, 1d.");
            setButton.setDisable(!ok);
        });
        dialog.setResultConverter(button -> button == set
                ? (field.getText().isBlank() ? Optional.empty() : KeyActions.parseTtl(field.getText())) : null);
        javafx.application.Platform.runLater(field::requestFocus);
        return dialog.showAndWait();
    }
}
