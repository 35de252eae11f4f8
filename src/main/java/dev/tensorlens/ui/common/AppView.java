package dev.tensorlens.ui.common;

import javafx.scene.Node;

/** One view of the main window. */
public interface AppView {

    ViewId id();

    Node root();

    /** F5: fetch again what the view shows. */
    void refresh();

    /** Ctrl/Cmd+F: put the keyboard in the view's search or filter field, if it has one. */
    default void focusSearch() {
    }

    /** Another view asked to show {@code target} here (see {@link Navigator#open}). */
    default void open(ViewTarget target) {
    }
}
