package dev.tensorlens.ui.shell;

import javafx.animation.AnimationTimer;
import javafx.scene.Node;
import javafx.scene.layout.Pane;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The views not on screen, kept made in the shell's content pane, hidden and unmanaged, so that a switch restyles
 * nothing (JavaFX restyles every node of a subtree put back into a scene, and the nodes' listeners on their scene
 * fire: 60-190 ms of FX time for a view in the frame bench). Twice JavaFX restyles the whole scene in one pulse: when
 * the window first shows, and when the theme changes; with every view in it that pulse held the FX thread 0.3-0.9 s.
 * So at those two moments the hidden views step aside (out of the scene). After the window's first frame they come
 * back one per frame; after a theme change each comes back when it is switched to (one per frame took up to 0.3 s in
 * the theme's two seconds, a switch pays it once, if ever).
 */
final class HiddenViews {

    /** Frames to let pass before the first view comes back: the one restyling the scene, and the one drawing it. */
    private static final int FRAMES_FIRST = 2;

    private final Pane content;
    private final Deque<Node> aside = new ArrayDeque<>();
    private int framesToWait;
    private final AnimationTimer comingBack = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (framesToWait-- > 0) {
                return;
            }
            Node next = aside.poll();
            if (next == null) {
                stop();
            } else if (next.getParent() == null) {
                content.getChildren().add(next); // hidden and unmanaged still: restyled, not laid out
            }
        }
    };

    HiddenViews(Pane content) {
        this.content = content;
    }

    /**
     * Any thread that may change the scene (the FX thread once it shows): the hidden views leave the scene, until
     * {@link #comeBack()} or each one's {@link #bringBack}.
     */
    void stepAside() {
        comingBack.stop();
        content.getChildren().stream().filter(view -> !view.isVisible()).forEach(aside::add);
        content.getChildren().removeAll(aside);
    }

    /** FX thread: the views set aside come back one per frame, after the next two. */
    void comeBack() {
        framesToWait = FRAMES_FIRST;
        comingBack.start();
    }

    /** {@code view} is to be shown: in the content pane now, whether or not its turn has come. */
    void bringBack(Node view) {
        aside.remove(view);
        if (view.getParent() != content) {
            content.getChildren().add(view);
        }
    }
}
