package dev.tensorlens.ui.common;

import dev.tensorlens.mlstate.MlStateIndex;
import dev.tensorlens.redis.KeyspaceEvents;
import dev.tensorlens.redis.MlStateCatalogue;
import dev.tensorlens.redis.PubSubHub;
import dev.tensorlens.redis.RedisSession;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The ML-state catalogue of the open connection, shared by the Models, Data and Datasets views: one background walk
 * of the keyspace per connection (started by the first view that needs it, listed in the task drawer, its first
 * finds shown while it runs), and, while Live is on, kept current from keyspace notifications — asked for with the
 * user's consent when they are off, never on a read-only profile. Changed on the UI thread.
 */
public final class CatalogueModel {

    public enum Phase { NOT_CONNECTED, SCANNING, READY, FAILED }

    private static final MlStateIndex EMPTY = new MlStateIndex(List.of(), List.of(), List.of());

    private final SessionModel session;
    private final UiExecutor ui;
    private final TaskList tasks;
    private final Dialogs dialogs;
    private final Jobs scans;
    private final Jobs live;
    private final List<Consumer<List<String>>> changeListeners = new ArrayList<>();

    private final ReadOnlyObjectWrapper<MlStateIndex> index = new ReadOnlyObjectWrapper<>(this, "index", EMPTY);
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.NOT_CONNECTED);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Not connected");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final BooleanProperty following = new SimpleBooleanProperty(this, "live", false);
    private final ReadOnlyStringWrapper liveMessage = new ReadOnlyStringWrapper(this, "liveMessage");

    private MlStateCatalogue catalogue;
    private PubSubHub.Subscription subscription;
    private boolean wanted;

    public CatalogueModel(SessionModel session, UiExecutor ui, TaskList tasks, Dialogs dialogs) {
        this.session = session;
        this.ui = ui;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.scans = new Jobs(ui);
        this.live = new Jobs(ui);
        session.sessionProperty().addListener((obs, old, s) -> reset(s));
        following.addListener((obs, was, on) -> {
            if (on) {
                startFollowing();
            } else {
                stopFollowing();
            }
        });
    }

    /** The first view that shows the catalogue calls this: the walk starts once per connection. */
    public void ensureScanned() {
        wanted = true;
        if (catalogue == null && session.session() != null) {
            rescan();
        }
    }

    /** Walks the keyspace again (F5), replacing a walk in progress. */
    public void rescan() {
        wanted = true;
        RedisSession s = session.session();
        if (s == null) {
            return;
        }
        MlStateCatalogue c = catalogueFor(s);
        phase.set(Phase.SCANNING);
        error.set(null);
        progress.set(0);
        status.set("Looking for models, cached arrays and datasets…");
        scans.<MlStateIndex>replacing("Listing models, cached arrays and datasets")
                .listedIn(tasks)
                .onProgress(job -> {
                    progress.set(job.progressProperty().get());
                    status.set(job.messageProperty().get());
                })
                .onSuccess(found -> {
                    publish(c, found);
                    phase.set(Phase.READY);
                    progress.set(1);
                    status.set(summary(found));
                })
                .onFailure(sentence -> {
                    error.set(sentence);
                    phase.set(Phase.FAILED);
                    status.set("The listing stopped: " + sentence);
                })
                .startWithContext(ctx -> {
                    MlStateCatalogue.CatalogueWalk walk = c.scan(p -> ctx.progress(p.fraction(), String.format(
                            Locale.ROOT, "Listing… %,d of %,d keys (pass %d of %d)", p.keysSeen(), p.dbSize(),
                            Math.min(p.passes(), p.passesDone() + 1), p.passes())));
                    ctx.stopWith(walk::stop);
                    return walk.result();
                });
    }

    private MlStateCatalogue catalogueFor(RedisSession s) {
        if (catalogue == null) {
            MlStateCatalogue[] made = new MlStateCatalogue[1];
            made[0] = new MlStateCatalogue(s, found -> ui.execute(() -> publish(made[0], found)));
            made[0].onChanges(keys -> ui.execute(() -> changed(made[0], keys)));
            catalogue = made[0];
        }
        return catalogue;
    }

    /** An index from this connection's catalogue (not a late one from the connection before). */
    private void publish(MlStateCatalogue from, MlStateIndex found) {
        if (from == catalogue) {
            index.set(found);
            if (phase.get() == Phase.READY) {
                status.set(summary(found));
            }
        }
    }

    private void changed(MlStateCatalogue from, List<String> keys) {
        if (from == catalogue) {
            changeListeners.forEach(l -> l.accept(keys));
        }
    }

    static String summary(MlStateIndex found) {
        return String.format(Locale.ROOT, "%d %s · %d cached %s · %d %s", found.models().size(),
                found.models().size() == 1 ? "model" : "models", found.cachedArrays().size(),
                found.cachedArrays().size() == 1 ? "array" : "arrays", found.datasets().size(),
                found.datasets().size() == 1 ? "dataset" : "datasets");
    }

    private void reset(RedisSession s) {
        scans.cancelAll();
        stopFollowing();
        following.set(false);
        catalogue = null;
        index.set(EMPTY);
        error.set(null);
        progress.set(0);
        phase.set(s == null ? Phase.NOT_CONNECTED : Phase.SCANNING);
        status.set(s == null ? "Not connected" : "");
        if (s != null && wanted) {
            rescan();
        }
    }

    /** Checks the server's notification flags; follows when they cover keyspace events, else asks first. */
    private void startFollowing() {
        RedisSession s = session.session();
        if (s == null) {
            following.set(false);
            return;
        }
        liveMessage.set("Checking keyspace notifications…");
        live.<Map<String, String>>replacing("Reading the keyspace notification setting")
                .onSuccess(flags -> {
                    if (KeyspaceEvents.everyMasterCovers(flags)) {
                        subscribe(s);
                        return;
                    }
                    String current = new LinkedHashSet<>(flags.values()).size() == 1
                            ? flags.values().iterator().next() : flags.toString();
                    if (s.isReadOnly()) {
                        declineLive("Live needs keyspace notifications, which are off on this server "
                                + "(notify-keyspace-events is \"" + current + "\"), and this profile is read-only, so "
                                + "Tensorlens will not turn them on. Press F5 to list again.");
                    } else if (dialogs.confirm(NotificationConsent.question(current))) {
                        live.<Void>replacing("Turning on keyspace notifications")
                                .onSuccess(ok -> subscribe(s))
                                .onFailure(this::declineLive)
                                .start(() -> new KeyspaceEvents(s).enableNotifications());
                    } else {
                        declineLive("Live is off: keyspace notifications stay as they were. Press F5 to list again.");
                    }
                })
                .onFailure(this::declineLive)
                .start(() -> new KeyspaceEvents(s).notificationFlagsByMaster());
    }

    private void subscribe(RedisSession s) {
        MlStateCatalogue c = catalogueFor(s);
        live.<PubSubHub.Subscription>replacing("Following keyspace notifications")
                .onSuccess(sub -> {
                    subscription = sub;
                    liveMessage.set("Live: new versions and rewritten tensors show up by themselves.");
                })
                .onFailure(this::declineLive)
                .onLateValue(PubSubHub.Subscription::close)
                .start(c::follow);
    }

    private void declineLive(String sentence) {
        liveMessage.set(sentence);
        following.set(false);
    }

    private void stopFollowing() {
        live.cancelAll();
        if (subscription != null) {
            subscription.close();
            subscription = null;
            liveMessage.set(null);
        }
    }

    /** Keys written or removed while Live is on, each batch once, on the UI thread. */
    public void onChanges(Consumer<List<String>> listener) {
        changeListeners.add(listener);
    }

    public ReadOnlyObjectProperty<MlStateIndex> indexProperty() {
        return index.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** On: follow keyspace notifications (asking first when they are off). Turned off again when that fails. */
    public BooleanProperty liveProperty() {
        return following;
    }

    /** What Live is doing, or why it is off, in words; null when there is nothing to say. */
    public ReadOnlyStringProperty liveMessageProperty() {
        return liveMessage.getReadOnlyProperty();
    }
}
