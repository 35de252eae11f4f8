package dev.tensorlens.ui.browser;

import dev.tensorlens.settings.UiSettings;
import dev.tensorlens.ui.browser.value.ValuePane;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.AppView;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.Fxml;
import dev.tensorlens.ui.common.Navigator;
import dev.tensorlens.ui.common.SceneStyles;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.plots.PlotStyles;
import javafx.scene.Node;
import javafx.scene.Parent;

/** The Browser view: every key of the connected database as a namespace tree or a list, and the selected key's value. */
public final class BrowserView implements AppView {

    private final BrowserModel model;
    private final BrowserController controller;
    private final Parent root;

    public BrowserView(AppContext context, Navigator navigator, Dialogs dialogs) {
        model = new BrowserModel(context.session(), context.ui(), context.executors(), context.tasks(), dialogs);
        rememberSettings(context.settings());
        controller = new BrowserController(model, navigator);
        root = Fxml.load(BrowserView.class, "BrowserView.fxml", controller);
        SceneStyles.use(root, BrowserView.class.getResource("browser.css").toExternalForm());
        // the value pane's sheet on the scene with the view's own: left to the pane, which joins the scene later, it was
        // added while the window was being styled, and the theme's colours came out unresolved (WindowMadeAheadTest)
        SceneStyles.use(root, ValuePane.STYLESHEET);
        SceneStyles.use(root, PlotStyles.STYLESHEET); // a tensor value's plots, made when one is opened
        model.waitUntilShown();
    }

    /** The first time the view is on screen: the keys are listed, now and on every connection after. */
    @Override
    public void shown() {
        model.start();
    }

    /** The delimiter and the big-value threshold as the user left them, saved again whenever they change. */
    private void rememberSettings(UiSettings.Store settings) {
        UiSettings saved = settings.current();
        try {
            model.tree().setDelimiter(saved.browserDelimiter().charAt(0));
        } catch (IllegalArgumentException handEditedBadly) {
            // a digit or a non-ASCII character in settings.json: the default stays
        }
        model.value().bigValueThresholdProperty().set(saved.bigValueBytes());
        model.tree().delimiterProperty().addListener((obs, old, c) -> settings.update(s -> s.withBrowserDelimiter(c)));
        model.value().bigValueThresholdProperty().addListener(
                (obs, old, bytes) -> settings.update(s -> s.withBigValueBytes(bytes.longValue())));
    }

    @Override
    public ViewId id() {
        return ViewId.BROWSER;
    }

    @Override
    public Node root() {
        return root;
    }

    /** The key table's rows: placeholders while the window is made, so their cells are made and styled then. */
    @Override
    public Runnable showPlaceholders() {
        return controller.showPlaceholderRows();
    }

    @Override
    public void refresh() {
        model.rescan();
    }

    @Override
    public void focusSearch() {
        controller.focusSearch();
    }

    public BrowserModel model() {
        return model;
    }
}
