package dev.tensorlens.ui.common;

import dev.tensorlens.redis.ConnectionState;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Node;
import org.kordamp.ikonli.feather.Feather;

import java.util.Locale;

/**
 * A view whose feature has not landed yet: it says what it will show, and, when there is no connection,
 * offers to open one.
 */
public class PlaceholderView implements AppView {

    private final ViewId id;
    private final EmptyState empty = new EmptyState();
    private final String plannedText;
    private final ReadOnlyObjectWrapper<ViewTarget> requested = new ReadOnlyObjectWrapper<>(this, "requested");
    private final Navigator navigator;
    private final SessionModel session;

    protected PlaceholderView(ViewId id, SessionModel session, Navigator navigator, String plannedText) {
        this.id = id;
        this.plannedText = plannedText;
        this.navigator = navigator;
        this.session = session;
        empty.setId(id.slug() + "-view");
        session.stateProperty().addListener((obs, old, state) -> update());
        requested.addListener((obs, old, target) -> update());
        update();
    }

    private void update() {
        if (session.stateProperty().get() == ConnectionState.CLOSED) {
            empty.show(Feather.LINK, "Not connected", "Connect to a Redis server to see its "
                    + id.subtitle().toLowerCase(Locale.ROOT) + ".")
                    .withAction("Open connections…", navigator::openConnectionManager);
        } else if (requested.get() != null) {
            empty.show(id.icon(), id.title() + ": " + requested.get(), plannedText
                    + " Until then, the Browser shows this key's value.")
                    .withAction("Show it in the Browser", () -> navigator.show(ViewId.BROWSER));
        } else {
            empty.show(id.icon(), id.title(), plannedText);
        }
    }

    /** Remembers what another view asked this one to open, and says so. */
    @Override
    public void open(ViewTarget target) {
        requested.set(target);
    }

    /** What another view last asked this one to open; null when it was opened from the navigation. */
    public ReadOnlyObjectProperty<ViewTarget> requestedProperty() {
        return requested.getReadOnlyProperty();
    }

    @Override
    public ViewId id() {
        return id;
    }

    @Override
    public Node root() {
        return empty;
    }

    @Override
    public void refresh() {
        // nothing fetched yet
    }
}
