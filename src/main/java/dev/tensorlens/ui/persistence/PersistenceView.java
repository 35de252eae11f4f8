package dev.tensorlens.ui.persistence;

import dev.tensorlens.ui.common.Navigator;
import dev.tensorlens.ui.common.PlaceholderView;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.ViewId;

/** The Persistence view: an empty state until its feature lands. */
public final class PersistenceView extends PlaceholderView {

    public PersistenceView(SessionModel session, Navigator navigator) {
        super(ViewId.PERSISTENCE, session, navigator,
                "RDB snapshots and the append-only file will be controlled here: save now, schedule, and see what the last save did.");
    }
}
