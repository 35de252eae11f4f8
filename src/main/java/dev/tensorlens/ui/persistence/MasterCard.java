package dev.tensorlens.ui.persistence;

import dev.tensorlens.redis.PersistenceStatus;
import dev.tensorlens.redis.PersistenceVerdict;
import dev.tensorlens.redis.SaveSchedule;
import dev.tensorlens.ui.common.HumanReadable;
import javafx.geometry.Pos;
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
import java.util.Locale;

/**
 * One master's persistence at a glance: the verdict in plain words (coloured by how safe the data is), then the
 * facts behind it — the last snapshot and the changes since, a save or rewrite running with the server's own
 * progress, the outcome of the last ones, the append-only file, the save schedule and where the files go.
 */
final class MasterCard extends VBox {

    MasterCard(PersistenceStatus s, Instant now, ZoneId zone) {
        getStyleClass().add("master-card");
        setSpacing(8);
        setId("master-" + s.server().replaceAll("[^A-Za-z0-9]", "-"));
        PersistenceVerdict.Level level = PersistenceVerdict.level(s);
        FontIcon icon = new FontIcon(switch (level) {
            case SAFE -> Feather.CHECK_CIRCLE;
            case AT_RISK -> Feather.ALERT_CIRCLE;
            case DANGER -> Feather.ALERT_TRIANGLE;
        });
        Label server = new Label(s.server());
        server.getStyleClass().add("master-server");
        HBox head = new HBox(8, icon, server);
        head.setAlignment(Pos.CENTER_LEFT);
        Label verdict = new Label(PersistenceVerdict.of(s, now, zone));
        verdict.getStyleClass().addAll("verdict", "verdict-" + level.name().toLowerCase(Locale.ROOT));
        verdict.setWrapText(true);
        head.getStyleClass().addAll("verdict-head", "verdict-" + level.name().toLowerCase(Locale.ROOT));

        GridPane facts = new GridPane();
        facts.getStyleClass().add("master-facts");
        facts.setHgap(14);
        facts.setVgap(5);
        int row = 0;
        PersistenceStatus.Snapshots rdb = s.snapshots();
        row = fact(facts, row, "Last snapshot", rdb.lastSave() == null ? "never"
                : PersistenceVerdict.time(rdb.lastSave(), now, zone) + " (" + ago(Duration.between(rdb.lastSave(), now).abs())
                + ")", "fact-last-save");
        row = fact(facts, row, "Changes since", rdb.changesSinceLastSave() < 0 ? "not reported"
                : PersistenceVerdict.count(rdb.changesSinceLastSave()), "fact-changes");
        String snapshot = rdb.inProgress() ? "being written for " + PersistenceVerdict.span(
                rdb.runningFor() == null ? Duration.ZERO : rdb.runningFor()) + progress(s.child())
                : rdb.lastStatus() == null ? "—" : (rdb.lastFailed() ? "the last one FAILED" : "the last one succeeded")
                + (rdb.lastTook() == null ? "" : " (took " + PersistenceVerdict.span(rdb.lastTook()) + ")");
        row = fact(facts, row, "Snapshot", snapshot, "fact-snapshot");
        PersistenceStatus.AppendOnlyFile aof = s.appendOnlyFile();
        String aofText = !aof.enabled() ? "off" : "on" + (aof.currentSize() >= 0 ? ", " + HumanReadable.bytes(aof.currentSize()) : "")
                + (aof.rewriteRunning() ? ", being rewritten for " + PersistenceVerdict.span(aof.runningFor() == null
                ? Duration.ZERO : aof.runningFor()) + progress(s.child()) : aof.rewriteScheduled()
                ? ", a rewrite waits for the snapshot" : "")
                + (aof.lastRewriteFailed() ? "; the last rewrite FAILED" : "")
                + (aof.lastWriteFailed() ? "; the last write to it FAILED" : "");
        row = fact(facts, row, "Append-only file", aofText, "fact-aof");
        PersistenceStatus.Settings settings = s.settings();
        if (settings.known()) {
            SaveSchedule schedule = settings.schedule();
            row = fact(facts, row, "Save schedule", schedule == null ? settings.saveSchedule() : schedule.describe(),
                    "fact-schedule");
            row = fact(facts, row, "appendfsync", settings.appendfsync(), "fact-fsync");
            row = fact(facts, row, "Files", settings.dir() + " · " + settings.dbfilename()
                    + (aof.enabled() && settings.appendfilename() != null ? " · " + settings.appendfilename() : ""),
                    "fact-files");
        } else {
            Label why = new Label(settings.unavailableReason());
            why.getStyleClass().add("muted");
            why.setWrapText(true);
            facts.add(why, 0, row++, 2, 1);
        }
        getChildren().addAll(head, verdict, facts);
        if (s.loading()) {
            ProgressBar loading = new ProgressBar(s.loadedPercent() < 0 ? -1 : s.loadedPercent() / 100);
            loading.setMaxWidth(Double.MAX_VALUE);
            getChildren().add(loading);
        } else if ((rdb.inProgress() || aof.rewriteRunning()) && s.child().percent() >= 0) {
            ProgressBar child = new ProgressBar(s.child().percent() / 100);
            child.setId("child-progress");
            child.setMaxWidth(Double.MAX_VALUE);
            getChildren().add(child);
        }
    }

    private static int fact(GridPane grid, int row, String name, String value, String id) {
        Label n = new Label(name);
        n.getStyleClass().add("fact-name");
        n.setMinWidth(Region.USE_PREF_SIZE); // the value wraps, the name never shrinks to "…"
        Label v = new Label(value == null ? "—" : value);
        v.setId(id);
        v.getStyleClass().add("fact-value");
        v.setWrapText(true);
        grid.addRow(row, n, v);
        return row + 1;
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
