package dev.tensorlens.ui.common;

import javafx.scene.Node;

/**
 * Parts of a view that a frame can do without while they are hidden. Twice the window restyles its whole scene in one
 * pulse: when it first shows and when the theme changes. A marked part that is hidden then sits it out, out of the
 * scene, and comes back a frame at a time after the window's first frame, or at once when it is shown (the shell's
 * {@code HiddenViews}); the hidden views themselves do the same. Mark only a layer of a {@code StackPane} of the
 * view's own, one of several shown in turn: taking it out while hidden must change no layout, and the view must not
 * rebuild that pane's children; or the content of a tab, which sits out while its tab is not selected (the tab is
 * empty meanwhile: the view must not read its content back from the tab).
 */
public final class LateParts {

    private static final String KEY = LateParts.class.getName();

    private LateParts() {
    }

    /** {@code node}, marked as a part the view's frames can do without while it is hidden. */
    public static <N extends Node> N mark(N node) {
        node.getProperties().put(KEY, Boolean.TRUE);
        return node;
    }

    public static boolean isMarked(Node node) {
        return node.hasProperties() && node.getProperties().containsKey(KEY);
    }
}
