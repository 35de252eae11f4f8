package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.ValueWriter;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.LocalCluster;
import dev.tensorlens.support.ScriptedDialogs;
import dev.tensorlens.support.TestUiThread;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser on a real three-master cluster: every master listed, a folder deleted across slots. */
class BrowserClusterTest {

    static LocalCluster cluster;

    private final TestUiThread ui = new TestUiThread();
    private final SessionModel session = ui.call(() -> new SessionModel(ui.ui(), ui.executors().timers()));
    private final BrowserModel model = ui.call(() -> new BrowserModel(session, ui.ui(), ui.executors(), new TaskList(),
            new ScriptedDialogs()));

    @BeforeAll
    static void form() throws Exception {
        cluster = LocalCluster.start("browser-cluster");
        RedisSession s = cluster.session();
        for (int i = 0; i < 600; i++) {
            String key = (i % 2 == 0 ? "model:net:" : "cache:batch:") + i;
            new ValueWriter(s).set(Keys.bytes(key), new byte[] {1}).get();
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void close() {
        ui.run(session::close);
        ui.close();
    }

    private long keysOnServer() {
        AtomicLong total = new AtomicLong();
        for (int i = 0; i < 3; i++) {
            cluster.withNode(i, c -> total.addAndGet(c.sync().dbsize()));
        }
        return total.get();
    }

    @Test
    void listsTheKeysOfEveryMasterAndDeletesAFolderAcrossSlots() {
        for (int i = 0; i < 3; i++) { // the keys are spread: each master holds some
            cluster.withNode(i, c -> assertThat(c.sync().dbsize()).isPositive());
        }
        ui.run(() -> session.open(cluster.profile()));
        Eventually.within(Duration.ofSeconds(20), "every key of the three masters",
                () -> ui.call(() -> model.tree().keyCountProperty().get()) == 600
                        && ui.call(() -> model.phaseProperty().get()) == BrowserModel.ScanPhase.DONE);

        ui.run(() -> model.actions().deleteFolder(model.tree().snapshotProperty().get(), Keys.bytes("cache:")));
        Eventually.within(Duration.ofSeconds(20), "the folder deleted",
                () -> ui.call(() -> model.actions().messageProperty().get()) != null);
        assertThat(ui.call(() -> model.actions().messageProperty().get())).isEqualTo("Deleted 300 keys under cache:.");
        assertThat(keysOnServer()).isEqualTo(300);
        Eventually.within(Duration.ofSeconds(5), "the tree follows",
                () -> ui.call(() -> model.tree().keyCountProperty().get()) == 300);
    }
}
