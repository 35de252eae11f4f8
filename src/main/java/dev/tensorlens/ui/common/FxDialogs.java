package dev.tensorlens.ui.common;

import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link Dialogs} as JavaFX modal dialogs over the main window. */
public final class FxDialogs implements Dialogs {

    private final Supplier<Window> owner;

    public FxDialogs(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public boolean confirm(Confirmation q) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(owner.get());
        alert.setTitle(q.title());
        alert.setHeaderText(q.header());
        alert.setContentText(q.details());
        alert.getDialogPane().setId(q.id());
        ButtonType go = new ButtonType(q.action(), ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(ButtonType.CANCEL, go);
        ((Button) alert.getDialogPane().lookupButton(go)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return alert.showAndWait().filter(go::equals).isPresent();
    }

    @Override
    public Optional<String> ask(TextQuestion q) {
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(owner.get());
        dialog.setTitle(q.title());
        dialog.setHeaderText(q.header());
        dialog.getDialogPane().setId(q.id());
        TextField field = new TextField(q.initial());
        field.setId(q.id() + "-field");
        field.setPromptText(q.hint());
        field.setPrefColumnCount(36);
        Label problem = new Label();
        problem.getStyleClass().add("error-text");
        problem.setWrapText(true);
        ButtonType ok = new ButtonType("OK", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, ok);
        dialog.getDialogPane().setContent(new VBox(8, new Label(q.label()), field, problem));
        var okButton = dialog.getDialogPane().lookupButton(ok);
        Runnable check = () -> {
            String why = q.problem().apply(field.getText());
            problem.setText(why == null ? "" : why);
            okButton.setDisable(why != null);
        };
        field.textProperty().addListener((obs, old, text) -> check.run());
        check.run();
        dialog.setResultConverter(button -> button == ok ? field.getText() : null);
        Platform.runLater(() -> {
            field.requestFocus();
            field.selectAll();
        });
        return dialog.showAndWait();
    }

    @Override
    public Optional<Path> chooseSaveFile(SaveQuestion q) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(q.title());
        chooser.setInitialFileName(q.suggestedName());
        chooser.getExtensionFilters().setAll(
                new FileChooser.ExtensionFilter(q.description(), "*." + q.extension()),
                new FileChooser.ExtensionFilter("All files", "*"));
        File chosen = chooser.showSaveDialog(owner.get());
        return Optional.ofNullable(chosen).map(File::toPath);
    }

    @Override
    public Optional<IdsAnswer> askIds(IdsQuestion q) {
        Dialog<IdsAnswer> dialog = new Dialog<>();
        dialog.initOwner(owner.get());
        dialog.setTitle(q.title());
        dialog.setHeaderText(q.header());
        dialog.getDialogPane().setId(q.id());
        TextArea text = new TextArea();
        text.setId(q.id() + "-text");
        text.setPromptText("One id per line, or separated by commas or spaces");
        text.setPrefRowCount(10);
        text.setPrefColumnCount(36);
        Label count = new Label();
        count.getStyleClass().add("muted");
        ButtonType add = new ButtonType("Add", ButtonBar.ButtonData.OK_DONE);
        ButtonType importFile = new ButtonType("Import file…", ButtonBar.ButtonData.LEFT);
        dialog.getDialogPane().getButtonTypes().setAll(importFile, ButtonType.CANCEL, add);
        dialog.getDialogPane().setContent(new VBox(8, new Label("Ids to add (a text or CSV file can be imported "
                + "instead: one id per line, or an id column)"), text, count));
        var addButton = dialog.getDialogPane().lookupButton(add);
        Runnable check = () -> {
            long pieces = Arrays.stream(text.getText().split("[\\s,;]+")).filter(p -> !p.isBlank()).count();
            count.setText(pieces == 0 ? "" : String.format(Locale.ROOT, "%,d %s", pieces,
                    pieces == 1 ? "id" : "ids"));
            addButton.setDisable(pieces == 0);
        };
        text.textProperty().addListener((obs, old, t) -> check.run());
        check.run();
        Path[] chosen = new Path[1];
        // the import button opens a file chooser instead of closing the dialog with nothing
        dialog.getDialogPane().lookupButton(importFile).addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Import ids from a file");
            chooser.getExtensionFilters().setAll(
                    new FileChooser.ExtensionFilter("Text or CSV", "*.txt", "*.csv", "*.tsv"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File file = chooser.showOpenDialog(dialog.getDialogPane().getScene().getWindow());
            if (file != null) {
                chosen[0] = file.toPath();
                dialog.setResult(new IdsAnswer(null, chosen[0]));
                dialog.close();
            }
        });
        dialog.setResultConverter(button -> button == add ? new IdsAnswer(text.getText(), null)
                : chosen[0] != null ? new IdsAnswer(null, chosen[0]) : null);
        Platform.runLater(text::requestFocus);
        return dialog.showAndWait();
    }
}
