package dev.tensorlens.ui.connect;

import dev.tensorlens.redis.ConnectionCheck;
import dev.tensorlens.redis.ConnectionMode;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.settings.ProfileStore;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The connection manager's state: the saved profiles, the form for the one being edited, and what the last
 * action (test, save, connect) had to say.
 */
public final class ConnectModel {

    /** A line under the form: what happened, and whether it went well. */
    public record Feedback(Kind kind, String text) {
        public enum Kind { RUNNING, OK, ERROR }
    }

    private final ProfileStore store;
    private final Function<ConnectionProfile, CompletableFuture<ConnectionCheck.Result>> tester;
    /** The connection test running: a new one replaces it. */
    private final Jobs testing;

    private final ObservableList<ConnectionProfile> profiles = FXCollections.observableArrayList();
    private final ObjectProperty<ConnectionProfile> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<Feedback> feedback = new ReadOnlyObjectWrapper<>(this, "feedback");
    private final ReadOnlyBooleanWrapper testRunning = new ReadOnlyBooleanWrapper(this, "testRunning");

    /** The id of the profile in the form; a new profile gets one when first saved. */
    private String editingId;

    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty uri = new SimpleStringProperty(this, "uri", "");
    private final ObjectProperty<ConnectionMode> mode = new SimpleObjectProperty<>(this, "mode", ConnectionMode.STANDALONE);
    private final StringProperty host = new SimpleStringProperty(this, "host", "");
    private final StringProperty port = new SimpleStringProperty(this, "port", "");
    private final StringProperty database = new SimpleStringProperty(this, "database", "");
    private final StringProperty username = new SimpleStringProperty(this, "username", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final BooleanProperty rememberPassword = new SimpleBooleanProperty(this, "rememberPassword");
    private final BooleanProperty tls = new SimpleBooleanProperty(this, "tls");
    private final StringProperty caFile = new SimpleStringProperty(this, "caFile", "");
    private final BooleanProperty verifyPeer = new SimpleBooleanProperty(this, "verifyPeer", true);
    private final StringProperty sentinelMaster = new SimpleStringProperty(this, "sentinelMaster", "");
    private final StringProperty sentinelNodes = new SimpleStringProperty(this, "sentinelNodes", "");
    private final StringProperty clusterNodes = new SimpleStringProperty(this, "clusterNodes", "");
    private final BooleanProperty readOnly = new SimpleBooleanProperty(this, "readOnly");
    private final StringProperty timeoutSeconds = new SimpleStringProperty(this, "timeoutSeconds", "");

    public ConnectModel(ProfileStore store, UiExecutor ui,
                        Function<ConnectionProfile, CompletableFuture<ConnectionCheck.Result>> tester) {
        this.store = store;
        this.testing = new Jobs(ui);
        this.tester = tester;
        selected.addListener((obs, old, profile) -> {
            if (profile != null) {
                fill(profile);
            }
        });
        fill(ConnectionProfile.local().toBuilder().name("").build());
        editingId = null;
    }

    /** Reads the saved profiles and selects {@code preferredId} (or the first, or a new local profile). */
    public void load(String preferredId) {
        ProfileStore.Loaded loaded = store.load();
        profiles.setAll(loaded.profiles());
        String loadError = loaded.warnings().isEmpty() ? null : String.join(" ", loaded.warnings());
        ConnectionProfile preferred = profiles.stream()
                .filter(p -> p.id().equals(preferredId)).findFirst()
                .orElse(profiles.isEmpty() ? null : profiles.get(0));
        if (preferred != null) {
            selected.set(preferred);
        } else {
            newProfile();
        }
        if (loadError != null) {
            feedback.set(new Feedback(Feedback.Kind.ERROR, loadError));
        }
    }

    /** Clears the form for a new profile: a local server on the default port. */
    public void newProfile() {
        selected.set(null);
        fill(ConnectionProfile.local().toBuilder().name("").build());
        editingId = null;
        feedback.set(null);
    }

    /** Puts a profile into the form; the password too, so "Connect" works without typing it again. */
    public void fill(ConnectionProfile p) {
        editingId = p.id();
        name.set(p.name());
        uri.set("");
        mode.set(p.mode());
        host.set(p.host());
        port.set(Integer.toString(p.port()));
        database.set(Integer.toString(p.database()));
        username.set(nullToEmpty(p.username()));
        password.set(nullToEmpty(p.password()));
        rememberPassword.set(p.rememberPassword());
        tls.set(p.tls());
        caFile.set(nullToEmpty(p.caFile()));
        verifyPeer.set(p.verifyPeer());
        sentinelMaster.set(nullToEmpty(p.sentinelMaster()));
        sentinelNodes.set(String.join(", ", p.sentinelNodes()));
        clusterNodes.set(String.join(", ", p.clusterNodes()));
        readOnly.set(p.readOnly());
        timeoutSeconds.set(formatSeconds(p.commandTimeoutMillis()));
        feedback.set(null);
    }

    /** Reads the URI field into the form fields (keeping the name and read-only choice). */
    public boolean applyUri() {
        String text = uri.get() == null ? "" : uri.get().trim();
        if (text.isEmpty()) {
            return true;
        }
        try {
            ConnectionProfile parsed = ConnectionProfile.fromUri(text);
            String keptName = name.get();
            boolean keptReadOnly = readOnly.get();
            String keptTimeout = timeoutSeconds.get();
            String keptId = editingId;
            fill(parsed);
            editingId = keptId;
            name.set(keptName);
            readOnly.set(keptReadOnly);
            timeoutSeconds.set(keptTimeout);
            return true;
        } catch (IllegalArgumentException e) {
            feedback.set(new Feedback(Feedback.Kind.ERROR, "URI: " + e.getMessage() + "."));
            return false;
        }
    }

    /**
     * The form as a profile, or empty with the reasons in {@link #feedbackProperty()} when a field does not
     * make sense.
     */
    public Optional<ConnectionProfile> formProfile() {
        if (!applyUri()) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        int portNumber = parseInt(port.get(), "Port", ConnectionProfile.DEFAULT_PORT, problems);
        int db = parseInt(database.get(), "Database", 0, problems);
        long timeoutMillis = ConnectionProfile.DEFAULT_TIMEOUT_MILLIS;
        String timeoutText = timeoutSeconds.get() == null ? "" : timeoutSeconds.get().trim();
        if (!timeoutText.isEmpty()) {
            try {
                double seconds = Double.parseDouble(timeoutText);
                if (seconds <= 0 || seconds > 3600) {
                    problems.add("Timeout must be between 0 and 3600 seconds.");
                }
                timeoutMillis = Math.round(seconds * 1000);
            } catch (NumberFormatException e) {
                problems.add("Timeout '" + timeoutText + "' is not a number of seconds.");
            }
        }
        if (host.get() == null || host.get().isBlank()) {
            if (mode.get() == ConnectionMode.STANDALONE) {
                problems.add("Host is empty.");
            }
        }
        ConnectionProfile profile = ConnectionProfile.builder()
                .id(editingId)
                .name(name.get())
                .mode(mode.get())
                .host(host.get())
                .port(portNumber)
                .database(db)
                .username(username.get())
                .password(password.get())
                .rememberPassword(rememberPassword.get())
                .tls(tls.get())
                .caFile(caFile.get())
                .verifyPeer(verifyPeer.get())
                .sentinelMaster(sentinelMaster.get())
                .sentinelNodes(splitNodes(sentinelNodes.get()))
                .clusterNodes(splitNodes(clusterNodes.get()))
                .readOnly(readOnly.get())
                .commandTimeoutMillis(timeoutMillis)
                .build();
        problems.addAll(profile.problems());
        if (!problems.isEmpty()) {
            feedback.set(new Feedback(Feedback.Kind.ERROR, String.join(" ", problems)));
            return Optional.empty();
        }
        return Optional.of(profile);
    }

    /** Saves the form as a profile (new or replacing the one with its id). */
    public Optional<ConnectionProfile> save() {
        Optional<ConnectionProfile> form = formProfile();
        if (form.isEmpty()) {
            return form;
        }
        ConnectionProfile profile = form.get();
        List<ConnectionProfile> next = new ArrayList<>(profiles);
        int at = indexOf(next, profile.id());
        if (at >= 0) {
            next.set(at, profile);
        } else {
            next.add(profile);
        }
        try {
            store.save(next);
        } catch (IOException e) {
            feedback.set(new Feedback(Feedback.Kind.ERROR, "Could not save the profiles to "
                    + store.profilesFile() + ": " + e.getMessage()));
            return Optional.empty();
        }
        profiles.setAll(next);
        editingId = profile.id();
        selected.set(profile);
        feedback.set(new Feedback(Feedback.Kind.OK, "Saved \"" + profile.displayName() + "\"."
                + (profile.password() != null && !profile.rememberPassword() ? " The password is kept for this session only." : "")));
        return Optional.of(profile);
    }

    /** Deletes the selected saved profile (and its remembered password). */
    public void deleteSelected() {
        ConnectionProfile victim = selected.get();
        if (victim == null) {
            newProfile();
            return;
        }
        List<ConnectionProfile> next = new ArrayList<>(profiles);
        next.removeIf(p -> p.id().equals(victim.id()));
        try {
            store.save(next);
        } catch (IOException e) {
            feedback.set(new Feedback(Feedback.Kind.ERROR, "Could not save the profiles: " + e.getMessage()));
            return;
        }
        profiles.setAll(next);
        if (profiles.isEmpty()) {
            newProfile();
        } else {
            selected.set(profiles.get(0));
        }
        feedback.set(new Feedback(Feedback.Kind.OK, "Deleted \"" + victim.displayName() + "\"."));
    }

    /** "Test connection": connects with the form's settings and reports the version and round trip, or why not. */
    public CompletableFuture<ConnectionCheck.Result> test() {
        Optional<ConnectionProfile> form = formProfile();
        if (form.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(feedback.get().text()));
        }
        ConnectionProfile p = form.get();
        testRunning.set(true);
        feedback.set(new Feedback(Feedback.Kind.RUNNING, "Connecting to " + p.target() + "…"));
        // the verdict first, then "no longer running": whoever waits for the end then sees the verdict
        return testing.<ConnectionCheck.Result>replacing("Connecting to " + p.target())
                .onSuccess(r -> feedback.set(new Feedback(Feedback.Kind.OK, r.describe())))
                .onFailure(sentence -> feedback.set(new Feedback(Feedback.Kind.ERROR, sentence)))
                .onFinished(() -> testRunning.set(false))
                .start(() -> tester.apply(p))
                .result();
    }

    /**
     * The profile to open, saved first so that it is there next time. The password is kept in memory even
     * when it is not remembered on disk.
     */
    public Optional<ConnectionProfile> profileToOpen() {
        testing.cancelAll();
        testRunning.set(false);
        return save();
    }

    public void cancelTest() {
        testing.cancelAll();
        testRunning.set(false);
    }

    private static int indexOf(List<ConnectionProfile> list, String id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitNodes(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    private static int parseInt(String text, String field, int fallback, List<String> problems) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            problems.add(field + " '" + t + "' is not a whole number.");
            return fallback;
        }
    }

    private static String formatSeconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    public ObservableList<ConnectionProfile> profiles() { return profiles; }
    public ObjectProperty<ConnectionProfile> selectedProperty() { return selected; }
    public ReadOnlyObjectProperty<Feedback> feedbackProperty() { return feedback.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty testRunningProperty() { return testRunning.getReadOnlyProperty(); }
    public StringProperty nameProperty() { return name; }
    public StringProperty uriProperty() { return uri; }
    public ObjectProperty<ConnectionMode> modeProperty() { return mode; }
    public StringProperty hostProperty() { return host; }
    public StringProperty portProperty() { return port; }
    public StringProperty databaseProperty() { return database; }
    public StringProperty usernameProperty() { return username; }
    public StringProperty passwordProperty() { return password; }
    public BooleanProperty rememberPasswordProperty() { return rememberPassword; }
    public BooleanProperty tlsProperty() { return tls; }
    public StringProperty caFileProperty() { return caFile; }
    public BooleanProperty verifyPeerProperty() { return verifyPeer; }
    public StringProperty sentinelMasterProperty() { return sentinelMaster; }
    public StringProperty sentinelNodesProperty() { return sentinelNodes; }
    public StringProperty clusterNodesProperty() { return clusterNodes; }
    public BooleanProperty readOnlyProperty() { return readOnly; }
    public StringProperty timeoutSecondsProperty() { return timeoutSeconds; }
}
