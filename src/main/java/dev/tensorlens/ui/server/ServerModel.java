package dev.tensorlens.ui.server;

import dev.tensorlens.redis.ConnectionState;
import dev.tensorlens.redis.RedisErrors;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ServerInfo;
import dev.tensorlens.redis.ServerInfoService;
import dev.tensorlens.redis.ServerOverview;
import dev.tensorlens.ui.common.LatestWins;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The server view's state: the last overview fetched, the INFO fields filtered by the user, and the phase. */
public final class ServerModel {

    public enum Phase { NOT_CONNECTED, LOADING, LOADED, FAILED }

    /** One INFO field in the table. */
    public record InfoRow(String section, String field, String value) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final SessionModel session;
    private final UiExecutor ui;
    private final LatestWins<ServerOverview> loading = new LatestWins<>();

    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.NOT_CONNECTED);
    private final ReadOnlyObjectWrapper<ServerOverview> overview = new ReadOnlyObjectWrapper<>(this, "overview");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper updated = new ReadOnlyStringWrapper(this, "updated", "");
    private final ObservableList<ServerStats.Stat> stats = FXCollections.observableArrayList();
    private final ObservableList<ServerInfo.KeyspaceEntry> keyspace = FXCollections.observableArrayList();
    private final ObservableList<InfoRow> infoRows = FXCollections.observableArrayList();
    private final FilteredList<InfoRow> filteredInfoRows = new FilteredList<>(infoRows);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");

    public ServerModel(SessionModel session, UiExecutor ui) {
        this.session = session;
        this.ui = ui;
        filter.addListener((obs, old, text) -> applyFilter(text));
        // fetch again when a connection opens or comes back after a drop
        session.stateProperty().addListener((obs, old, state) -> {
            if (state == ConnectionState.CONNECTED && session.session() != null) {
                refresh();
            } else if (state == ConnectionState.CLOSED) {
                loading.cancel();
                clear();
            }
        });
        session.sessionProperty().addListener((obs, old, s) -> {
            if (s != null) {
                refresh();
            }
        });
    }

    /** Fetches INFO, DBSIZE, ROLE and a PING; the previous fetch, if still running, is cancelled. */
    public void refresh() {
        RedisSession s = session.session();
        if (s == null) {
            clear();
            return;
        }
        phase.set(Phase.LOADING);
        ui.whenDone(loading.submit(() -> new ServerInfoService(s).overview()), this::show, failure -> {
            error.set(RedisErrors.describe("Reading the server's INFO", failure));
            phase.set(Phase.FAILED);
        });
    }

    private void show(ServerOverview o) {
        overview.set(o);
        error.set(null);
        stats.setAll(ServerStats.of(o));
        keyspace.setAll(o.info().keyspace());
        List<InfoRow> rows = new ArrayList<>();
        o.info().sections().forEach((section, fields) ->
                fields.forEach((field, value) -> rows.add(new InfoRow(section, field, value))));
        infoRows.setAll(rows);
        updated.set("Updated " + TIME.format(o.fetchedAt()));
        phase.set(Phase.LOADED);
    }

    private void clear() {
        overview.set(null);
        stats.clear();
        keyspace.clear();
        infoRows.clear();
        updated.set("");
        error.set(null);
        phase.set(Phase.NOT_CONNECTED);
    }

    private void applyFilter(String text) {
        String needle = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        filteredInfoRows.setPredicate(needle.isEmpty() ? null : row ->
                row.field().toLowerCase(Locale.ROOT).contains(needle)
                        || row.section().contains(needle)
                        || row.value().toLowerCase(Locale.ROOT).contains(needle));
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() { return phase.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ServerOverview> overviewProperty() { return overview.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyStringProperty updatedProperty() { return updated.getReadOnlyProperty(); }
    public ObservableList<ServerStats.Stat> stats() { return stats; }
    public ObservableList<ServerInfo.KeyspaceEntry> keyspace() { return keyspace; }
    public ObservableList<InfoRow> infoRows() { return filteredInfoRows; }
    public StringProperty filterProperty() { return filter; }
    public SessionModel session() { return session; }
}
