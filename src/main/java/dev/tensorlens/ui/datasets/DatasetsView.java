package dev.tensorlens.ui.datasets;

import dev.tensorlens.ui.common.Navigator;
import dev.tensorlens.ui.common.PlaceholderView;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.ViewId;

/** The Datasets view: an empty state until its feature lands. */
public final class DatasetsView extends PlaceholderView {

    public DatasetsView(SessionModel session, Navigator navigator) {
        super(ViewId.DATASETS, session, navigator,
                "Train, validation and test membership sets will be shown and edited here, with overlaps between splits highlighted.");
    }
}
