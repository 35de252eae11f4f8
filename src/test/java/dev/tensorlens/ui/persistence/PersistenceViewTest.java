package dev.tensorlens.ui.persistence;

import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.PersistencePermissions;
import dev.tensorlens.support.CommandStats;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.ScriptedDialogs;
import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.Themes;
import io.lettuce.core.AclCategory;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.protocol.CommandType;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.controlsfx.control.NotificationPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.List;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Persistence view driven as a user drives it, against a real redis-server in a temporary folder: the card says
 * what is on disk; a snapshot taken with "Save now" survives the server being killed with SIGKILL; a second save
 * while one runs is explained in the outcome bar, not a failure dialog; the schedule is edited; an ACL user without
 * BGSAVE and CONFIG sees those actions disabled with the reason; a read-only profile looks and does not act.
 */
@ExtendWith(ApplicationExtension.class)
class PersistenceViewTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension().withDebugCommand();

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private AppContext context;
    private PersistenceView view;
    private Stage stage;

    void open(ConnectionProfile profile) throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> {
            Themes.apply(false);
            context = UiTestSupport.freshContext();
            context.session().open(profile);
            view = new PersistenceView(context, dialogs);
            UiTestSupport.show(stage, (Parent) view.root(), 1200, 780);
        }).get();
        waitUntil(15, "the status read", () -> model().phaseProperty().get() == PersistenceModel.Phase.READY
                && !model().masters().isEmpty());
    }

    @AfterEach
    void close() throws Exception {
        if (context != null) {
            WaitForAsyncUtils.asyncFx(() -> context.close()).get();
        }
        FxToolkit.cleanupStages();
        redis.sync().configSet("rdb-key-save-delay", "0");
        Eventually.within(Duration.ofSeconds(30), "no child process left running", () -> {
            String info = redis.sync().info("persistence");
            return info.contains("rdb_bgsave_in_progress:0") && info.contains("aof_rewrite_in_progress:0");
        });
        redis.sync().flushall();
    }

    private PersistenceModel model() {
        return view.model();
    }

    private String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }


    @Test
    void aSnapshotTakenWithSaveNowSurvivesTheServerBeingKilled(FxRobot robot) throws Exception {
        redis.sync().flushall();
        redis.sync().bgsave(); // a known start: nothing changed since the last snapshot
        Eventually.within(Duration.ofSeconds(30), "the first snapshot written",
                () -> redis.sync().info("persistence").contains("rdb_bgsave_in_progress:0"));
        redis.writeKeys("weights:", 500);
        open(redis.profile());
        waitUntil(10, "500 changes since the last snapshot", () -> robot.lookup("#fact-changes").tryQuery()
                .map(n -> ((Label) n).getText().equals("500")).orElse(false));
        assertThat(text(robot, "#fact-schedule")).isNotBlank();
        Node card = robot.lookup(".master-card").query();
        Node changes = robot.lookup("#fact-changes").query();

        robot.clickOn("#persist-bgsave");
        waitUntil(30, "the snapshot written", () -> model().messageProperty().get().startsWith("Snapshot written at"));
        waitUntil(10, "nothing unsaved any more", () -> text(robot, "#fact-changes").equals("0"));
        assertThat(text(robot, "#fact-snapshot")).startsWith("the last one succeeded");
        // every read is written into the card's own nodes: new labels would be styled and skinned on the FX thread
        assertThat(robot.lookup(".master-card").queryAll()).as("the same card, updated in place").containsExactly(card);
        assertThat(robot.lookup("#fact-changes").<Node>query()).as("the same label, its text changed").isSameAs(changes);
        assertThat(dialogs.asked()).as("a background save asks nothing").isEmpty();
        redis.sync().set("after-the-snapshot", "only in memory");

        redis.kill();
        redis.startAgain();

        assertThat(redis.sync().dbsize()).isEqualTo(500);
        assertThat(redis.sync().get("weights:499")).isEqualTo("v499");
        assertThat(redis.sync().exists("after-the-snapshot")).as("written after the snapshot").isZero();
    }

    @Test
    void aBlockingSaveWarnsThatItBlocksTheServerAndWritesTheSnapshotOnlyOnYes(FxRobot robot) throws Exception {
        redis.sync().save(); // a known start: nothing changed since the last snapshot
        redis.writeKeys("weights:", 100);
        open(redis.profile());
        waitUntil(10, "100 changes since the last snapshot", () -> robot.lookup("#fact-changes").tryQuery()
                .map(n -> ((Label) n).getText().equals("100")).orElse(false));
        redis.sync().configResetstat();

        dialogs.thenConfirm(false);
        robot.clickOn("#persist-save");
        assertThat(dialogs.asked()).containsExactly("save-dialog: Block the server while it saves?");
        dialogs.thenConfirm(true);
        robot.clickOn("#persist-save");
        waitUntil(30, "saved", () -> model().messageProperty().get().startsWith("Saved: the snapshot was written at"));
        waitUntil(10, "nothing unsaved any more", () -> text(robot, "#fact-changes").equals("0"));

        // the barrier: the save said yes to is done, so one refused would have been sent before it
        assertThat(CommandStats.read(redis.sync())).as("one SAVE: the one said yes to").containsEntry("save", 1L)
                .doesNotContainKey("bgsave");
    }

    @Test
    void rewritingTheAppendOnlyFileIsFollowedUntilTheServerHasDoneIt(FxRobot robot) throws Exception {
        redis.sync().configSet("appendonly", "yes"); // the server writes the whole data set to a new AOF first
        try {
            Eventually.within(Duration.ofSeconds(30), "the first AOF written",
                    () -> redis.sync().info("persistence").contains("aof_rewrite_in_progress:0"));
            redis.writeKeys("weights:", 300);
            open(redis.profile());
            redis.sync().configResetstat();

            robot.clickOn("#persist-rewrite");
            waitUntil(30, "the rewrite done", () -> model().messageProperty().get()
                    .startsWith("The append-only file was rewritten: it now holds the data set compactly"));
            assertThat(dialogs.asked()).as("a rewrite in the background asks nothing").isEmpty();
            assertThat(CommandStats.read(redis.sync())).containsEntry("bgrewriteaof", 1L);
            assertThat(redis.sync().info("persistence")).contains("aof_rewrite_in_progress:0")
                    .contains("aof_last_bgrewrite_status:ok");
        } finally {
            redis.sync().configSet("appendonly", "no");
        }
    }

    @Test
    void aSecondSaveWhileOneIsWrittenIsExplainedInTheOutcomeBar(FxRobot robot) throws Exception {
        redis.populate(8000, "slow");
        redis.sync().configSet("rdb-key-save-delay", "1000"); // the child takes ~8 s: time to click while it runs
        open(redis.profile());
        redis.sync().bgsave(); // another client's save, still running
        waitUntil(10, "the running snapshot shown", () -> text(robot, "#fact-snapshot").startsWith("being written"));

        robot.clickOn("#persist-bgsave");
        waitUntil(10, "the refusal explained", () -> model().messageProperty().get()
                .contains("a snapshot (background save) is already being written"));
        NotificationPane bar = robot.lookup("#persist-notifications")
                .queryAs(NotificationPane.class);
        waitUntil(5, "in the bar", () -> bar.isShowing() && bar.getText().equals(model().messageProperty().get()));
        assertThat(dialogs.asked()).as("no dialog").isEmpty();
        assertThat(model().busyProperty().get()).isFalse();
    }

    @Test
    void theSaveScheduleIsEditedWithItsTextChecked(FxRobot robot) throws Exception {
        open(redis.profile());
        dialogs.thenType("600 10 60 10000");
        robot.clickOn("#persist-schedule");
        waitUntil(10, "the schedule set", () -> model().messageProperty().get().startsWith("The snapshot schedule is now"));
        assertThat(redis.sync().configGet("save")).containsEntry("save", "600 10 60 10000");
        waitUntil(10, "the card says so", () -> text(robot, "#fact-schedule")
                .equals("after 600 s if 10 changes, after 60 s if 10,000 changes"));
        assertThat(PersistenceModel.scheduleProblem("600")).isNotNull();
        assertThat(PersistenceModel.scheduleProblem("")).isNull();
        redis.sync().configSet("save", "");
    }

    @Test
    void anAclUserWithoutBgsaveOrConfigSeesThoseActionsDisabledWithTheReason(FxRobot robot) throws Exception {
        redis.sync().aclSetuser("analyst", AclSetuserArgs.Builder.on().addPassword("pw").allKeys().allChannels()
                .allCommands().removeCommand(CommandType.BGSAVE).removeCommand(CommandType.CONFIG));
        try {
            open(redis.profile().toBuilder().username("analyst").password("pw").build());
            // CONFIG GET refused says the config actions cannot work; BGSAVE is known in advance only where the
            // server answers ACL DRYRUN (Redis 7): on 6.2 its refusal is learnt when it is tried
            boolean dryRun = redis.binary().versionNumber() >= 700;
            waitUntil(10, "the refusals known", () -> model().refusals().containsKey(
                    dryRun ? PersistencePermissions.Action.BGSAVE : PersistencePermissions.Action.SAVE_SCHEDULE));
            assertThat(robot.lookup("#persist-bgsave").queryAs(Button.class).isDisabled()).isEqualTo(dryRun);
            assertThat(robot.lookup("#persist-schedule").queryAs(Button.class).isDisabled()).isTrue();
            assertThat(robot.lookup("#persist-config").queryAs(Button.class).isDisabled()).isTrue();
            assertThat(text(robot, "#persist-reasons")).contains("Schedule: ");
            if (dryRun) {
                assertThat(text(robot, "#persist-reasons")).contains("Save now: ").contains("BGSAVE");
            }
            WaitForAsyncUtils.waitForFxEvents();
            UiTestSupport.screenshot(stage.getScene(), "persistence-acl");
        } finally {
            redis.sync().aclDeluser("analyst");
        }
    }

    @Test
    void aReadOnlyProfileLooksButDoesNotAct(FxRobot robot) throws Exception {
        redis.writeKeys("k:", 10);
        open(redis.profile().toBuilder().readOnly(true).build());
        for (String id : List.of("#persist-bgsave", "#persist-save", "#persist-rewrite", "#persist-aof",
                "#persist-schedule", "#persist-config")) {
            Node control = robot.lookup(id).query();
            assertThat(control.isDisabled()).as(id).isTrue();
        }
        assertThat(text(robot, "#persist-reasons")).startsWith("This profile is read-only");
        assertThat(robot.lookup(".master-card").queryAll()).hasSize(1);
        redis.sync().configResetstat();
        robot.interact(() -> {
            model().backgroundSave();
            assertThat(model().busyProperty().get()).as("nothing started").isFalse();
            assertThat(context.tasks().running()).as("no task listed").isEmpty();
        });
        assertThat(redis.sync().info("commandstats")).as("the server got no BGSAVE").doesNotContain("cmdstat_bgsave");
    }

    @Test
    void aUserWithoutAdminCommandsSeesTheStatusAndLearnsWhyASaveIsRefused(FxRobot robot) throws Exception {
        // a common restricted account: everything but @admin (BGSAVE, LASTSAVE, CONFIG, ACL DRYRUN are all @admin)
        redis.sync().aclSetuser("scientist", AclSetuserArgs.Builder.on().addPassword("pw").allKeys().allChannels()
                .allCommands().removeCategory(AclCategory.ADMIN));
        try {
            redis.writeKeys("w:", 20);
            open(redis.profile().toBuilder().username("scientist").password("pw").build());
            assertThat(text(robot, "#fact-changes")).as("INFO still answers").isNotBlank();
            assertThat(robot.lookup("#persist-bgsave").queryAs(Button.class).isDisabled())
                    .as("not knowable in advance without ACL DRYRUN").isFalse();
            robot.clickOn("#persist-bgsave");
            waitUntil(10, "the refusal learnt", () -> robot.lookup("#persist-bgsave").queryAs(Button.class).isDisabled()
                    && model().messageProperty().get().contains("NOPERM"));
            assertThat(text(robot, "#persist-reasons")).contains("Save now: ");
        } finally {
            redis.sync().aclDeluser("scientist");
        }
    }
}
