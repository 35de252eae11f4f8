package dev.tensorlens.ui.persistence;

import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.redis.ValueWriter;
import dev.tensorlens.support.LocalCluster;
import dev.tensorlens.support.ScriptedDialogs;
import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.Themes;
import javafx.scene.Parent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** On the test cluster every master has its card, and "Save now" writes a snapshot on each of them. */
@ExtendWith(ApplicationExtension.class)
class PersistenceClusterViewTest {

    static LocalCluster cluster;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private AppContext context;
    private PersistenceView view;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start("persist-view-cluster");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> context.close()).get();
        FxToolkit.cleanupStages();
    }

    @Test
    void everyMasterIsShownAndSaved(FxRobot robot) throws Exception {
        ValueWriter writer = new ValueWriter(cluster.session());
        for (int i = 0; i < 300; i++) { // spread over every master's slots
            byte[] key = ("k:" + i).getBytes(StandardCharsets.UTF_8);
            writer.set(key, key).get();
        }
        Stage stage = FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> {
            Themes.apply(false);
            context = UiTestSupport.freshContext();
            context.session().open(cluster.profile());
            view = new PersistenceView(context, dialogs);
            UiTestSupport.show(stage, (Parent) view.root(), 1200, 780);
        }).get();
        List<String> masters = cluster.nodes().stream().map(n -> "127.0.0.1:" + n.port()).toList();
        waitUntil(20, "a card per master", () -> view.model().masters().size() == masters.size());
        assertThat(view.model().masters()).extracting(s -> s.server()).containsExactlyElementsOf(masters);
        assertThat(robot.lookup(".master-card").queryAll()).hasSize(masters.size());

        robot.clickOn("#persist-bgsave");
        waitUntil(30, "saved on every master", () -> view.model().messageProperty().get()
                .startsWith("Snapshot written at") && view.model().messageProperty().get()
                .contains("on all " + masters.size() + " masters"));
        waitUntil(10, "nothing unsaved on any master", () -> view.model().masters().stream()
                .allMatch(s -> s.snapshots().changesSinceLastSave() == 0));
        for (RedisProcess node : cluster.nodes()) {
            assertThat(node.dir().resolve("dump.rdb")).as("written on " + node.port()).exists();
        }
        WaitForAsyncUtils.waitForFxEvents();
        UiTestSupport.screenshot(stage.getScene(), "persistence-cluster");
    }
}
