package dev.tensorlens.ui.common;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** The centred icon, title, sentence and optional action that a view shows when it has nothing to show. */
public final class EmptyState extends VBox {

    private final Label title = new Label();
    private final Label message = new Label();
    private final FontIcon icon = new FontIcon();
    private final Button action = new Button();

    public EmptyState() {
        getStyleClass().add("empty-state");
        setAlignment(Pos.CENTER);
        setSpacing(10);
        setFillWidth(false);
        icon.getStyleClass().add("empty-state-icon");
        title.getStyleClass().addAll(Styles.TITLE_3, "empty-state-title");
        message.getStyleClass().addAll(Styles.TEXT_MUTED, "empty-state-message");
        message.setWrapText(true);
        message.setMaxWidth(460);
        message.setStyle("-fx-text-alignment: center;");
        action.getStyleClass().add(Styles.ACCENT);
        action.setVisible(false);
        action.managedProperty().bind(action.visibleProperty());
        getChildren().addAll(icon, title, message, action);
    }

    public EmptyState(Ikon ikon, String titleText, String messageText) {
        this();
        show(ikon, titleText, messageText);
    }

    public EmptyState show(Ikon ikon, String titleText, String messageText) {
        icon.setIconCode(ikon);
        title.setText(titleText);
        message.setText(messageText);
        action.setVisible(false);
        return this;
    }

    public EmptyState withAction(String text, Runnable onAction) {
        action.setText(text);
        action.setOnAction(e -> onAction.run());
        action.setVisible(true);
        return this;
    }

    public Button actionButton() {
        return action;
    }
}
