package dev.tensorlens.ui;

import dev.tensorlens.StartupOptions;
import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.demo.DemoServer;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** What the README's run command does: the whole application on a demo server, gone when the window closes. */
class DemoAppTest {

    final FxRobot robot = new FxRobot();
    TensorlensApp app;

    @AfterEach
    void cleanUp() throws Exception {
        TensorlensApp.setStartupOptions(new StartupOptions(false, null));
        FxToolkit.cleanupStages();
    }

    @Test
    void opensConnectedToAFilledDemoServerAndRemovesItOnClose() throws Exception {
        TensorlensApp.setStartupOptions(new StartupOptions(true, null));
        FxToolkit.registerPrimaryStage();
        app = (TensorlensApp) FxToolkit.setupApplication(TensorlensApp.class);

        // the window is made in the background and shown when ready; then the demo server starts
        waitUntil(30, "the window shown", () -> robot.lookup("#statusState").tryQuery().isPresent());
        waitUntil(30, "connected to the demo", () -> text("#statusState").equals("Connected"));
        DemoServer demo = app.demoServer();
        assertThat(text("#statusTarget")).isEqualTo("Demo server (127.0.0.1:" + demo.port() + ")");
        waitUntil(10, "the browser, where a first run starts, lists the demo keys",
                () -> robot.lookup("#scan-status").tryQuery().isPresent()
                        && text("#scan-status").startsWith(DemoSeeder.KEYS.size() + " keys"));
        int port = demo.port();
        Path dir = demo.dir();

        FxToolkit.cleanupApplication(app);

        // stop() leaves the FX thread at once and stops the server on a thread of its own (SIGTERM, up to 10 s,
        // then a kill): wait for that rather than look the moment the window has closed
        Eventually.within(Duration.ofSeconds(20), "the demo server stopped and its folder removed",
                () -> !demo.isRunning() && !Files.exists(dir));
        RedisServerExtension.assertNothingListensOn(port);
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }
}
