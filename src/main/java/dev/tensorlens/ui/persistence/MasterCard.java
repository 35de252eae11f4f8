package dev.tensorlens.ui.persistence;

import dev.tensorlens.redis.PersistenceStatus;
import dev.tensorlens.redis.PersistenceVerdict;
import dev.tensorlens.redis.SaveSchedule;
import dev.tensorlens.ui.common.HumanReadable;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One master's persistence at a glance: the verdict in plain words (coloured by how safe the data is), then the
 * facts behind it — the last snapshot and the changes since, a save or rewrite running with the server's own
 * progress, the outcome of the last ones, the append-only file, the save schedule and where the files go.
 * <p>
 * The card's nodes are made once per master and {@link #show} writes each status read into them: a read comes every
 * 500 ms while a save runs, and new labels on each would be styled and skinned on the FX thread every time. Only
 * which rows and bars are there changes the card's children, and that reuses the same nodes.
 */
final class MasterCard extends VBox {

    private static final String[] LEVEL_CLASSES = {"verdict-safe", "verdict-at_risk", "verdict-danger"};

    private final String server;
    private final FontIcon icon = new FontIcon(Feather.CHECK_CIRCLE);
    private final HBox head;
    private final Label verdict = new Label();
    private final GridPane facts = new GridPane();
    private final Fact lastSave = new Fact("Last snapshot", "fact-last-save");
    private final Fact changes = new Fact("Changes since", "fact-changes");
    private final Fact snapshot = new Fact("Snapshot", "fact-snapshot");
    private final Fact aof = new Fact("Append-only file", "fact-aof");
    private final Fact schedule = new Fact("Save schedule", "fact-schedule");
    private final Fact fsync = new Fact("appendfsync", "fact-fsync");
    private final Fact files = new Fact("Files", "fact-files");
    /** Said instead of the settings when they cannot be read. */
    private final Label why = new Label();
    private final ProgressBar loading = new ProgressBar();
    private final ProgressBar child = new ProgressBar();
    /** Whether the facts grid holds the settings' rows (or the reason they are missing); null before the first read. */
    private Boolean settingsRows;

    MasterCard(PersistenceStatus s, Instant now, ZoneId zone) {
        server = s.server();
        getStyleClass().add("master-card");
        setSpacing(8);
        setId("master-" + server.replaceAll("[^A-Za-z0-9]", "-"));
        Label name = new Label(server);
        name.getStyleClass().add("master-server");
        head = new HBox(8, icon, name);
        head.setAlignment(Pos.CENTER_LEFT);
        head.getStyleClass().add("verdict-head");
        verdict.getStyleClass().add("verdict");
        verdict.setWrapText(true);
        facts.getStyleClass().add("master-facts");
        facts.setHgap(14);
        facts.setVgap(5);
        why.getStyleClass().add("muted");
        why.setWrapText(true);
        loading.setMaxWidth(Double.MAX_VALUE);
        child.setId("child-progress");
        child.setMaxWidth(Double.MAX_VALUE);
        getChildren().addAll(head, verdict, facts);
        show(s, now, zone);
    }

    /** The master this card is about; a status of another master never reaches it. */
    String server() {
        return server;
    }

    /** Writes one status read into the card's nodes. */
    void show(PersistenceStatus s, Instant now, ZoneId zone) {
        PersistenceVerdict.Level level = PersistenceVerdict.level(s);
        icon.setIconCode(switch (level) {
            case SAFE -> Feather.CHECK_CIRCLE;
            case AT_RISK -> Feather.ALERT_CIRCLE;
            case DANGER -> Feather.ALERT_TRIANGLE;
        });
        String levelClass = "verdict-" + level.name().toLowerCase(Locale.ROOT);
        level(head, levelClass);
        level(verdict, levelClass);
        verdict.setText(PersistenceVerdict.of(s, now, zone));

        PersistenceStatus.Snapshots rdb = s.snapshots();
        lastSave.set(rdb.lastSave() == null ? "never"
                : PersistenceVerdict.time(rdb.lastSave(), now, zone) + " (" + ago(Duration.between(rdb.lastSave(), now).abs())
                + ")");
        changes.set(rdb.changesSinceLastSave() < 0 ? "not reported"
                : PersistenceVerdict.count(rdb.changesSinceLastSave()));
        snapshot.set(rdb.inProgress() ? "being written for " + PersistenceVerdict.span(
                rdb.runningFor() == null ? Duration.ZERO : rdb.runningFor()) + progress(s.child())
                : rdb.lastStatus() == null ? "—" : (rdb.lastFailed() ? "the last one FAILED" : "the last one succeeded")
                + (rdb.lastTook() == null ? "" : " (took " + PersistenceVerdict.span(rdb.lastTook()) + ")"));
        PersistenceStatus.AppendOnlyFile file = s.appendOnlyFile();
        aof.set(!file.enabled() ? "off" : "on" + (file.currentSize() >= 0 ? ", " + HumanReadable.bytes(file.currentSize()) : "")
                + (file.rewriteRunning() ? ", being rewritten for " + PersistenceVerdict.span(file.runningFor() == null
                ? Duration.ZERO : file.runningFor()) + progress(s.child()) : file.rewriteScheduled()
                ? ", a rewrite waits for the snapshot" : "")
                + (file.lastRewriteFailed() ? "; the last rewrite FAILED" : "")
                + (file.lastWriteFailed() ? "; the last write to it FAILED" : ""));
        PersistenceStatus.Settings settings = s.settings();
        if (settings.known()) {
            SaveSchedule saves = settings.schedule();
            schedule.set(saves == null ? settings.saveSchedule() : saves.describe());
            fsync.set(settings.appendfsync());
            files.set(settings.dir() + " · " + settings.dbfilename()
                    + (file.enabled() && settings.appendfilename() != null ? " · " + settings.appendfilename() : ""));
        } else {
            why.setText(settings.unavailableReason());
        }
        layOutFacts(settings.known());

        ProgressBar bar = null;
        if (s.loading()) {
            loading.setProgress(s.loadedPercent() < 0 ? -1 : s.loadedPercent() / 100);
            bar = loading;
        } else if ((rdb.inProgress() || file.rewriteRunning()) && s.child().percent() >= 0) {
            child.setProgress(s.child().percent() / 100);
            bar = child;
        }
        List<Node> shown = bar == null ? List.of(head, verdict, facts) : List.of(head, verdict, facts, bar);
        if (!getChildren().equals(shown)) {
            getChildren().setAll(shown);
        }
    }

    /** The grid's rows: the same nodes every time; they move only when the settings become readable or unreadable. */
    private void layOutFacts(boolean known) {
        if (settingsRows != null && settingsRows == known) {
            return;
        }
        settingsRows = known;
        facts.getChildren().clear();
        List<Fact> rows = new ArrayList<>(List.of(lastSave, changes, snapshot, aof));
        if (known) {
            rows.addAll(List.of(schedule, fsync, files));
        }
        int row = 0;
        for (Fact f : rows) {
            facts.addRow(row++, f.name, f.value);
        }
        if (!known) {
            facts.add(why, 0, row, 2, 1);
        }
    }

    /** Sets {@code levelClass} as the node's one verdict level class, leaving its style classes alone when it has it. */
    private static void level(Node node, String levelClass) {
        if (node.getStyleClass().contains(levelClass)) {
            return;
        }
        node.getStyleClass().removeAll(LEVEL_CLASSES);
        node.getStyleClass().add(levelClass);
    }

    /** A fact's two labels: its name, and its value that wraps (the name never shrinks to "…"). */
    private static final class Fact {
        final Label name;
        final Label value = new Label();

        Fact(String title, String id) {
            name = new Label(title);
            name.getStyleClass().add("fact-name");
            name.setMinWidth(Region.USE_PREF_SIZE);
            value.setId(id);
            value.getStyleClass().add("fact-value");
            value.setWrapText(true);
        }

        void set(String text) {
            value.setText(text == null ? "—" : text);
        }
    }

    private static String ago(Duration d) {
        return d.toSeconds() < 1 ? "just now" : PersistenceVerdict.span(d) + " ago";
    }

    /** The server's own progress of the forked child, as far as it reports it (Redis 6.2 and later). */
    private static String progress(PersistenceStatus.ChildProgress child) {
        if (child.keysTotal() > 0 && child.keysProcessed() >= 0) {
            return String.format(Locale.ROOT, " (%,d of %,d keys)", child.keysProcessed(), child.keysTotal());
        }
        return child.percent() >= 0 ? String.format(Locale.ROOT, " (%.0f%%)", child.percent()) : "";
    }
}
