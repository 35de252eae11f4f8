package dev.tensorlens.ui.persistence;

import dev.tensorlens.redis.PersistencePermissions.Action;
import dev.tensorlens.redis.PersistenceStatus;
import dev.tensorlens.ui.common.EmptyState;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.ToggleSwitch;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Lays out the Persistence view and forwards what the user does to the model: a header, the actions (each disabled
 * with its reason shown beside the bar when this connection cannot run it), the outcome of the last action in a
 * notification bar, and one card per master.
 */
final class PersistenceController {

    private final PersistenceModel model;
    private final StackPane root = new StackPane();
    private final FlowPane cards = new FlowPane(14, 14);
    /** Per action: whether this connection may not run it (read-only, refused, or pointless such as a rewrite with AOF off). */
    private final Map<Action, BooleanProperty> refused = new EnumMap<>(Action.class);
    private final Label reasons = new Label();
    private final ToggleSwitch aof = new ToggleSwitch("AOF");
    private final NotificationPane notifications;
    private boolean updating;

    PersistenceController(PersistenceModel model) {
        this.model = model;
        root.getStyleClass().add("persistence");
        root.setId("persistence-view");

        Label title = new Label("Persistence");
        title.getStyleClass().add("view-title");
        Label readAt = new Label();
        readAt.setId("persistence-read-at");
        readAt.getStyleClass().add("muted");
        readAt.textProperty().bind(Bindings.createStringBinding(() -> model.errorProperty().get().isEmpty()
                ? model.readAtProperty().get() == null ? "" : "Read from the server every 2 s while shown"
                : model.errorProperty().get(), model.readAtProperty(), model.errorProperty()));
        Button refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refresh.getStyleClass().add("flat");
        refresh.setTooltip(new Tooltip("Read the status again (F5)"));
        refresh.setOnAction(e -> model.refresh());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(10, title, readAt, gap, refresh);
        header.setAlignment(Pos.CENTER_LEFT);

        Button bgsave = action(Action.BGSAVE, "Save now", Feather.SAVE, "persist-bgsave",
                "BGSAVE: a forked child writes a snapshot; the server keeps serving");
        bgsave.setOnAction(e -> model.backgroundSave());
        bgsave.getStyleClass().add("accent");
        Button save = action(Action.SAVE, "Save, blocking", Feather.PAUSE_CIRCLE, "persist-save",
                "SAVE: the server writes the snapshot itself and serves nobody until done (asks first)");
        save.setOnAction(e -> model.foregroundSave());
        Button rewrite = action(Action.BGREWRITEAOF, "Rewrite AOF", Feather.REFRESH_CCW, "persist-rewrite",
                "BGREWRITEAOF: the append-only file is written again, compactly");
        rewrite.setOnAction(e -> model.rewriteAppendOnlyFile());
        aof.setId("persist-aof");
        aof.setTooltip(new Tooltip("appendonly: log every write to the append-only file"));
        aof.setMinWidth(Region.USE_PREF_SIZE);
        disableUnlessAllowed(Action.APPENDONLY, aof);
        aof.selectedProperty().addListener((obs, was, on) -> {
            if (!updating) {
                model.setAppendOnly(on);
                showAof(); // back to what the server says until the action is done (or was declined)
            }
        });
        Button schedule = action(Action.SAVE_SCHEDULE, "Schedule…", Feather.CLOCK, "persist-schedule",
                "The save setting: when the server writes a snapshot by itself");
        schedule.setOnAction(e -> model.editSchedule());
        Button config = action(Action.CONFIG_REWRITE, "Write config file", Feather.FILE_TEXT, "persist-config",
                "CONFIG REWRITE: keep these settings after a restart (asks first)");
        config.setOnAction(e -> model.writeConfigFile());
        HBox actions = new HBox(8, bgsave, save, rewrite, aof, schedule, config);
        actions.setAlignment(Pos.CENTER_LEFT);

        reasons.setId("persist-reasons");
        reasons.getStyleClass().add("muted");
        reasons.setWrapText(true);
        reasons.visibleProperty().bind(reasons.textProperty().isNotEmpty());
        reasons.managedProperty().bind(reasons.visibleProperty());

        ProgressBar running = new ProgressBar(-1);
        running.setId("persist-running-progress");
        running.setMaxWidth(220);
        Label runningText = new Label();
        runningText.setId("persist-running");
        runningText.textProperty().bind(model.runningProperty());
        HBox runningRow = new HBox(8, running, runningText);
        runningRow.setAlignment(Pos.CENTER_LEFT);
        runningRow.visibleProperty().bind(model.busyProperty());
        runningRow.managedProperty().bind(runningRow.visibleProperty());

        cards.setId("persist-cards");
        cards.getStyleClass().add("master-cards");
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("persistence-scroll");
        notifications = new NotificationPane(scroll);
        notifications.setId("persist-notifications");
        notifications.setShowFromTop(true);
        VBox.setVgrow(notifications, Priority.ALWAYS);

        VBox main = new VBox(10, header, actions, reasons, runningRow, notifications);
        main.getStyleClass().add("persistence-main");
        EmptyState empty = new EmptyState();
        empty.setId("persistence-empty");
        root.getChildren().setAll(main, empty);

        model.masters().addListener((ListChangeListener<PersistenceStatus>) c -> showCards());
        model.refusals().addListener((MapChangeListener<Action, String>) c -> showReasons());
        model.readOnlyProperty().addListener((obs, old, ro) -> showReasons());
        model.messageProperty().addListener((obs, old, text) -> {
            if (text == null || text.isEmpty()) {
                notifications.hide(); // a new connection, or an action starting: the last outcome no longer holds
            } else {
                notifications.setText(text);
                notifications.show();
            }
        });
        model.phaseProperty().addListener((obs, old, p) -> showPhase(main, empty));
        // on screen = not hidden, in a window that shows: the main window makes this view ahead in its scene before the
        // window shows, and hides the views not switched to
        windowShowing = root.sceneProperty().flatMap(Scene::windowProperty).flatMap(Window::showingProperty);
        onScreen = Bindings.createBooleanBinding(
                () -> root.isVisible() && Boolean.TRUE.equals(windowShowing.getValue()), root.visibleProperty(),
                windowShowing);
        onScreen.addListener((obs, old, now) -> model.setShown(now));
        showPhase(main, empty);
        showReasons();
        showCards();
    }

    /**
     * Whether the window holding this view shows (false outside any window), and whether this view is on screen there;
     * fields, since a binding is held by its dependencies only weakly.
     */
    private ObservableValue<Boolean> windowShowing;
    private BooleanBinding onScreen;

    /** A button for {@code action}: disabled while another runs, when not connected, or when refused. */
    private Button action(Action action, String text, Feather icon, String id, String tip) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setMinWidth(Region.USE_PREF_SIZE);
        disableUnlessAllowed(action, b);
        return b;
    }

    /**
     * Bound once: off while an action runs, while there is no status, or while this connection may not run it
     * ({@link #showReasons} only sets the flag, on every read).
     */
    private void disableUnlessAllowed(Action action, Node control) {
        BooleanProperty flag = new SimpleBooleanProperty();
        refused.put(action, flag);
        control.disableProperty().bind(model.busyProperty()
                .or(model.phaseProperty().isNotEqualTo(PersistenceModel.Phase.READY)).or(flag));
    }

    /** Disabled actions, and why: a disabled button shows no tooltip, so the reasons are written out beside them. */
    private void showReasons() {
        boolean readOnly = model.readOnlyProperty().get();
        boolean noAof = !model.masters().isEmpty() && model.masters().stream().noneMatch(m -> m.appendOnlyFile().enabled());
        refused.forEach((action, flag) -> flag.set(readOnly || model.refusals().containsKey(action)
                || (action == Action.BGREWRITEAOF && noAof)));
        if (readOnly) {
            reasons.setText("This profile is read-only: it shows how the data is kept, and changes nothing.");
            return;
        }
        String told = model.refusals().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> words(e.getKey()) + ": " + e.getValue()).distinct().collect(Collectors.joining("\n"));
        reasons.setText(noAof && !model.refusals().containsKey(Action.BGREWRITEAOF)
                ? (told.isEmpty() ? "" : told + "\n") + "Rewrite AOF: AOF is off, so there is no append-only file "
                + "to rewrite (turn it on with the AOF switch)." : told);
    }

    static String words(Action action) {
        return switch (action) {
            case BGSAVE -> "Save now";
            case SAVE -> "Save, blocking";
            case BGREWRITEAOF -> "Rewrite AOF";
            case APPENDONLY -> "AOF on/off";
            case SAVE_SCHEDULE -> "Schedule";
            case CONFIG_REWRITE -> "Write config file";
        };
    }

    /** Made-up facts for the card shown while the window is made ahead (see {@link #showPlaceholders}). */
    private static final PersistenceStatus SAMPLE = new PersistenceStatus("127.0.0.1:6379", false, -1,
            new PersistenceStatus.Snapshots(Instant.EPOCH, 12_345, false, null, "ok", Duration.ofSeconds(2)),
            new PersistenceStatus.AppendOnlyFile(true, false, false, null, "ok", "ok", 1 << 20),
            new PersistenceStatus.ChildProgress(-1, -1, -1),
            new PersistenceStatus.Settings("3600 1 300 100 60 10000", "yes", "/var/lib/redis", "dump.rdb", "everysec",
                    "appendonly.aof", null));

    /**
     * Any thread, before the window shows (see {@code AppView#showPlaceholders}): a card of made-up facts among the
     * cards, so that styling and laying out the window ahead is the first time a card's nodes are styled and its
     * wrapped texts measured, not the frame that shows the first status (a frame of 50-60 ms on two vCPUs); the action
     * returned takes it away again.
     */
    Runnable showPlaceholders() {
        MasterCard sample = new MasterCard(SAMPLE, Instant.EPOCH.plusSeconds(60), model.zone());
        cards.getChildren().add(sample);
        return () -> cards.getChildren().remove(sample);
    }

    /**
     * Each read into the cards already shown: a master keeps its card, whose nodes take the new texts in place; a card
     * is made only for a master not shown before, and the row of cards changes only when the set of masters does.
     */
    private void showCards() {
        Instant now = Instant.now();
        Map<String, MasterCard> shown = new HashMap<>();
        cards.getChildren().forEach(n -> shown.put(((MasterCard) n).server(), (MasterCard) n));
        List<MasterCard> next = new ArrayList<>(model.masters().size());
        for (PersistenceStatus m : model.masters()) {
            MasterCard card = shown.remove(m.server());
            if (card == null) {
                card = new MasterCard(m, now, model.zone());
            } else {
                card.show(m, now, model.zone());
            }
            next.add(card);
        }
        if (!cards.getChildren().equals(next)) {
            cards.getChildren().setAll(next);
        }
        showAof();
        showReasons(); // whether AOF is on decides whether a rewrite makes sense
    }

    private void showAof() {
        updating = true;
        try {
            aof.setSelected(!model.masters().isEmpty() && model.masters().stream()
                    .allMatch(m -> m.appendOnlyFile().enabled()));
        } finally {
            updating = false;
        }
    }

    private void showPhase(Node main, EmptyState empty) {
        PersistenceModel.Phase p = model.phaseProperty().get();
        boolean ready = p == PersistenceModel.Phase.READY;
        main.setVisible(ready);
        empty.setVisible(!ready);
        switch (p) {
            case NOT_CONNECTED -> empty.show(Feather.LINK, "Not connected",
                    "Connect to a Redis server to see whether its data is on disk.");
            case LOADING -> empty.show(Feather.HARD_DRIVE, "Reading how the server keeps its data…",
                    "INFO persistence, LASTSAVE and the save settings.");
            case FAILED -> empty.show(Feather.ALERT_TRIANGLE, "Could not read the persistence status",
                    model.errorProperty().get());
            case READY -> { }
        }
    }

    Node root() {
        return root;
    }
}
