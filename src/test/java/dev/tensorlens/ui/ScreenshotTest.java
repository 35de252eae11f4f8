package dev.tensorlens.ui;

import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.support.MainWindowTestBase;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.common.ViewId;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes every view to {@code target/screenshots/<view>.png} (and a few states worth looking at), against a
 * real server holding the demo data. Open the PNGs after a change to a view.
 */
class ScreenshotTest extends MainWindowTestBase {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();


    @BeforeEach
    void seed() {
        try (RedisSession s = RedisSession.open(redis.profile()).join()) {
            DemoSeeder.seed(s).join();
        }
    }



    @Test
    void everyViewConnected(FxRobot robot) throws Exception {
        connect(robot);
        for (ViewId id : ViewId.values()) {
            robot.interact(() -> window.show(id));
            if (id == ViewId.SERVER) {
                waitUntil(10, "server cards shown", () -> robot.lookup("#stat-keys").tryQuery().isPresent());
            }
            WaitForAsyncUtils.waitForFxEvents();
            assertRealImage(UiTestSupport.screenshot(window.stage().getScene(), id.slug()));
        }
    }

    @Test
    void serverViewInTheDarkTheme(FxRobot robot) throws Exception {
        connect(robot);
        robot.interact(() -> {
            window.model().darkThemeProperty().set(true);
            window.show(ViewId.SERVER);
        });
        waitUntil(10, "server cards shown", () -> robot.lookup("#stat-keys").tryQuery().isPresent());
        assertThat(robot.lookup("#stat-keys").queryAs(Label.class).getText()).isEqualTo(
                Integer.toString(DemoSeeder.KEYS.size()));
        WaitForAsyncUtils.waitForFxEvents();
        assertRealImage(UiTestSupport.screenshot(window.stage().getScene(), "server-dark"));
    }

    @Test
    void notConnectedAndConnectionManager(FxRobot robot) throws Exception {
        robot.interact(() -> window.show(ViewId.SERVER));
        WaitForAsyncUtils.waitForFxEvents();
        assertRealImage(UiTestSupport.screenshot(window.stage().getScene(), "not-connected"));

        robot.interact(window::openConnectionManager);
        WaitForAsyncUtils.waitForFxEvents();
        assertRealImage(UiTestSupport.screenshot(window.connectDialog().stage().getScene(), "connections"));
    }

    @Test
    void serverGoneAway(FxRobot robot) throws Exception {
        connect(robot);
        redis.kill();
        try {
            waitUntil(5, "disconnected", () -> robot.lookup("#statusState").queryAs(Label.class)
                    .getText().startsWith("Disconnected"));
            WaitForAsyncUtils.waitForFxEvents();
            assertRealImage(UiTestSupport.screenshot(window.stage().getScene(), "disconnected"));
        } finally {
            redis.startAgain();
        }
    }

    @Test
    void connectionThatFails(FxRobot robot) throws Exception {
        robot.interact(() -> window.open(ConnectionProfile.builder()
                .name("Staging").host("127.0.0.1").port(1).build()));
        waitUntil(10, "error banner shown", () -> robot.lookup("#errorBanner").queryAs(Node.class).isVisible());
        assertThat(robot.lookup("#errorText").queryAs(Label.class).getText())
                .isEqualTo("Connecting to Staging (127.0.0.1:1) failed: the connection was refused: no Redis server is listening there.");
        WaitForAsyncUtils.waitForFxEvents();
        assertRealImage(UiTestSupport.screenshot(window.stage().getScene(), "connect-failed"));
    }

    private void connect(FxRobot robot) {
        robot.interact(() -> window.open(redis.profile().toBuilder().name("Demo data").build()));
        waitUntil(10, "connected", () -> robot.lookup("#statusState").queryAs(Label.class).getText().equals("Connected"));
        waitUntil(5, "version shown", () -> !robot.lookup("#statusVersion").queryAs(Label.class).getText().isEmpty());
    }

    /** A PNG that is not blank: the snapshot really rendered something. */
    private static void assertRealImage(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(600);
        int first = image.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < image.getHeight() && !varied; y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                if (image.getRGB(x, y) != first) {
                    varied = true;
                    break;
                }
            }
        }
        assertThat(varied).as(png + " has content").isTrue();
    }
}
