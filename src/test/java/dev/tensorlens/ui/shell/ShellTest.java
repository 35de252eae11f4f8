package dev.tensorlens.ui.shell;

import dev.tensorlens.support.MainWindowTestBase;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.models.ModelsView;
import dev.tensorlens.ui.persistence.PersistenceModel;
import dev.tensorlens.ui.persistence.PersistenceView;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.util.Arrays;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The main window against a real server: connecting, following the server's life, switching the theme. */
class ShellTest extends MainWindowTestBase {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();



    @AfterEach
    void serverBackUp() {
        if (!redis.isRunning()) {
            redis.startAgain();
        }
    }

    @Test
    void connectsThroughTheConnectionManager(FxRobot robot) throws Exception {
        assertThat(label(robot, "#statusState")).isEqualTo("Not connected");

        robot.push(KeyCode.CONTROL, KeyCode.K);
        waitUntil(5, "connection manager opens", () -> robot.lookup("#hostField").tryQuery().isPresent());
        replaceText(robot, "#nameField", "Local test");
        replaceText(robot, "#hostField", "127.0.0.1");
        replaceText(robot, "#portField", Integer.toString(redis.port()));
        robot.clickOn("#testButton");

        String version = redis.binary().version();
        waitUntil(10, "test connection reports the server version",
                () -> label(robot, "#feedbackLabel").startsWith("Redis " + version + " (standalone, master) answered in"));

        robot.clickOn("#connectButton");

        waitUntil(10, "status bar reads connected", () -> label(robot, "#statusState").equals("Connected"));
        waitUntil(5, "status bar shows the version", () -> label(robot, "#statusVersion").equals("Redis " + version));
        assertThat(label(robot, "#statusTarget")).isEqualTo("Local test (127.0.0.1:" + redis.port() + ")");
        assertThat(label(robot, "#statusDatabase")).isEqualTo("db 0");
        assertThat(label(robot, "#statusMode")).isEqualTo("standalone");
        waitUntil(5, "status bar shows a round trip", () -> label(robot, "#statusLatency").endsWith(" ms"));
        assertThat(robot.listWindows()).as("the connection manager closed").hasSize(1);
        assertThat(Files.readString(context.profiles().profilesFile())).contains("\"name\" : \"Local test\"");
    }

    @Test
    void wrongPortIsExplainedInTheConnectionManager(FxRobot robot) {
        robot.interact(window::openConnectionManager);
        replaceText(robot, "#portField", "1");
        robot.clickOn("#testButton");

        waitUntil(10, "the reason is shown", () -> label(robot, "#feedbackLabel")
                .equals("Connecting to 127.0.0.1:1 failed: the connection was refused: no Redis server is listening there."));
    }

    @Test
    void statusBarFollowsAServerThatStopsAndReturns(FxRobot robot) {
        robot.interact(() -> window.open(redis.profile()));
        waitUntil(10, "connected", () -> label(robot, "#statusState").equals("Connected"));

        redis.kill();

        waitUntil(5, "status bar reads disconnected",
                () -> label(robot, "#statusState").equals("Disconnected · retrying"));
        HBox statusBar = robot.lookup("#statusBar").queryAs(HBox.class);
        assertThat(statusBar.getPseudoClassStates()).containsExactly(PseudoClass.getPseudoClass("disconnected"));
        WaitForAsyncUtils.waitForFxEvents();
        Label state = robot.lookup("#statusState").queryAs(Label.class);
        var disconnectedColour = state.getTextFill();
        assertThat(robot.listWindows()).as("no error dialog").hasSize(1);
        assertThat(label(robot, "#statusLatency")).isEmpty();

        redis.startAgain();

        waitUntil(15, "status bar reads connected again", () -> label(robot, "#statusState").equals("Connected"));
        assertThat(statusBar.getPseudoClassStates()).containsExactly(PseudoClass.getPseudoClass("connected"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(state.getTextFill()).as("the state reads in another colour once connected")
                .isNotEqualTo(disconnectedColour);
        waitUntil(5, "round trip measured again", () -> label(robot, "#statusLatency").endsWith(" ms"));
    }

    @Test
    void themeSwitchesAndIsRemembered(FxRobot robot) throws Exception {
        Region content = robot.lookup(".content").queryAs(Region.class);
        assertThat(brightness(content)).as("light background").isGreaterThan(0.8);

        robot.clickOn("#themeButton");

        assertThat(Themes.isDarkApplied()).isTrue();
        waitUntil(5, "background turns dark", () -> brightness(content) < 0.3);
        assertThat(robot.lookup("#themeButton").queryAs(Button.class).getText()).isEqualTo("Light theme");
        waitUntil(5, "remembered (written on its own thread)", () -> context.settings().load().darkTheme());

        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.L);

        waitUntil(5, "background turns light", () -> brightness(content) > 0.8);
        waitUntil(5, "remembered (written on its own thread)", () -> !context.settings().load().darkTheme());
    }

    @Test
    void keyboardSwitchesViews(FxRobot robot) {
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT6);
        waitUntil(5, "server view shown", () -> onScreen(robot, "#server-view"));
        assertThat(onScreen(robot, "#browser-view")).as("the browser, hidden").isFalse();
        // settings are written on their own thread
        waitUntil(5, "remembered", () -> "SERVER".equals(context.settings().load().lastView()));

        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        waitUntil(5, "browser view shown", () -> onScreen(robot, "#browser-view"));
        assertThat(onScreen(robot, "#server-view")).as("the server view, hidden").isFalse();
        waitUntil(5, "remembered", () -> "BROWSER".equals(context.settings().load().lastView()));
    }

    @Test
    void theStatusOfPersistenceIsReadOnlyWhileItsViewIsShown(FxRobot robot) throws Exception {
        PersistenceModel persistence = WaitForAsyncUtils.asyncFx(
                () -> ((PersistenceView) window.view(ViewId.PERSISTENCE)).model()).get();
        assertThat(WaitForAsyncUtils.asyncFx(persistence::isShown).get()).as("made ahead, not shown").isFalse();
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT5);
        waitUntil(5, "the persistence view on screen", () -> onScreen(robot, "#persistence-view"));
        waitUntil(5, "its status read while shown", () -> WaitForAsyncUtils.asyncFx(persistence::isShown).get());
        // another view: the persistence view stays made (hidden) but stops reading
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        waitUntil(5, "the browser on screen", () -> onScreen(robot, "#browser-view"));
        assertThat(WaitForAsyncUtils.asyncFx(persistence::isShown).get()).as("hidden, not read").isFalse();
    }

    /** Found, and shown (see {@link UiTestSupport#shown}). */
    static boolean onScreen(FxRobot robot, String query) {
        return UiTestSupport.shown(robot.lookup(query).tryQuery().orElse(null));
    }

    @Test
    void viewsAreMadeAheadStyledButReadNothingUntilOpened(FxRobot robot) throws Exception {
        // set aside while the window first restyled its scene, every view comes back into it (hidden), and so do the
        // views' hidden parts: a switch then restyles nothing
        waitUntil(5, "every view and part back in the window's scene", () -> WaitForAsyncUtils.asyncFx(() ->
                window.allInScene() && Arrays.stream(ViewId.values())
                        .allMatch(id -> window.view(id).root().getScene() != null)).get());
        // made before the window showed: skinned already, so their first switch does not build or skin them
        ModelsView models = WaitForAsyncUtils.asyncFx(() -> (ModelsView) window.view(ViewId.MODELS)).get();
        Control layers = (Control) models.root().lookup("#layer-table");
        assertThat(layers.getSkin()).as("the Models view's layer table, skinned ahead").isNotNull();
        assertThat(layers.getScene()).as("the layer table, back in the window's scene").isNotNull();
        // its cells were made on placeholder rows too, and none of those rows is left
        assertThat(WaitForAsyncUtils.asyncFx(() -> ((TableView<?>) layers).getItems().size()).get())
                .as("layers before any checkpoint").isZero();
        assertThat(WaitForAsyncUtils.asyncFx(() -> layers.lookupAll(".table-cell").size()).get())
                .as("the layer table's cells, made ahead").isGreaterThan(14);
        // the key table's cells were made on placeholder rows while the window was made; none of them is left
        TableView<?> keys = robot.lookup("#key-table").queryAs(TableView.class);
        assertThat(WaitForAsyncUtils.asyncFx(() -> keys.getItems().size()).get()).as("rows before connecting").isZero();

        robot.interact(() -> window.open(redis.profile()));
        waitUntil(10, "connected", () -> label(robot, "#statusState").equals("Connected"));
        // a wanted walk starts in the same FX event that hands over the connection, saying so: this one did not
        CatalogueModel catalogue = models.model().catalogue();
        assertThat(WaitForAsyncUtils.asyncFx(() -> catalogue.statusProperty().get()).get())
                .as("no walk of the keyspace for views nobody opened").isEmpty();

        robot.push(KeyCode.CONTROL, KeyCode.DIGIT2);
        waitUntil(5, "the Models view shown", () -> onScreen(robot, "#models-view"));
        waitUntil(10, "its catalogue walked once it is opened",
                () -> catalogue.phaseProperty().get() == CatalogueModel.Phase.READY);
    }

    private static double brightness(Region region) {
        return ((Color) region.getBackground().getFills().get(0).getFill()).getBrightness();
    }

    static String label(FxRobot robot, String query) {
        Label label = robot.lookup(query).queryAs(Label.class);
        return label.getText() == null ? "" : label.getText();
    }

    static void replaceText(FxRobot robot, String query, String text) {
        TextField field = robot.lookup(query).queryAs(TextField.class);
        robot.clickOn(field);
        robot.interact(field::selectAll);
        robot.write(text);
    }
}
