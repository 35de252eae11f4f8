package dev.tensorlens.ui.common;

import dev.tensorlens.redis.ConnectionState;
import javafx.scene.Node;
import org.kordamp.ikonli.feather.Feather;

/**
 * A view whose feature has not landed yet: it says what it will show, and, when there is no connection,
 * offers to open one.
 */
public class PlaceholderView implements AppView {

    private final ViewId id;
    private final EmptyState empty = new EmptyState();
    private final String plannedText;

    protected PlaceholderView(ViewId id, SessionModel session, Navigator navigator, String plannedText) {
        this.id = id;
        this.plannedText = plannedText;
        empty.setId(id.slug() + "-view");
        session.stateProperty().addListener((obs, old, state) -> update(state, navigator));
        update(session.stateProperty().get(), navigator);
    }

    private void update(ConnectionState state, Navigator navigator) {
        if (state == ConnectionState.CLOSED) {
            empty.show(Feather.LINK, "Not connected", "Connect to a Redis server to see its "
                    + id.subtitle().toLowerCase(java.util.Locale.ROOT) + ".")
                    .withAction("Open connections…", navigator::openConnectionManager);
        } else {
            empty.show(id.icon(), id.title(), plannedText);
        }
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
