package dev.tensorlens.ui.data;

import dev.tensorlens.ui.common.Navigator;
import dev.tensorlens.ui.common.PlaceholderView;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.ViewId;

/** The Data view: an empty state until its feature lands. */
public final class DataView extends PlaceholderView {

    public DataView(SessionModel session, Navigator navigator) {
        super(ViewId.DATA, session, navigator,
                "Cached preprocessed arrays will be previewed here: images, batches and feature matrices, decoded from the bytes numpy wrote.");
    }
}
