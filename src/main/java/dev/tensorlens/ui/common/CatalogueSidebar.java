package dev.tensorlens.ui.common;

import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.ToggleSwitch;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The left side the Models, Data and Datasets views share: a header with the view's title, the Live switch and a
 * rescan button, a filter, the catalogue walk's progress and status, what Live is doing, and the view's list over an
 * empty state. Ids are {@code <prefix>-live}, {@code -search}, {@code -status} and {@code -empty}, for tests.
 */
public class CatalogueSidebar extends VBox {

    /** What differs between the views. */
    public record Texts(String idPrefix, String title, String filterPrompt, String liveTip, String rescanTip) {
    }

    private final EmptyState empty = new EmptyState();
    private final HBox filterRow;

    protected CatalogueSidebar(Texts texts, CatalogueModel catalogue, StringProperty filter, Runnable rescan, Node list) {
        Label title = new Label(texts.title());
        title.getStyleClass().add("view-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        ToggleSwitch live = new ToggleSwitch("Live");
        live.setId(texts.idPrefix() + "-live");
        live.setMinWidth(Region.USE_PREF_SIZE);
        live.selectedProperty().bindBidirectional(catalogue.liveProperty());
        live.setTooltip(new Tooltip(texts.liveTip()));
        Button again = new Button(null, new FontIcon(Feather.REFRESH_CW));
        again.getStyleClass().add("flat");
        again.setTooltip(new Tooltip(texts.rescanTip()));
        again.setOnAction(e -> rescan.run());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(8, title, gap, live, again);
        header.setAlignment(Pos.CENTER_LEFT);

        TextField search = new TextField();
        search.setId(texts.idPrefix() + "-search");
        search.setPromptText(texts.filterPrompt());
        search.textProperty().bindBidirectional(filter);
        HBox.setHgrow(search, Priority.ALWAYS);
        filterRow = new HBox(6, search);
        filterRow.setAlignment(Pos.CENTER_LEFT);

        ProgressBar progress = new ProgressBar();
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(catalogue.progressProperty());
        progress.visibleProperty().bind(catalogue.phaseProperty().isEqualTo(CatalogueModel.Phase.SCANNING));
        progress.managedProperty().bind(progress.visibleProperty());
        Label status = new Label();
        status.setId(texts.idPrefix() + "-status");
        status.getStyleClass().add("muted");
        status.setWrapText(true);
        status.textProperty().bind(catalogue.statusProperty());
        Label liveMessage = new Label();
        liveMessage.getStyleClass().add("muted");
        liveMessage.setWrapText(true);
        liveMessage.textProperty().bind(catalogue.liveMessageProperty());
        liveMessage.visibleProperty().bind(catalogue.liveMessageProperty().isNotEmpty());
        liveMessage.managedProperty().bind(liveMessage.visibleProperty());

        empty.setId(texts.idPrefix() + "-empty");
        StackPane listArea = new StackPane(list, empty);
        VBox.setVgrow(listArea, Priority.ALWAYS);
        getChildren().addAll(header, filterRow, progress, status, liveMessage, listArea);
        getStyleClass().add("catalogue-sidebar");
    }

    /** Puts a button beside the filter (a view's own action on its list, such as grouping sets by hand). */
    protected void addFilterButton(Node button) {
        filterRow.getChildren().add(button);
    }

    /**
     * What the list's empty state says in each case.
     *
     * @param noMatchWhat the start of "… contains "text"." ({@code No model or version name})
     */
    public record EmptyTexts(String scanning, String scanningHint, String noMatch, String noMatchWhat,
                                String notConnectedHint, Ikon noneIcon, String none, String noneHint) {
    }

    /** Shows the list, or else the empty state that says why it is empty: still listing, filtered out, not connected, none. */
    protected void showListOrEmpty(Node list, boolean isEmpty, CatalogueModel.Phase phase, String filter, EmptyTexts t) {
        empty.setVisible(isEmpty);
        list.setVisible(!isEmpty);
        if (!isEmpty) {
            return;
        }
        if (phase == CatalogueModel.Phase.SCANNING) {
            empty.show(Feather.SEARCH, t.scanning(), t.scanningHint());
        } else if (filter != null && !filter.isBlank()) {
            empty.show(Feather.FILTER, t.noMatch(), t.noMatchWhat() + " contains \"" + filter.trim() + "\".");
        } else if (phase == CatalogueModel.Phase.NOT_CONNECTED) {
            empty.show(Feather.LINK, "Not connected", t.notConnectedHint());
        } else {
            empty.show(t.noneIcon(), t.none(), t.noneHint());
        }
    }
}
