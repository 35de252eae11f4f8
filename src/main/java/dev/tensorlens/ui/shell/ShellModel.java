package dev.tensorlens.ui.shell;

import dev.tensorlens.redis.ConnectionCheck;
import dev.tensorlens.redis.ConnectionMode;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.ConnectionState;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.settings.UiSettings;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.ViewId;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.Locale;
import java.util.function.UnaryOperator;

/** The main window's state: which view is shown, the theme, and the status bar's texts. */
public final class ShellModel {

    private final SessionModel session;
    private final UiSettings.Store settingsStore;
    private UiSettings settings;

    private final ObjectProperty<ViewId> currentView = new SimpleObjectProperty<>(this, "currentView");
    private final BooleanProperty darkTheme = new SimpleBooleanProperty(this, "darkTheme");

    private final StringBinding stateText;
    private final StringBinding targetText;
    private final StringBinding versionText;
    private final StringBinding databaseText;
    private final StringBinding modeText;
    private final StringBinding latencyText;

    public ShellModel(SessionModel session, UiSettings.Store settingsStore) {
        this.session = session;
        this.settingsStore = settingsStore;
        this.settings = settingsStore.current();
        currentView.set(parseView(settings.lastView()));
        darkTheme.set(settings.darkTheme());
        currentView.addListener((obs, old, view) -> save(s -> s.withLastView(view.name())));
        darkTheme.addListener((obs, old, dark) -> save(s -> s.withDarkTheme(dark)));

        stateText = Bindings.createStringBinding(() -> {
            ConnectionState state = session.stateProperty().get();
            String activity = session.activityProperty().get();
            if (state == ConnectionState.CONNECTING && activity != null) {
                return activity;
            }
            if (state == ConnectionState.DISCONNECTED) {
                return "Disconnected · retrying";
            }
            return state.label();
        }, session.stateProperty(), session.activityProperty());
        targetText = Bindings.createStringBinding(() -> {
            ConnectionProfile p = session.profileProperty().get();
            if (p == null) {
                return "No server · Ctrl+K to connect";
            }
            return p.name().isEmpty() ? p.target() : p.name() + " (" + p.target() + ")";
        }, session.profileProperty());
        versionText = Bindings.createStringBinding(() -> {
            String v = session.serverVersionProperty().get();
            return v == null ? "" : "Redis " + v;
        }, session.serverVersionProperty());
        databaseText = Bindings.createStringBinding(() -> {
            ConnectionProfile p = session.profileProperty().get();
            return p == null || session.sessionProperty().get() == null ? "" : "db " + p.database();
        }, session.profileProperty(), session.sessionProperty());
        // How we reach the data: a Sentinel profile reads "sentinel" although its master calls itself standalone. The
        // session's profile, not the one opened: a redis:// profile at a cluster node opens a cluster session.
        modeText = Bindings.createStringBinding(() -> {
            RedisSession s = session.sessionProperty().get();
            if (s == null) {
                return "";
            }
            ConnectionProfile p = s.profile();
            String serverMode = session.serverModeProperty().get();
            if (p.mode() == ConnectionMode.STANDALONE && serverMode != null) {
                return serverMode;
            }
            return p.mode().label().toLowerCase(Locale.ROOT);
        }, session.serverModeProperty(), session.profileProperty(), session.sessionProperty());
        latencyText = Bindings.createStringBinding(() -> {
            var rtt = session.latencyProperty().get();
            return rtt == null ? "" : ConnectionCheck.formatMillis(rtt);
        }, session.latencyProperty());
    }

    private static ViewId parseView(String name) {
        if (name != null) {
            for (ViewId id : ViewId.values()) {
                if (id.name().equals(name)) {
                    return id;
                }
            }
        }
        return ViewId.BROWSER; // a first run starts where the keys are
    }

    /** The theme still switches when the file cannot be written; it just won't be remembered. */
    private void save(UnaryOperator<UiSettings> change) {
        settings = settingsStore.update(change);
    }

    public void select(ViewId view) {
        currentView.set(view);
    }

    public void toggleTheme() {
        darkTheme.set(!darkTheme.get());
    }

    public void rememberProfile(ConnectionProfile profile) {
        save(s -> s.withLastProfileId(profile.id()));
    }

    public String lastProfileId() {
        return settings.lastProfileId();
    }

    public SessionModel session() {
        return session;
    }

    public ObjectProperty<ViewId> currentViewProperty() {
        return currentView;
    }

    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    public StringBinding stateText() {
        return stateText;
    }

    public StringBinding targetText() {
        return targetText;
    }

    public StringBinding versionText() {
        return versionText;
    }

    public StringBinding databaseText() {
        return databaseText;
    }

    public StringBinding modeText() {
        return modeText;
    }

    public StringBinding latencyText() {
        return latencyText;
    }
}
