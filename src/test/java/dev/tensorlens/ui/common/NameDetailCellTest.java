package dev.tensorlens.ui.common;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.text.FontWeight;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Objects;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** A catalogue row: a bold name for a group, a muted detail, and the tooltip of the row under the pointer. */
@ExtendWith(ApplicationExtension.class)
class NameDetailCellTest {

    private TreeView<String> tree;

    @Start
    void start(Stage stage) {
        Themes.apply(false);
        TreeItem<String> root = new TreeItem<>("bert");
        root.getChildren().setAll(List.of(new TreeItem<>("v1"), new TreeItem<>("v2")));
        root.setExpanded(true);
        tree = new TreeView<>(root);
        tree.setCellFactory(t -> new NameDetailCell<>(s -> s, s -> s.equals("bert") ? "2 versions" : "float32",
                s -> s.equals("bert"), s -> "the tip of " + s));
        Scene scene = new Scene(tree, 320, 240);
        scene.getStylesheets().add(Themes.APP_CSS);
        stage.setScene(scene);
        stage.show();
    }

    private Label name(FxRobot robot, String text) {
        return robot.from(tree).lookup(".name-detail-name").queryAllAs(Label.class).stream()
                .filter(l -> text.equals(l.getText())).findFirst().orElseThrow();
    }

    private List<TreeCell<?>> filledCells(FxRobot robot) {
        return robot.from(tree).lookup(".name-detail-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> !c.isEmpty()).<TreeCell<?>>map(c -> c).toList();
    }

    @Test
    void aGroupReadsBoldAndItsItemsDoNot(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(name(robot, "bert").getFont().getStyle()).containsIgnoringCase(FontWeight.BOLD.name());
        assertThat(name(robot, "v1").getFont().getStyle()).doesNotContainIgnoringCase(FontWeight.BOLD.name());
        assertThat(robot.from(tree).lookup("2 versions").tryQuery()).isPresent();

        // the group becomes an item and the item a group, in the same cells
        robot.interact(() -> {
            tree.getRoot().setValue("v0");
            tree.getRoot().getChildren().get(0).setValue("bert");
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(name(robot, "bert").getFont().getStyle()).containsIgnoringCase(FontWeight.BOLD.name());
        assertThat(name(robot, "v0").getFont().getStyle()).doesNotContainIgnoringCase(FontWeight.BOLD.name());
    }

    @Test
    void theRowsShareOneTooltipThatReadsTheRowUnderThePointer(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        List<TreeCell<?>> cells = filledCells(robot);
        assertThat(cells).hasSize(3);
        assertThat(cells.stream().map(TreeCell::getTooltip).distinct()).hasSize(1).allMatch(Objects::nonNull);

        robot.moveTo(name(robot, "v2"));
        assertThat(cells.get(0).getTooltip().getText()).isEqualTo("the tip of v2");
        robot.moveTo(name(robot, "bert"));
        assertThat(cells.get(0).getTooltip().getText()).isEqualTo("the tip of bert");
        waitUntil(5, "the tooltip shown", () -> cells.get(0).getTooltip().isShowing());
    }

    @Test
    void anEmptiedRowShowsNothing(FxRobot robot) {
        robot.interact(() -> tree.getRoot().getChildren().remove(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(filledCells(robot)).hasSize(2);
        assertThat(robot.from(tree).lookup(".name-detail-name").queryAllAs(Label.class).stream()
                .map(Label::getText))
                .containsExactlyInAnyOrder("bert", "v1");
    }
}
