package dev.tensorlens.ui.shell;

import dev.tensorlens.ui.common.Toggles;
import dev.tensorlens.redis.ConnectionState;
import dev.tensorlens.ui.common.AppView;
import dev.tensorlens.ui.common.Job;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.ViewId;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.controlsfx.control.TaskProgressView;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;

/** Binds the shell's FXML to {@link ShellModel}; no logic of its own. */
public final class ShellController {

    @FXML private BorderPane root;
    @FXML private VBox navButtons;
    @FXML private StackPane content;
    @FXML private Button connectionsButton;
    @FXML private Button themeButton;
    @FXML private HBox errorBanner;
    @FXML private Label errorText;
    @FXML private Button errorConnectButton;
    @FXML private Button errorDismissButton;
    @FXML private HBox statusBar;
    @FXML private Circle statusDot;
    @FXML private ProgressIndicator statusProgress;
    @FXML private Separator serverSeparator;
    @FXML private Label statusState;
    @FXML private Label statusTarget;
    @FXML private Label statusVersion;
    @FXML private Label statusDatabase;
    @FXML private Label statusMode;
    @FXML private Label readOnlyBadge;
    @FXML private Label statusLatency;
    @FXML private VBox taskDrawer;
    @FXML private Button hideTasksButton;
    @FXML private Button tasksButton;

    private final ShellModel model;
    private final Function<ViewId, AppView> views;
    private final Runnable openConnections;
    private final TaskList tasks;
    private final Executor waiting;
    private final ToggleGroup navGroup = new ToggleGroup();
    private final Map<ViewId, ToggleButton> navToggles = new EnumMap<>(ViewId.class);
    /** False while the scene is made: a view's {@link AppView#shown()} waits for the window. */
    private boolean windowShown;
    private HiddenViews hiddenViews;
    private final TaskProgressView<Task<?>> taskList = new TaskProgressView<>();

    /**
     * @param tasks   the long work the user started, shown in a drawer above the status bar
     * @param waiting threads that follow a listed job for the task list (one per job, waiting only)
     */
    public ShellController(ShellModel model, Function<ViewId, AppView> views, Runnable openConnections,
                           TaskList tasks, Executor waiting) {
        this.model = model;
        this.views = views;
        this.openConnections = openConnections;
        this.tasks = tasks;
        this.waiting = waiting;
    }

    @FXML
    private void initialize() {
        hiddenViews = new HiddenViews(content);
        int index = 1;
        for (ViewId id : ViewId.values()) {
            ToggleButton b = new ToggleButton(id.title(), new FontIcon(id.icon()));
            b.setId("nav-" + id.slug());
            b.getStyleClass().add("nav-button");
            b.setMaxWidth(Double.MAX_VALUE);
            b.setToggleGroup(navGroup);
            b.setTooltip(new Tooltip(id.subtitle() + "  (Ctrl+" + index++ + ")"));
            b.setOnAction(e -> model.select(id));
            navToggles.put(id, b);
            navButtons.getChildren().add(b);
        }
        // a toggle group lets the user un-press the current button; keep it pressed
        Toggles.keepOneSelected(navGroup);
        model.currentViewProperty().addListener((obs, old, view) -> showView(view));
        showView(model.currentViewProperty().get());
        // a new theme restyles every node in the scene in one pulse: the hidden views sit it out, and the view on
        // screen comes back a frame later (see HiddenViews)
        model.darkThemeProperty().addListener((obs, old, dark) -> hiddenViews.stepAsideForTheme());

        connectionsButton.setOnAction(e -> openConnections.run());
        connectionsButton.setTooltip(new Tooltip("Connection manager (Ctrl+K)"));
        themeButton.textProperty().bind(Bindings.when(model.darkThemeProperty())
                .then("Light theme").otherwise("Dark theme"));
        themeButton.graphicProperty().bind(Bindings.createObjectBinding(() ->
                new FontIcon(model.darkThemeProperty().get() ? Feather.SUN : Feather.MOON), model.darkThemeProperty()));
        themeButton.setOnAction(e -> model.toggleTheme());

        var session = model.session();
        errorText.textProperty().bind(session.lastErrorProperty());
        errorBanner.visibleProperty().bind(session.lastErrorProperty().isNotNull());
        errorBanner.managedProperty().bind(errorBanner.visibleProperty());
        errorConnectButton.setOnAction(e -> openConnections.run());
        errorDismissButton.setOnAction(e -> session.dismissError());
        errorDismissButton.setTooltip(new Tooltip("Dismiss"));

        statusState.textProperty().bind(model.stateText());
        statusTarget.textProperty().bind(model.targetText());
        statusVersion.textProperty().bind(model.versionText());
        serverSeparator.visibleProperty().bind(model.versionText().isNotEmpty());
        statusDatabase.textProperty().bind(model.databaseText());
        statusMode.textProperty().bind(model.modeText());
        statusLatency.textProperty().bind(model.latencyText());
        statusLatency.visibleProperty().bind(model.latencyText().isNotEmpty());
        statusLatency.setTooltip(new Tooltip("Round trip of a PING, every 2 seconds"));
        readOnlyBadge.visibleProperty().bind(session.readOnlyProperty().and(session.sessionProperty().isNotNull()));
        readOnlyBadge.setTooltip(new Tooltip("This profile is read-only: every change is refused"));
        session.stateProperty().addListener((obs, old, state) -> styleState(state));
        styleState(session.stateProperty().get());
        bindTasks();
    }

    /**
     * The task list: ControlsFX's TaskProgressView in a drawer that opens when the user starts long work and can be
     * hidden; the status bar's button counts what runs and opens it again.
     */
    private void bindTasks() {
        taskList.setId("task-list");
        taskList.setGraphicFactory(task -> new FontIcon(Feather.ACTIVITY));
        taskList.setPrefHeight(150);
        taskDrawer.getChildren().add(taskList);
        taskDrawer.setId("task-drawer");
        tasks.running().addListener((ListChangeListener<Job<?>>) change -> {
            while (change.next()) {
                for (Job<?> job : change.getAddedSubList()) {
                    TaskMirror mirror = new TaskMirror(job);
                    taskList.getTasks().add(mirror);
                    waiting.execute(mirror);
                    taskDrawer.setVisible(true);
                }
            }
        });
        taskDrawer.setVisible(false);
        taskDrawer.managedProperty().bind(taskDrawer.visibleProperty());
        hideTasksButton.setOnAction(e -> taskDrawer.setVisible(false));
        hideTasksButton.setTooltip(new Tooltip("Hide the task list; the work goes on"));
        tasksButton.setId("tasks-button");
        tasksButton.textProperty().bind(Bindings.createStringBinding(() -> {
            int n = tasks.countBinding().get();
            return n == 1 ? "1 task" : n + " tasks";
        }, tasks.countBinding()));
        tasksButton.visibleProperty().bind(tasks.countBinding().greaterThan(0));
        tasksButton.managedProperty().bind(tasksButton.visibleProperty());
        tasksButton.setOnAction(e -> taskDrawer.setVisible(!taskDrawer.isVisible()));
        tasksButton.setTooltip(new Tooltip("Work in progress: show or hide the task list"));
        tasks.countBinding().addListener((obs, old, n) -> {
            if (n.intValue() == 0) {
                taskDrawer.setVisible(false);
            }
        });
    }

    /**
     * Shows one view and hides the others. A view, once made, stays in the scene, hidden: JavaFX restyles every node
     * of a subtree put back into a scene (tens to hundreds of milliseconds for a view), while a hidden node keeps its
     * styles, skins and size, so a switch only shows what is already laid out. Hidden views are unmanaged, so their
     * sizes do not weigh on the window's; they leave the scene only while it is restyled whole (see HiddenViews).
     */
    private void showView(ViewId view) {
        navToggles.get(view).setSelected(true);
        AppView shown = views.apply(view);
        hiddenViews.bringBackView(shown.root());
        showOnly(child -> child == shown.root());
        if (windowShown) {
            shown.shown();
        }
    }

    /**
     * FX thread: the window shows. The view it opens on was put in place while the scene was made, maybe on another
     * thread (see {@code MainWindow.prepare}); what it does when shown starts now, on this thread. {@code afterwards}
     * runs in a frame of its own once every view is back in the scene.
     */
    void windowShown(Runnable afterwards) {
        if (!windowShown) {
            windowShown = true;
            views.apply(model.currentViewProperty().get()).shown();
            hiddenViews.afterAllBack(afterwards);
            hiddenViews.comeBack(); // they stepped aside for the window's first restyle (see styleAhead)
        }
    }

    /** FX thread: whether every view and part that stepped aside for a whole-scene restyle is back in the scene. */
    boolean allInScene() {
        return hiddenViews.allBack();
    }

    /**
     * Puts views not shown yet into this scene, before any window holds it, and styles and lays them out there at the
     * window's size, then hides them (see {@link #showView}): their first switch finds them styled and laid out (see
     * {@code MainWindow.prepare}). In this same scene: styled in a scene of their own, views came back with the
     * theme's colour variables unresolved. {@code placeholdersGone} runs between the two layouts: lists that showed
     * placeholder rows (their cells made) go back to their own rows, and the second layout keeps the cells.
     */
    void styleAhead(List<Node> views, Runnable placeholdersGone) {
        List<Node> shown = content.getChildren().stream().filter(Node::isVisible).toList();
        content.getChildren().addAll(views);
        views.forEach(v -> {
            v.setVisible(true);
            v.setManaged(true);
        });
        // the task list with a placeholder entry: its skin and an entry's cell are made and styled here, not on the FX
        // thread when the user first starts long work (a 200 MB read)
        Task<Void> placeholder = new Task<>() {
            @Override
            protected Void call() {
                return null;
            }
        };
        taskList.getTasks().add(placeholder);
        taskDrawer.setVisible(true);
        root.applyCss();
        root.layout();
        taskList.getTasks().remove(placeholder);
        taskDrawer.setVisible(false);
        placeholdersGone.run();
        root.applyCss();
        root.layout();
        showOnly(shown::contains);
        // the window restyles its whole scene when it first shows: they come back after that (windowShown)
        hiddenViews.stepAside();
    }

    /** The views in the content pane that {@code on} picks are shown and laid out; the others hidden, unmanaged. */
    private void showOnly(Predicate<Node> on) {
        for (Node child : content.getChildren()) {
            boolean shown = on.test(child);
            child.setVisible(shown);
            child.setManaged(shown);
        }
    }

    /** The dot and the bar take the state's colour: green, amber or red; a spinner while connecting. */
    private void styleState(ConnectionState state) {
        boolean working = state == ConnectionState.CONNECTING || state == ConnectionState.RECONNECTING;
        statusProgress.setVisible(working);
        statusDot.setVisible(!working);
        // pseudo-classes, not style classes: a style class change restyles the bar's whole subtree from the
        // stylesheets (some 13 ms on a slow machine, at every change of state), a pseudo-class only moves it
        for (ConnectionState each : ConnectionState.values()) {
            statusBar.pseudoClassStateChanged(statePseudoClass(each), each == state);
        }
    }

    /** {@code :connected}, {@code :connecting}, {@code :reconnecting}, {@code :disconnected}: the bar's state. */
    private static PseudoClass statePseudoClass(ConnectionState state) {
        return PseudoClass.getPseudoClass(state.name().toLowerCase(Locale.ROOT));
    }

    public BorderPane root() {
        return root;
    }
}
