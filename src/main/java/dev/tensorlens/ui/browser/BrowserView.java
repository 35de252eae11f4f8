package dev.tensorlens.ui.browser;

import dev.tensorlens.ui.common.Navigator;
import dev.tensorlens.ui.common.PlaceholderView;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.ViewId;

/** The Browser view: an empty state until its feature lands. */
public final class BrowserView extends PlaceholderView {

    public BrowserView(SessionModel session, Navigator navigator) {
        super(ViewId.BROWSER, session, navigator,
                "The key browser is on its way: a namespace tree that stays fast on millions of keys, with viewers that decode tensors, JSON and binary values.");
    }
}
