package dev.tensorlens.ui.shell;

import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.ui.browser.BrowserView;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.AppView;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.Fxml;
import dev.tensorlens.ui.common.FxDialogs;
import dev.tensorlens.ui.common.Navigator;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.common.ViewTarget;
import dev.tensorlens.ui.connect.ConnectDialog;
import dev.tensorlens.ui.data.DataView;
import dev.tensorlens.ui.datasets.DatasetsView;
import dev.tensorlens.ui.models.ModelsView;
import dev.tensorlens.ui.persistence.PersistenceView;
import dev.tensorlens.ui.server.ServerView;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The main window: navigation, the current view, the status bar, and the keyboard shortcuts
 * (Ctrl/Cmd+K connections, F5 refresh, Ctrl/Cmd+1…6 views, Ctrl/Cmd+Shift+L theme).
 */
public final class MainWindow implements Navigator {

    private static final double WIDTH = 1180;
    private static final double HEIGHT = 760;

    private final AppContext context;
    private final ShellModel model;
    private final Map<ViewId, AppView> views = new EnumMap<>(ViewId.class);
    private Stage stage;
    private final Dialogs dialogs = new FxDialogs(() -> stage);
    private CatalogueModel catalogue;
    private ConnectDialog connectDialog;
    private Scene scene;
    private ShellController shell;
    private List<Image> icons = List.of();

    /** FX thread: applies the theme the user chose last, and follows its changes. */
    public MainWindow(AppContext context) {
        this.context = context;
        this.model = new ShellModel(context.session(), context.settings());
        Themes.apply(model.darkThemeProperty().get());
        model.darkThemeProperty().addListener((obs, old, dark) -> Themes.apply(dark));
    }

    /**
     * Makes the window's scene: the shell and every view, styled, skinned and laid out, the one it opens on shown, so
     * that neither the window's first frame nor the first switch to a view holds the FX thread for the cold JVM's class
     * loading, FXML and CSS (seconds on a slow machine). Any thread, before {@link #show(Stage)} and while nothing else
     * touches the session or runs CSS: the app calls it on a background thread before it connects. JavaFX lets a
     * scene that no shown window holds be made and changed on any thread, but its CSS engine resolves a stylesheet's
     * values in place, so no two threads may style at once: all of it is done here, before the FX thread styles
     * anything. The views other than the first read nothing until shown (see {@link AppView#shown()}).
     */
    public synchronized void prepare() {
        if (scene != null) {
            return;
        }
        ShellController controller = new ShellController(model, this::view, this::openConnectionManager,
                context.tasks(), context.executors().waiting());
        Parent root = Fxml.load(ShellController.class, "ShellView.fxml", controller);
        shell = controller;
        Scene made = new Scene(root, WIDTH, HEIGHT);
        made.getStylesheets().add(Themes.APP_CSS);
        addShortcuts(made);
        ViewId first = model.currentViewProperty().get();
        List<Node> others = new ArrayList<>();
        List<Runnable> placeholdersGone = new ArrayList<>();
        for (ViewId id : ViewId.values()) {
            AppView view = view(id);
            placeholdersGone.add(view.showPlaceholders());
            if (id != first) {
                others.add(view.root());
            }
        }
        root.resize(WIDTH, HEIGHT);
        controller.styleAhead(others, () -> placeholdersGone.forEach(Runnable::run));
        icons = windowIcons();
        // on a worker (at the workers' low weight, so beside the first frames it takes little from the FX thread), and
        // here rather than once the window is shown: a window closed before its views are back has no workers left
        context.executors().background().execute(MainWindow::warmIconScaler);
        scene = made;
    }

    /** FX thread: shows the window, made here if {@link #prepare()} has not made it. */
    public void show(Stage primary) {
        this.stage = primary;
        prepare();
        primary.setTitle("Tensorlens");
        primary.setMinWidth(820);
        primary.setMinHeight(520);
        primary.setScene(scene);
        primary.show();
        primary.requestFocus();
        // The taskbar and window-switcher icon (the installers' are rendered from the same art, resources/), once the
        // views are back: JavaFX scales the chosen icon to the desktop's size on the FX thread, with code run for the
        // first time then, 10-20 ms of the first frame's 57 sampled in the frame bench.
        shell.windowShown(() -> primary.getIcons().setAll(icons));
    }

    /**
     * FX thread: whether every view and hidden part set aside while the window restyled its whole scene (its first
     * show, a theme change) is back in the scene; after the first show they come back one per frame.
     */
    public boolean allInScene() {
        return shell.allInScene();
    }

    /**
     * The icon at every size the desktops ask for (taskbar, title bar, switcher), decoded here: given only a big one,
     * the platform scales it down on the FX thread when the window opens.
     */
    private static List<Image> windowIcons() {
        List<Image> icons = new ArrayList<>();
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            var url = MainWindow.class.getResource("tensorlens-" + size + ".png");
            if (url != null) {
                icons.add(new Image(url.toExternalForm()));
            }
        }
        return icons;
    }

    /**
     * A worker: the art scaled to 128 px a few times, as an image is loaded at a size, so that the JIT compiles JavaFX's
     * smooth minifier before a window needs it. Every window that opens (each dialog takes its owner's icons) has its
     * icon scaled to the desktop's size (128 px on Linux) on the FX thread by that code, which otherwise runs
     * interpreted the first times: 14 of the 32 samples of the first confirmation dialog's frame on a 2-vCPU machine.
     */
    private static void warmIconScaler() {
        var art = MainWindow.class.getResource("tensorlens-256.png");
        for (int i = 0; art != null && i < 6; i++) {
            new Image(art.toExternalForm(), 128, 128, true, true);
        }
    }

    private void addShortcuts(Scene scene) {
        var accelerators = scene.getAccelerators();
        accelerators.put(new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN), this::openConnectionManager);
        accelerators.put(new KeyCodeCombination(KeyCode.F5), this::refreshCurrentView);
        accelerators.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN),
                () -> view(model.currentViewProperty().get()).focusSearch());
        accelerators.put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                model::toggleTheme);
        ViewId[] ids = ViewId.values();
        for (int i = 0; i < ids.length; i++) {
            ViewId id = ids[i];
            accelerators.put(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)),
                    KeyCombination.SHORTCUT_DOWN), () -> show(id));
        }
    }

    /** The ML-state catalogue the Models, Data and Datasets views share: one walk per connection. */
    private CatalogueModel catalogue() {
        if (catalogue == null) {
            catalogue = new CatalogueModel(context.session(), context.ui(), context.tasks(), dialogs);
        }
        return catalogue;
    }

    /** The view, made ahead by {@link #prepare()} (or here, the first time it is asked for), and kept. */
    public AppView view(ViewId id) {
        return views.computeIfAbsent(id, this::createView);
    }

    private AppView createView(ViewId id) {
        var session = context.session();
        return switch (id) {
            case BROWSER -> new BrowserView(context, this, dialogs);
            case MODELS -> new ModelsView(context, catalogue(), dialogs);
            case DATA -> new DataView(context, catalogue(), dialogs);
            case DATASETS -> new DatasetsView(context, catalogue(), dialogs);
            case PERSISTENCE -> new PersistenceView(context, dialogs);
            case SERVER -> new ServerView(session, context.ui(), this);
        };
    }

    public void refreshCurrentView() {
        view(model.currentViewProperty().get()).refresh();
    }

    @Override
    public void show(ViewId view) {
        model.select(view);
    }

    @Override
    public void open(ViewId view, ViewTarget target) {
        model.select(view);
        view(view).open(target);
    }

    @Override
    public void openConnectionManager() {
        if (connectDialog != null && connectDialog.stage().isShowing()) {
            connectDialog.stage().toFront();
            return;
        }
        ConnectionProfile current = context.session().profileProperty().get();
        String preferred = current != null ? current.id() : model.lastProfileId();
        connectDialog = new ConnectDialog(stage, context.profiles(), context.ui(), preferred, this::open);
        connectDialog.show();
    }

    /** Opens a profile in the background and remembers it as the last one used. */
    public void open(ConnectionProfile profile) {
        context.session().open(profile);
        if (!"demo".equals(profile.id())) {
            model.rememberProfile(profile);
        }
    }

    public ShellModel model() {
        return model;
    }

    public ConnectDialog connectDialog() {
        return connectDialog;
    }

    public Stage stage() {
        return stage;
    }
}
