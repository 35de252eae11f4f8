package dev.tensorlens.ui.common;

/**
 * Cross-view navigation ("show the server view", "open this checkpoint in the Models view", "open the connection
 * manager"). Passed to the views that need it; never a static singleton.
 */
public interface Navigator {

    void show(ViewId view);

    /** Shows {@code view} opened on {@code target}, not on its start page. */
    void open(ViewId view, ViewTarget target);

    void openConnectionManager();
}
