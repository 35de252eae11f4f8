package dev.tensorlens.ui.persistence;

import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.ScriptedDialogs;
import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.Themes;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;
import java.util.Map;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The append-only file turned off and on again from the view's AOF switch, and the writes made after the last
 * snapshot surviving a SIGKILL. The server starts with {@code --appendonly yes} because a restart reuses the startup
 * options (a server without a config file cannot keep a {@code CONFIG SET} across it): so the switch turns AOF off
 * (asking first), a snapshot is taken, and the switch turns it on again; had turning it on done nothing, the restart
 * would load the AOF from before it was turned off, which holds none of the keys written after.
 */
@ExtendWith(ApplicationExtension.class)
class PersistenceAofViewTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension("--appendonly", "yes");

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private AppContext context;
    private PersistenceView view;

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> context.close()).get();
        FxToolkit.cleanupStages();
    }

    private PersistenceModel model() {
        return view.model();
    }

    private void flipAof(FxRobot robot) {
        robot.clickOn(robot.lookup("#persist-aof").lookup(".thumb-area").queryAs(Node.class));
    }

    private String aofFact(FxRobot robot) {
        return robot.lookup("#fact-aof").queryAs(Label.class).getText();
    }

    @Test
    void writesAfterTheLastSnapshotSurviveAKillOnceTheSwitchTurnedAofOn(FxRobot robot) throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> {
            Themes.apply(false);
            context = UiTestSupport.freshContext();
            context.session().open(redis.profile());
            view = new PersistenceView(context, dialogs);
            UiTestSupport.show(stage, (Parent) view.root(), 1200, 780);
        }).get();
        waitUntil(15, "AOF shown on", () -> model().phaseProperty().get() == PersistenceModel.Phase.READY
                && aofFact(robot).startsWith("on"));

        dialogs.thenConfirm(true); // turning AOF off asks: writes would then be in memory only until a snapshot
        flipAof(robot);
        waitUntil(15, "AOF off", () -> model().messageProperty().get().startsWith("AOF is off") && aofFact(robot).equals("off"));
        assertThat(dialogs.asked()).containsExactly("aof-off-dialog: Turn the append-only file off?");
        redis.sync().mset(Map.of("before:1", "a", "before:2", "b"));
        robot.clickOn("#persist-bgsave");
        waitUntil(30, "the snapshot written", () -> model().messageProperty().get().startsWith("Snapshot written at"));

        flipAof(robot);
        waitUntil(30, "AOF on again, the data set rewritten into it", () -> model().messageProperty().get()
                .startsWith("AOF is on") && aofFact(robot).startsWith("on, "));
        // appendfsync always: each write is on disk before its reply, so a SIGKILL right after loses none
        redis.sync().configSet("appendfsync", "always");
        redis.sync().mset(Map.of("after:1", "c", "after:2", "d"));
        waitUntil(10, "the card counts the writes since the snapshot", () -> !robot.lookup("#fact-changes")
                .queryAs(Label.class).getText().equals("0"));

        redis.kill();
        redis.startAgain();

        assertThat(redis.sync().mget("before:1", "after:1", "after:2")).extracting(kv -> kv.getValueOrElse(null))
                .containsExactly("a", "c", "d");
    }
}
