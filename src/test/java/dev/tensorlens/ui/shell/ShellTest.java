package dev.tensorlens.ui.shell;

import dev.tensorlens.support.MainWindowTestBase;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.ui.common.Themes;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

import java.nio.file.Files;

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
        assertThat(statusBar.getStyleClass()).contains("state-disconnected");
        assertThat(robot.listWindows()).as("no error dialog").hasSize(1);
        assertThat(label(robot, "#statusLatency")).isEmpty();

        redis.startAgain();

        waitUntil(15, "status bar reads connected again", () -> label(robot, "#statusState").equals("Connected"));
        assertThat(statusBar.getStyleClass()).contains("state-connected");
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
        assertThat(context.settings().load().darkTheme()).isTrue();

        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.L);

        waitUntil(5, "background turns light", () -> brightness(content) > 0.8);
        assertThat(context.settings().load().darkTheme()).isFalse();
    }

    @Test
    void keyboardSwitchesViews(FxRobot robot) {
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT6);
        waitUntil(5, "server view shown", () -> robot.lookup("#server-view").tryQuery().isPresent());
        assertThat(context.settings().load().lastView()).isEqualTo("SERVER");

        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        waitUntil(5, "browser view shown", () -> robot.lookup("#browser-view").tryQuery().isPresent());
        assertThat(context.settings().load().lastView()).isEqualTo("BROWSER");
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
