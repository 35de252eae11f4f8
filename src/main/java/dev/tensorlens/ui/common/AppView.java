package dev.tensorlens.ui.common;

import javafx.scene.Node;

/** One view of the main window. */
public interface AppView {

    ViewId id();

    Node root();

    /**
     * FX thread: the view is on screen (the window showing it, or a switch to it; each time). The main window makes its
     * views ahead, before the user opens them, so work a view does for the user (the catalogue's walk of the keyspace,
     * the Browser's scan) starts here, the first time, and not when the view is made.
     */
    default void shown() {
    }

    /**
     * Any thread, before the window shows: fills the view's lists with placeholder rows, so that styling the window
     * ahead makes their cells too; the action returned empties them again. Views whose cells are cheap keep none.
     */
    default Runnable showPlaceholders() {
        return () -> { };
    }

    /** F5: fetch again what the view shows. */
    void refresh();

    /** Ctrl/Cmd+F: put the keyboard in the view's search or filter field, if it has one. */
    default void focusSearch() {
    }

    /** Another view asked to show {@code target} here (see {@link Navigator#open}). */
    default void open(ViewTarget target) {
    }
}
