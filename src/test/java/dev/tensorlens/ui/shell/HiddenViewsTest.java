package dev.tensorlens.ui.shell;

import dev.tensorlens.ui.common.LateParts;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the window restyles its whole scene (its first show, a theme change), the hidden views and the hidden parts
 * marked with {@link LateParts} sit it out of the scene; they come back in their places, a view before its own parts,
 * and a part at once when it is shown. A content pane of two views stands in for the shell's.
 */
@ExtendWith(ApplicationExtension.class)
class HiddenViewsTest {

    private StackPane content;
    /** The shown view: a pane of layers, one a marked part hidden now, above it a layer shown. */
    private StackPane shownView;
    private Region shownViewPart;
    private Region shownViewLayer;
    /** A hidden view with a marked part hidden too. */
    private StackPane hiddenView;
    private Region hiddenViewPart;
    private HiddenViews hiddenViews;
    private final List<Node> cameBack = new ArrayList<>();

    @BeforeEach
    void makeScene() throws Exception {
        onFx(() -> {
            shownViewPart = LateParts.mark(hidden(new Region()));
            shownViewLayer = new Region();
            shownView = new StackPane(shownViewPart, shownViewLayer);
            hiddenViewPart = LateParts.mark(hidden(new Region()));
            hiddenView = hidden(new StackPane(hiddenViewPart, new Region()));
            hiddenView.setManaged(false);
            content = new StackPane(shownView, hiddenView);
            new Scene(content, 200, 100);
            hiddenViews = new HiddenViews(content);
            for (Node n : List.of(shownViewPart, hiddenView, hiddenViewPart)) {
                n.parentProperty().addListener((obs, old, parent) -> {
                    if (parent != null) {
                        cameBack.add(n);
                    }
                });
            }
            return null;
        });
    }

    @Test
    void hiddenViewsAndPartsLeaveTheSceneAndAShownPartComesBackAtOnceInItsPlace() throws Exception {
        onFx(() -> {
            hiddenViews.stepAside();
            return null;
        });
        assertThat(onFx(() -> shownViewPart.getScene())).as("the shown view's hidden part in the scene").isNull();
        assertThat(onFx(() -> hiddenView.getScene())).as("the hidden view in the scene").isNull();
        assertThat(onFx(() -> shownViewLayer.getScene())).as("the shown layer").isNotNull();
        assertThat(onFx(hiddenViews::allBack)).isFalse();

        onFx(() -> {
            shownViewPart.setVisible(true);
            return null;
        });
        assertThat(onFx(() -> shownView.getChildren())).as("the part back under its layer, in the same event")
                .containsExactly(shownViewPart, shownViewLayer);
        assertThat(onFx(() -> hiddenView.getParent())).as("the hidden view, not shown").isNull();
    }

    @Test
    void afterTheFirstFrameEverythingComesBackAViewBeforeItsParts() throws Exception {
        onFx(() -> {
            hiddenViews.stepAside();
            hiddenViews.comeBack();
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(hiddenViews::allBack));

        assertThat(onFx(() -> List.copyOf(cameBack))).as("in the order they came back")
                .containsExactly(shownViewPart, hiddenView, hiddenViewPart);
        assertThat(onFx(() -> content.getChildren())).containsExactly(shownView, hiddenView);
        assertThat(onFx(() -> hiddenView.getChildren().get(0))).isSameAs(hiddenViewPart);
        assertThat(onFx(() -> hiddenViewPart.getScene())).isSameAs(onFx(() -> content.getScene()));
    }

    @Test
    void onAThemeChangeTheShownViewSitsOutOneFrameAndComesBackInItsPlaceWithTheKeyboardFocus() throws Exception {
        // in a window: the scene of a shown window moves the focus off a node that left it, at its next pulse
        Stage stage = onFx(() -> {
            Stage st = new Stage();
            st.setScene(content.getScene());
            st.show();
            return st;
        });
        TextField field = onFx(() -> {
            TextField f = new TextField();
            // another field first: a scene that lost its focus owner gives the focus to the first it finds
            shownView.getChildren().addAll(new TextField(), f);
            stage.requestFocus();
            f.requestFocus();
            return f;
        });
        assertThat(onFx(() -> content.getScene().getFocusOwner())).isSameAs(field);
        onFx(() -> {
            hiddenViews.stepAsideForTheme();
            return null;
        });
        assertThat(onFx(() -> shownView.getScene())).as("the shown view during the frame restyling the shell").isNull();
        assertThat(onFx(() -> hiddenView.getScene())).as("the hidden view").isNull();

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> shownView.getParent() == content));
        assertThat(onFx(() -> content.getChildren())).as("back before the hidden view's place").containsExactly(shownView);
        assertThat(onFx(() -> content.getScene().getFocusOwner())).as("the keyboard focus back where it was")
                .isSameAs(field);
        assertThat(onFx(() -> hiddenView.getParent())).as("the hidden view waits for a switch").isNull();
        onFx(() -> {
            stage.hide();
            return null;
        });
    }

    @Test
    void whatWaitsForEverythingBackStillRunsWhenAThemeChangeStopsTheComingBack() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        onFx(() -> {
            hiddenViews.stepAside();
            hiddenViews.afterAllBack(() -> ran.add("after"));
            hiddenViews.comeBack();
            hiddenViews.stepAsideForTheme(); // before the first frame: nothing has come back
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !ran.isEmpty());
        assertThat(ran).as("run once").containsExactly("after");
        assertThat(onFx(() -> hiddenView.getParent())).as("the hidden view waits for a switch").isNull();
    }

    @Test
    void aViewSwitchedToComesBackAtOnceItsHiddenPartsOnlyWhenShown() throws Exception {
        onFx(() -> {
            hiddenViews.stepAside();
            hiddenViews.bringBackView(hiddenView);
            return null;
        });
        assertThat(onFx(() -> hiddenView.getParent())).isSameAs(content);
        assertThat(onFx(() -> hiddenViewPart.getParent())).as("its part, hidden still").isNull();

        onFx(() -> {
            hiddenViewPart.setVisible(true);
            return null;
        });
        assertThat(onFx(() -> hiddenViewPart.getParent())).isSameAs(hiddenView);
    }

    @Test
    void theContentOfATabNotSelectedSitsOutUntilItsTurnOrItsTabIsSelected() throws Exception {
        Region first = new Region();
        Region second = LateParts.mark(new Region());
        Region third = LateParts.mark(new Region());
        TabPane tabs = onFx(() -> {
            TabPane t = new TabPane(new Tab("first", LateParts.mark(first)), new Tab("second", second),
                    new Tab("third", third));
            shownView.getChildren().add(t);
            t.applyCss(); // skinned: the tabs' contents in the scene
            return t;
        });
        assertThat(onFx(() -> third.getScene())).as("a tab's content, before").isNotNull();

        onFx(() -> {
            hiddenViews.stepAside();
            return null;
        });
        assertThat(onFx(() -> first.getScene())).as("the selected tab's content").isNotNull();
        assertThat(onFx(() -> second.getScene())).as("a tab not selected: its content").isNull();
        assertThat(onFx(() -> tabs.getTabs().get(2).getContent())).as("the tab, meanwhile").isNull();

        onFx(() -> {
            tabs.getSelectionModel().select(1);
            return null;
        });
        assertThat(onFx(() -> tabs.getTabs().get(1).getContent())).as("selected: back in the same event")
                .isSameAs(second);
        assertThat(onFx(() -> third.getScene())).as("the other, not yet").isNull();

        onFx(() -> {
            hiddenViews.comeBack();
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(hiddenViews::allBack));
        assertThat(onFx(() -> tabs.getTabs().get(2).getContent())).as("in its turn").isSameAs(third);
        assertThat(onFx(() -> third.getScene())).isSameAs(onFx(() -> content.getScene()));
    }

    private static <N extends Node> N hidden(N node) {
        node.setVisible(false);
        return node;
    }

    private static <T> T onFx(Callable<T> task) throws Exception {
        return WaitForAsyncUtils.asyncFx(task).get(10, TimeUnit.SECONDS);
    }
}
