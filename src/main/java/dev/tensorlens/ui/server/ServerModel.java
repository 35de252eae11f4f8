package dev.tensorlens.ui.server;

import dev.tensorlens.redis.ConnectionState;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ServerInfo;
import dev.tensorlens.redis.ServerInfoService;
import dev.tensorlens.redis.ServerOverview;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
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
    /** The overview being fetched: a new fetch replaces it. */
    private final Jobs loading;

    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.NOT_CONNECTED);
    private final ReadOnlyObjectWrapper<ServerOverview> overview = new ReadOnlyObjectWrapper<>(this, "overview");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper updated = new ReadOnlyStringWrapper(this, "updated", "");
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(this, "stale");
    private final ObservableList<ServerStats.Stat> stats = FXCollections.observableArrayList();
    private final ObservableList<ServerInfo.KeyspaceEntry> keyspace = FXCollections.observableArrayList();
    private final ObservableList<InfoRow> infoRows = FXCollections.observableArrayList();
    private final FilteredList<InfoRow> filteredInfoRows = new FilteredList<>(infoRows);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");

    /** Shown once: only then does a connection fetch the figures (see {@link #start()}). */
    private boolean started;

    public ServerModel(SessionModel session, UiExecutor ui) {
        this.session = session;
        this.ui = ui;
        this.loading = new Jobs(ui);
        filter.addListener((obs, old, text) -> applyFilter(text));
        // fetch again when a connection opens or comes back after a drop
        session.stateProperty().addListener((obs, old, state) -> {
            if (state == ConnectionState.CONNECTED && session.session() != null && started) {
                refresh();
            } else if (state == ConnectionState.CLOSED) {
                loading.cancelAll();
                clear();
            } else {
                stamp(); // the figures stay, marked as read before the connection dropped
            }
        });
        session.sessionProperty().addListener((obs, old, s) -> {
            if (s != null && started) {
                refresh();
            }
        });
    }

    /**
     * The view is shown for the first time: the figures are fetched now and on every connection from now on (a view
     * made ahead and never opened reads nothing).
     */
    public void start() {
        if (!started) {
            started = true;
            refresh();
        }
    }

    /** Fetches INFO, DBSIZE, ROLE and a PING; the previous fetch, if still running, is cancelled. */
    public void refresh() {
        RedisSession s = session.session();
        if (s == null) {
            clear();
            return;
        }
        phase.set(Phase.LOADING);
        loading.<ServerOverview>replacing("Reading the server's INFO")
                .onSuccess(this::show)
                .onFailure(sentence -> {
                    error.set(sentence);
                    phase.set(Phase.FAILED);
                })
                .start(() -> new ServerInfoService(s).overview());
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
        phase.set(Phase.LOADED);
        stamp();
    }

    private void stamp() {
        ServerOverview o = overview.get();
        boolean down = session.stateProperty().get() != ConnectionState.CONNECTED;
        stale.set(o != null && down);
        updated.set(o == null ? "" : stale.get()
                ? "Read at " + TIME.format(o.fetchedAt()) + " · connection down"
                : "Updated " + TIME.format(o.fetchedAt()));
    }

    private void clear() {
        overview.set(null);
        stats.clear();
        keyspace.clear();
        infoRows.clear();
        updated.set("");
        stale.set(false);
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
    public ReadOnlyBooleanProperty staleProperty() { return stale.getReadOnlyProperty(); }
    public ObservableList<ServerStats.Stat> stats() { return stats; }
    public ObservableList<ServerInfo.KeyspaceEntry> keyspace() { return keyspace; }
    public ObservableList<InfoRow> infoRows() { return filteredInfoRows; }
    public StringProperty filterProperty() { return filter; }
    public SessionModel session() { return session; }
}
