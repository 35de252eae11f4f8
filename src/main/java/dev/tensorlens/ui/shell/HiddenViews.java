package dev.tensorlens.ui.shell;

import dev.tensorlens.ui.common.LateParts;
import javafx.animation.AnimationTimer;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.Pane;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The views not on screen, kept made in the shell's content pane, hidden and unmanaged, so that a switch restyles
 * nothing (JavaFX restyles every node of a subtree put back into a scene, and the nodes' listeners on their scene
 * fire: 60-190 ms of FX time for a view in the frame bench). Twice JavaFX restyles the whole scene in one pulse: when
 * the window first shows, and when the theme changes; with every view in it that pulse held the FX thread 0.3-0.9 s.
 * So at those two moments the hidden views step aside (out of the scene), and so do the hidden parts of every view
 * marked with {@link LateParts} (the Browser's key and value panes before it connects, a view's previews not in use):
 * a view comes back without them, they come back after it, each on its own frame, so no one frame restyles a whole
 * view. A few frames after the window's first frame everything comes back, one per frame (skipping a frame after a
 * long one); after a theme change a view comes back when it is switched to (one per frame took up to 0.3 s in the
 * theme's two seconds, a switch pays it once, if ever). A part comes back at once whenever it is shown. A marked content of a tab not selected sits out the same way, and
 * comes back in its turn or when its tab is selected: a view's tabs are each a piece of their own.
 */
final class HiddenViews {

    /** Frames to let pass before the first comes back: the one restyling the scene, and the one drawing it. */
    private static final int FRAMES_FIRST = 2;
    /**
     * After the window's first frame, frames to let pass before the first part comes back: the JIT compilers, the
     * collector and the renderer are busiest with that first frame then, and a part restyled meanwhile waited for a
     * CPU (frames of 60-80 ms on two vCPUs, where the same part takes 20-40 ms later).
     */
    private static final int FRAMES_AFTER_FIRST_SHOW = 8;
    /**
     * A pulse that comes this long after the one before (a frame and a half) says the machine is busy: the next part
     * waits a frame, up to {@link #MOST_FRAMES_SKIPPED} in a row, so that the parts coming back do not add to a long
     * frame.
     */
    private static final long BUSY_NANOS = 25_000_000L;
    private static final int MOST_FRAMES_SKIPPED = 3;

    /**
     * A node out of the scene: {@code holder} is what holds it in the scene (its pane, or the tab pane whose tab it is
     * the content of), {@code takeOut} and {@code putBack} move it, {@code shown} is the property that turns true when
     * it is to be seen at once (its own visibility, or its tab's selection).
     */
    private record Aside(Node node, Node holder, Runnable takeOut, Runnable putBack, ObservableValue<Boolean> shown,
                         InvalidationListener onShown) {
    }

    private final Pane content;
    /** In the order they come back: the shown view's parts, then each hidden view followed by its own parts. */
    private final Map<Node, Aside> aside = new LinkedHashMap<>();
    private int framesToWait;
    private long lastPulse;
    private int skipped;
    /**
     * Run once, in a frame of its own, after the last of the first {@link #comeBack} is back, or a few frames after a
     * theme change stopped it.
     */
    private final List<Runnable> afterwards = new ArrayList<>();
    private final AnimationTimer comingBack = new AnimationTimer() {
        @Override
        public void handle(long now) {
            boolean busy = lastPulse != 0 && now - lastPulse > BUSY_NANOS;
            lastPulse = now;
            if (framesToWait-- > 0) {
                return;
            }
            if (busy && skipped < MOST_FRAMES_SKIPPED) {
                skipped++;
                return;
            }
            skipped = 0;
            if (aside.isEmpty()) {
                stop();
                runAfterwards();
            } else {
                bringBack(aside.keySet().iterator().next());
            }
        }
    };

    HiddenViews(Pane content) {
        this.content = content;
    }

    /**
     * Any thread that may change the scene (the FX thread once it shows): the hidden views and the hidden parts leave
     * the scene, until {@link #comeBack()}, a view's {@link #bringBackView}, or a part's being shown.
     */
    void stepAside() {
        comingBack.stop();
        if (!afterwards.isEmpty()) {
            // the views stopped coming back in turn (a theme change soon after the first show): what waited for them
            // runs in a frame of its own all the same
            inFrames(FRAMES_FIRST, this::runAfterwards);
        }
        List<Aside> leaving = new ArrayList<>();
        List<Node> views = new ArrayList<>(content.getChildren());
        views.sort(Comparator.comparing(view -> !view.isVisible())); // the shown one first, the others in order
        for (Node view : views) {
            if (!view.isVisible()) {
                leaving.add(aside(view, content));
            }
            addHiddenParts(view, leaving);
        }
        // inner ones first, so that each leaves its own parts behind
        for (int i = leaving.size() - 1; i >= 0; i--) {
            Aside a = leaving.get(i);
            a.takeOut().run();
            a.shown().addListener(a.onShown());
        }
        leaving.forEach(a -> aside.put(a.node(), a));
    }

    /**
     * FX thread, the theme just changed: the hidden views and parts step aside ({@link #stepAside}), and the view on
     * screen too, for one frame. That frame restyles the shell in the new theme (whose stylesheet JavaFX reads on the
     * FX thread then) and the next the view, where one frame did both: the Persistence view's theme switch held the FX
     * thread 66-99 ms in one frame on a slow 2-vCPU machine. The content area is empty for that one frame; the
     * keyboard focus, when it was in the view, goes back to where it was.
     */
    void stepAsideForTheme() {
        stepAside();
        Node view = content.getChildren().stream().filter(Node::isVisible).findFirst().orElse(null);
        if (view == null || view.getScene() == null) {
            return;
        }
        Node focused = view.getScene().getFocusOwner();
        boolean focusInView = focused != null && isInside(focused, view);
        Aside out = aside(view, content);
        out.takeOut().run();
        // back at the start of the frame after the one restyling the shell, unless a switch brought it back meanwhile
        inFrames(2, () -> {
            if (view.getParent() == null) {
                out.putBack().run();
                if (focusInView && focused.getScene() != null) {
                    focused.requestFocus();
                }
            }
        });
    }

    /** FX thread: {@code task} runs at the start of the {@code frames}-th frame from now (1: the next). */
    private static void inFrames(int frames, Runnable task) {
        new AnimationTimer() {
            private int left = frames;

            @Override
            public void handle(long now) {
                if (--left > 0) {
                    return;
                }
                stop();
                task.run();
            }
        }.start();
    }

    private void runAfterwards() {
        List<Runnable> then = new ArrayList<>(afterwards);
        afterwards.clear();
        then.forEach(Runnable::run);
    }

    private static boolean isInside(Node node, Node ancestor) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    /**
     * FX thread, the window shows: what stepped aside comes back one per frame, from a few frames after its first, and
     * a frame later after a long one.
     */
    void comeBack() {
        framesToWait = FRAMES_AFTER_FIRST_SHOW;
        lastPulse = 0;
        skipped = 0;
        comingBack.start();
    }

    /**
     * FX thread: {@code task} runs in the frame after everything that stepped aside is back (see {@link #comeBack}), or,
     * when a theme change stops their coming back, two frames after that change.
     */
    void afterAllBack(Runnable task) {
        afterwards.add(task);
    }

    /** Whether every view and every part is in the scene. */
    boolean allBack() {
        return aside.isEmpty();
    }

    /** {@code view} is to be shown: in the content pane now, whether or not its turn has come or it was ever there. */
    void bringBackView(Node view) {
        bringBack(view);
        if (view.getParent() != content) {
            content.getChildren().add(view);
        }
    }

    /** {@code node} (a view or a part) is to be shown: in the scene now, with whatever holds it, if it stepped aside. */
    private void bringBack(Node node) {
        Aside a = aside.remove(node);
        if (a == null) {
            return;
        }
        a.shown().removeListener(a.onShown());
        for (Node holder = a.holder(); holder != null; holder = holder.getParent()) {
            bringBack(holder); // a holder aside too goes back first, and then has a parent again
        }
        a.putBack().run();
    }

    /** {@code node} out of {@code parent}, back in its place, before the first of those after it found there. */
    private Aside aside(Node node, Pane parent) {
        var children = parent.getChildren();
        List<Node> after = List.copyOf(children.subList(children.indexOf(node) + 1, children.size()));
        return new Aside(node, parent, () -> children.remove(node), () -> {
            if (node.getParent() == null) {
                int at = after.stream().filter(next -> next.getParent() == parent).findFirst()
                        .map(children::indexOf).orElse(children.size());
                children.add(at, node);
            }
        }, node.visibleProperty(), whenTrue(node));
    }

    /** The content of a tab not selected out of the scene: the tab is empty until its turn or its selection. */
    private Aside asideContent(Tab tab, TabPane tabs) {
        Node content = tab.getContent();
        return new Aside(content, tabs, () -> tab.setContent(null), () -> {
            if (tab.getContent() == null) {
                tab.setContent(content);
            }
        }, tab.selectedProperty(), whenTrue(content));
    }

    /** Brings {@code node} back when the property it listens to is true. */
    private InvalidationListener whenTrue(Node node) {
        return obs -> {
            if (Boolean.TRUE.equals(((ObservableValue<?>) obs).getValue())) {
                bringBack(node);
            }
        };
    }

    /** The marked parts under {@code node} that are hidden now, outer before inner. */
    private void addHiddenParts(Node node, List<Aside> into) {
        if (!(node instanceof Parent parent)) {
            return;
        }
        if (parent instanceof TabPane tabs) {
            for (Tab tab : tabs.getTabs()) {
                if (!tab.isSelected() && tab.getContent() != null && LateParts.isMarked(tab.getContent())) {
                    into.add(asideContent(tab, tabs));
                }
            }
        }
        for (Node child : parent.getChildrenUnmodifiable()) {
            if (parent instanceof Pane pane && LateParts.isMarked(child) && !child.isVisible()) {
                into.add(aside(child, pane));
            }
            addHiddenParts(child, into);
        }
    }
}
