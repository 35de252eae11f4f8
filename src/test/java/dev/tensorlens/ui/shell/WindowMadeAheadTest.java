package dev.tensorlens.ui.shell;

import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.plots.PlotStyles;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TreeView;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.controlsfx.control.TaskProgressView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window as the app makes it: its scene and every view made on another thread before it shows, then shown on the
 * FX thread. JavaFX's CSS engine says so when a style cannot be resolved (styled on two threads at once, or in the
 * wrong scene, views came out with their colours unresolved and these warnings logged): none may be.
 */
@ExtendWith(ApplicationExtension.class)
class WindowMadeAheadTest {

    /** JavaFX logs CSS trouble to this logger; held here, since a logger nobody holds may be collected. */
    private static final Logger CSS_LOG = Logger.getLogger("javafx.css");

    private final List<String> cssWarnings = new ArrayList<>();
    private final Handler collect = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (cssWarnings) {
                    cssWarnings.add(record.getMessage());
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private AppContext context;

    @AfterEach
    void close() throws Exception {
        CSS_LOG.removeHandler(collect);
        if (context != null) {
            WaitForAsyncUtils.asyncFx(() -> context.session().close()).get();
        }
        FxToolkit.cleanupStages();
    }

    @Test
    void madeOnAnotherThreadEveryViewShowsStyledInBothThemes(FxRobot robot) throws Exception {
        CSS_LOG.addHandler(collect);
        Stage stage = FxToolkit.registerPrimaryStage();
        MainWindow window = WaitForAsyncUtils.asyncFx(() -> {
            Themes.apply(false);
            context = UiTestSupport.freshContext();
            return new MainWindow(context);
        }).get();

        window.prepare(); // on this thread, as the app does on a background thread
        WaitForAsyncUtils.asyncFx(() -> {
            stage.setX(0);
            stage.setY(0);
            window.show(stage);
        }).get();
        // what sat out the window's first restyle (the hidden views, the Browser's panes before it connects, the views'
        // previews not in use) is back a few frames later, skinned: the key table is found in the scene again
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(window::allInScene).get());
        assertThat(robot.lookup("#key-table").tryQuery()).as("the Browser's key table in the scene").isPresent();
        // the taskbar icon, given once the views are back: at every size a desktop asks for
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> stage.getIcons().size()).get() >= 4);
        // the task list was filled with a placeholder while the window was made (its cell styled ahead): none of it shows
        Node drawer = robot.lookup("#task-drawer").query();
        TaskProgressView<?> taskList = robot.lookup("#task-list").query();
        assertThat(WaitForAsyncUtils.asyncFx(() -> drawer.isVisible() || !taskList.getTasks().isEmpty()).get())
                .as("the task drawer shown or a task listed before any work").isFalse();
        assertThat(WaitForAsyncUtils.asyncFx(() -> robot.lookup("#tasks-button").query().isVisible()).get()).isFalse();
        // the Persistence view laid out a made-up server's card while the window was made: gone before any connection
        assertThat(robot.lookup(".master-card").tryQuery()).as("a server's card before connecting").isEmpty();

        for (boolean dark : new boolean[] {false, true}) {
            robot.interact(() -> window.model().darkThemeProperty().set(dark));
            for (ViewId id : ViewId.values()) {
                robot.interact(() -> window.show(id));
                Node root = WaitForAsyncUtils.asyncFx(() -> window.view(id).root()).get();
                assertThat(root.getScene()).as(id + " in the window").isSameAs(stage.getScene());
                Node title = root.lookup(".view-title");
                Node heading = title != null ? title : root.lookup(".empty-state-title");
                assertThat(heading).as(id + "'s heading").isInstanceOf(Labeled.class);
                assertThat(((Labeled) heading).getFont().getSize()).as(id + "'s heading styled as one")
                        .isGreaterThan(14);
                // in this theme's colours: views hidden while the theme changed are restyled when shown again
                double brightness = ((Color) ((Labeled) heading).getTextFill()).getBrightness();
                assertThat(brightness).as(id + "'s heading in the %s theme", dark ? "dark" : "light")
                        .matches(b -> dark ? b > 0.6 : b < 0.4);
            }
        }
        // the lists and tables of one line a row have a fixed row height from their view's stylesheet: one that measures
        // rows to estimate its length held the FX thread up to 275 ms when 500 rows arrived on a slow machine
        for (String list : List.of("#models-tree", "#data-tree", "#datasets-tree")) {
            double fixed = WaitForAsyncUtils.asyncFx(() -> stage.getScene().lookup(list) instanceof TreeView<?> tree
                    ? tree.getFixedCellSize() : -1.0).get();
            assertThat(fixed).as("%s's fixed row height", list).isGreaterThan(20);
        }
        // every stylesheet on the scene, none on a part of it: JavaFX walks a list of all the Parents below a Parent's
        // own stylesheets for each one it styles or takes out (see SceneStyles)
        List<String> own = WaitForAsyncUtils.asyncFx(() -> parentsWithStylesheets(stage.getScene().getRoot())).get();
        assertThat(own).as("parts of the window with stylesheets of their own").isEmpty();
        assertThat(stage.getScene().getStylesheets()).as("the window's stylesheets").doesNotHaveDuplicates()
                .contains(Themes.APP_CSS, PlotStyles.STYLESHEET)
                .anyMatch(sheet -> sheet.endsWith("browser.css")).anyMatch(sheet -> sheet.endsWith("value.css"))
                .anyMatch(sheet -> sheet.endsWith("persistence.css"));
        synchronized (cssWarnings) {
            assertThat(cssWarnings).as("the CSS engine's warnings").isEmpty();
        }
    }

    private static List<String> parentsWithStylesheets(Parent parent) {
        List<String> found = new ArrayList<>();
        if (!parent.getStylesheets().isEmpty()) {
            found.add(parent + " " + parent.getStylesheets());
        }
        for (Node child : parent.getChildrenUnmodifiable()) {
            if (child instanceof Parent p) {
                found.addAll(parentsWithStylesheets(p));
            }
        }
        return found;
    }
}
