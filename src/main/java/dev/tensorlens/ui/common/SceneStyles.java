package dev.tensorlens.ui.common;

import javafx.scene.Node;
import javafx.scene.Scene;

/**
 * Stylesheets kept by the scene, never by a {@code Parent}. JavaFX remembers each Parent styled below a Parent that has
 * stylesheets of its own, in a list per stylesheet that it walks from end to end each time it styles one more Parent
 * there and each time any Parent leaves the scene ({@code StyleManager.RefList}, JavaFX 21). A view of thousands of
 * nodes with its stylesheet on its root so paid for every cell it made in proportion to its whole size, and taking the
 * hidden views out of the scene for a theme change walked those lists once per Parent leaving: 70 ms of one 188 ms
 * frame in the frame bench. A scene's stylesheets are remembered for its root alone.
 *
 * <p>The selectors of the views' and parts' stylesheets start with their own style class, so one scene holds them all.
 */
public final class SceneStyles {

    private SceneStyles() {
    }

    /**
     * FX thread, or before the node is in a shown window: whichever scene {@code node} is in, now or later, also holds
     * {@code stylesheet} (added last, once). The main window's scene gets every view's while the window is made, before
     * it shows: a stylesheet added to a shown scene restyles all of it. A view names the sheets of its parts on its own
     * root too, those it makes later and those that join the scene after it: the value pane's sheet, left to the pane,
     * was added while the window was being styled, and the theme's colour variables came out unresolved.
     */
    public static void use(Node node, String stylesheet) {
        add(node.getScene(), stylesheet);
        node.sceneProperty().addListener((obs, old, scene) -> add(scene, stylesheet));
    }

    private static void add(Scene scene, String stylesheet) {
        if (scene != null && !scene.getStylesheets().contains(stylesheet)) {
            scene.getStylesheets().add(stylesheet);
        }
    }
}
