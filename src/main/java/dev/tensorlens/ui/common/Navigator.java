package dev.tensorlens.ui.common;

/**
 * Cross-view navigation ("show the server view", "open the connection manager"). Passed to the views that
 * need it; never a static singleton.
 */
public interface Navigator {

    void show(ViewId view);

    void openConnectionManager();
}
