package dev.tensorlens.ui.connect;

import dev.tensorlens.redis.ConnectionMode;
import dev.tensorlens.redis.ConnectionProfile;
import javafx.beans.binding.BooleanBinding;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.File;
import java.util.function.Consumer;

/** Binds the connection manager's FXML to {@link ConnectModel}. */
public final class ConnectController {

    @FXML private BorderPane root;
    @FXML private ListView<ConnectionProfile> profileList;
    @FXML private Button newButton;
    @FXML private Button deleteButton;
    @FXML private TextField nameField;
    @FXML private TextField uriField;
    @FXML private Button applyUriButton;
    @FXML private ChoiceBox<ConnectionMode> modeChoice;
    @FXML private Label hostLabel;
    @FXML private TextField hostField;
    @FXML private Label portLabel;
    @FXML private TextField portField;
    @FXML private Label sentinelMasterLabel;
    @FXML private TextField sentinelMasterField;
    @FXML private Label sentinelNodesLabel;
    @FXML private TextField sentinelNodesField;
    @FXML private Label clusterNodesLabel;
    @FXML private TextField clusterNodesField;
    @FXML private Label databaseLabel;
    @FXML private TextField databaseField;
    @FXML private TextField usernameField;
    @FXML private PasswordField passwordField;
    @FXML private CheckBox rememberPasswordCheck;
    @FXML private CheckBox tlsCheck;
    @FXML private TextField caFileField;
    @FXML private Button browseCaButton;
    @FXML private CheckBox verifyPeerCheck;
    @FXML private CheckBox readOnlyCheck;
    @FXML private TextField timeoutField;
    @FXML private Label feedbackLabel;
    @FXML private Button testButton;
    @FXML private Button saveButton;
    @FXML private Button cancelButton;
    @FXML private Button connectButton;

    private final ConnectModel model;
    private final Consumer<ConnectionProfile> onConnect;
    private final Runnable onClose;

    public ConnectController(ConnectModel model, Consumer<ConnectionProfile> onConnect, Runnable onClose) {
        this.model = model;
        this.onConnect = onConnect;
        this.onClose = onClose;
    }

    @FXML
    private void initialize() {
        profileList.setItems(model.profiles());
        profileList.setCellFactory(list -> new ProfileCell());
        profileList.setPlaceholder(new Label("No saved profiles yet"));
        profileList.getSelectionModel().selectedItemProperty().addListener((obs, old, p) -> {
            if (p != null && p != model.selectedProperty().get()) {
                model.selectedProperty().set(p);
            }
        });
        model.selectedProperty().addListener((obs, old, p) -> {
            if (p == null) {
                profileList.getSelectionModel().clearSelection();
            } else {
                profileList.getSelectionModel().select(p);
            }
        });
        if (model.selectedProperty().get() != null) {
            profileList.getSelectionModel().select(model.selectedProperty().get());
        }
        newButton.setOnAction(e -> {
            model.newProfile();
            nameField.requestFocus();
        });
        deleteButton.disableProperty().bind(model.selectedProperty().isNull());
        deleteButton.setOnAction(e -> model.deleteSelected());

        nameField.textProperty().bindBidirectional(model.nameProperty());
        uriField.textProperty().bindBidirectional(model.uriProperty());
        uriField.setOnAction(e -> {
            model.applyUri();
            e.consume(); // Enter here fills the form; it must not also press Connect
        });
        applyUriButton.setOnAction(e -> model.applyUri());
        modeChoice.getItems().setAll(ConnectionMode.values());
        modeChoice.valueProperty().bindBidirectional(model.modeProperty());
        hostField.textProperty().bindBidirectional(model.hostProperty());
        portField.textProperty().bindBidirectional(model.portProperty());
        sentinelMasterField.textProperty().bindBidirectional(model.sentinelMasterProperty());
        sentinelNodesField.textProperty().bindBidirectional(model.sentinelNodesProperty());
        clusterNodesField.textProperty().bindBidirectional(model.clusterNodesProperty());
        databaseField.textProperty().bindBidirectional(model.databaseProperty());
        usernameField.textProperty().bindBidirectional(model.usernameProperty());
        passwordField.textProperty().bindBidirectional(model.passwordProperty());
        rememberPasswordCheck.selectedProperty().bindBidirectional(model.rememberPasswordProperty());
        tlsCheck.selectedProperty().bindBidirectional(model.tlsProperty());
        caFileField.textProperty().bindBidirectional(model.caFileProperty());
        verifyPeerCheck.selectedProperty().bindBidirectional(model.verifyPeerProperty());
        readOnlyCheck.selectedProperty().bindBidirectional(model.readOnlyProperty());
        timeoutField.textProperty().bindBidirectional(model.timeoutSecondsProperty());

        caFileField.disableProperty().bind(model.tlsProperty().not());
        browseCaButton.disableProperty().bind(model.tlsProperty().not());
        verifyPeerCheck.disableProperty().bind(model.tlsProperty().not());
        browseCaButton.setOnAction(e -> chooseCaFile());

        BooleanBinding standalone = model.modeProperty().isEqualTo(ConnectionMode.STANDALONE);
        BooleanBinding sentinel = model.modeProperty().isEqualTo(ConnectionMode.SENTINEL);
        BooleanBinding cluster = model.modeProperty().isEqualTo(ConnectionMode.CLUSTER);
        showWhen(standalone, hostLabel, hostField, portLabel, portField);
        showWhen(sentinel, sentinelMasterLabel, sentinelMasterField, sentinelNodesLabel, sentinelNodesField);
        showWhen(cluster, clusterNodesLabel, clusterNodesField);
        showWhen(cluster.not(), databaseLabel, databaseField);

        model.feedbackProperty().addListener((obs, old, f) -> showFeedback(f));
        showFeedback(model.feedbackProperty().get());

        testButton.disableProperty().bind(model.testRunningProperty());
        testButton.setOnAction(e -> model.test());
        saveButton.setOnAction(e -> model.save());
        cancelButton.setOnAction(e -> {
            model.cancelTest();
            onClose.run();
        });
        connectButton.setOnAction(e -> model.profileToOpen().ifPresent(p -> {
            onConnect.accept(p);
            onClose.run();
        }));
    }

    private static void showWhen(BooleanBinding condition, Node... nodes) {
        for (Node n : nodes) {
            n.visibleProperty().bind(condition);
            n.managedProperty().bind(condition);
        }
    }

    private void showFeedback(ConnectModel.Feedback f) {
        feedbackLabel.getStyleClass().removeAll("error-text", "success-text", "muted");
        if (f == null) {
            feedbackLabel.setText("");
            feedbackLabel.setGraphic(null);
            return;
        }
        feedbackLabel.setText(f.text());
        switch (f.kind()) {
            case OK -> {
                feedbackLabel.getStyleClass().add("success-text");
                feedbackLabel.setGraphic(icon(Feather.CHECK_CIRCLE, "success-text"));
            }
            case ERROR -> {
                feedbackLabel.getStyleClass().add("error-text");
                feedbackLabel.setGraphic(icon(Feather.ALERT_CIRCLE, "error-text"));
            }
            case RUNNING -> {
                feedbackLabel.getStyleClass().add("muted");
                feedbackLabel.setGraphic(icon(Feather.LOADER, "muted"));
            }
        }
    }

    private static FontIcon icon(Feather ikon, String styleClass) {
        FontIcon icon = new FontIcon(ikon);
        icon.getStyleClass().add(styleClass);
        return icon;
    }

    private void chooseCaFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("CA certificate (PEM)");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Certificates", "*.pem", "*.crt", "*.cer"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(root.getScene().getWindow());
        if (file != null) {
            model.caFileProperty().set(file.getAbsolutePath());
        }
    }

    public BorderPane root() {
        return root;
    }

    /** Name over target, the way a user scans a list of servers. */
    private static final class ProfileCell extends ListCell<ConnectionProfile> {
        private final Label name = new Label();
        private final Label target = new Label();
        private final VBox box = new VBox(2, name, target);

        ProfileCell() {
            name.setStyle("-fx-font-weight: bold;");
            target.getStyleClass().add("muted");
        }

        @Override
        protected void updateItem(ConnectionProfile p, boolean empty) {
            super.updateItem(p, empty);
            if (empty || p == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            name.setText(p.displayName() + (p.readOnly() ? "  · read-only" : ""));
            target.setText(p.mode() == ConnectionMode.STANDALONE ? p.target() : p.mode().label() + " · " + p.target());
            setGraphic(box);
        }
    }
}
