package dev.tensorlens.ui.browser;

import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.ScriptedDialogs;
import dev.tensorlens.support.TestUiThread;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The server goes away under the browser and comes back: the user is told, and the listing is made whole again. */
class BrowserReconnectTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension().withDebugCommand();

    private final TestUiThread ui = new TestUiThread();
    private final SessionModel session = ui.call(() -> new SessionModel(ui.ui(), ui.executors().timers()));
    private final BrowserModel model = ui.call(() -> new BrowserModel(session, ui.ui(), ui.executors(), new TaskList(),
            new ScriptedDialogs()));

    @AfterEach
    void close() {
        ui.run(session::close);
        ui.close();
    }

    @Test
    void aScanBrokenByADropSaysWhyAndFinishesWhenTheServerIsBack() {
        redis.populate(300_000, "key");
        ui.run(() -> session.open(redis.profile()));
        Eventually.within(Duration.ofSeconds(10), "scanning", () -> ui.call(() -> model.tree().keyCountProperty().get()) > 0);

        redis.kill();
        Eventually.within(Duration.ofSeconds(10), "the failure said", () -> ui.call(() -> model.phaseProperty().get())
                == BrowserModel.ScanPhase.FAILED);
        assertThat(ui.call(() -> model.errorProperty().get()))
                .isEqualTo("SCAN failed: the connection dropped before the server answered; it reconnects on its own.");

        redis.startAgain(); // an empty server now: nothing is kept on disk
        redis.sync().set("after:restart", "1");
        Eventually.within(Duration.ofSeconds(15), "listed again", () -> ui.call(() -> model.phaseProperty().get())
                == BrowserModel.ScanPhase.DONE && ui.call(() -> model.tree().keyCountProperty().get()) == 1);
        assertThat(ui.call(() -> model.errorProperty().get())).isNull();
    }
}
