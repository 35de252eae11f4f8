package dev.tensorlens.ui.models;

import dev.tensorlens.ui.common.Navigator;
import dev.tensorlens.ui.common.PlaceholderView;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.ViewId;

/** The Models view: an empty state until its feature lands. */
public final class ModelsView extends PlaceholderView {

    public ModelsView(SessionModel session, Navigator navigator) {
        super(ViewId.MODELS, session, navigator,
                "Stored models will be listed here: checkpoints saved as safetensors blobs, .npy hashes or per-tensor keys, with their layers and versions.");
    }
}
