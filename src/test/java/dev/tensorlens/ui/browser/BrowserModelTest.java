package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.PubSubHub;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ValueWriter;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.ScriptedDialogs;
import dev.tensorlens.support.TestUiThread;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.UiExecutor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser's scan and filters against a real server, without a window. */
class BrowserModelTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension().withDebugCommand();

    private final TestUiThread uiThread = new TestUiThread();
    private final UiExecutor ui = uiThread.ui();
    private final SessionModel session = new SessionModel(ui, uiThread.executors().timers());
    private final TaskList tasks = new TaskList();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final BrowserModel model = onUi(() -> new BrowserModel(session, ui, uiThread.executors(), tasks, dialogs));

    @BeforeAll
    static void fill() {
        redis.sync().flushall();
        redis.populate(20_000, "bulk"); // bulk:0 … bulk:19999, strings
        redis.sync().hset("model:mlp:v1", "layer0.weight", "x");
        redis.sync().sadd("dataset:digits:train", "1", "2");
        redis.sync().rpush("queue:jobs", "a");
    }

    @AfterEach
    void close() {
        uiThread.run(session::close);
        uiThread.close();
    }

    private <T> T onUi(Supplier<T> read) {
        return uiThread.call(read);
    }

    private void connectAndWait() {
        onUi(() -> session.open(redis.profile()));
        waitForPhase(BrowserModel.ScanPhase.DONE);
    }

    private void waitForPhase(BrowserModel.ScanPhase phase) {
        Eventually.within(Duration.ofSeconds(15), "scan phase " + phase, () -> onUi(() -> model.phaseProperty().get()) == phase);
    }

    private List<String> rowTexts() {
        return onUi(() -> {
            List<String> out = new ArrayList<>();
            model.tree().rows().forEach(r -> out.add(r.toString()));
            return out;
        });
    }

    @Test
    void notConnectedUntilASessionOpens() {
        onUi(() -> {
            model.rescan();
            return null;
        });
        assertThat(onUi(() -> model.phaseProperty().get())).isEqualTo(BrowserModel.ScanPhase.NOT_CONNECTED);
    }

    @Test
    void aBrowserMadeAheadListsNothingUntilShown() {
        onUi(() -> {
            model.waitUntilShown();
            session.open(redis.profile());
            return null;
        });
        // the scan would start in the FX event that hands the connection over: wait for that event, not a while
        Eventually.within(Duration.ofSeconds(10), "connected", () -> onUi(() -> session.session() != null));
        assertThat(onUi(() -> model.phaseProperty().get())).as("no scan nobody looks at")
                .isEqualTo(BrowserModel.ScanPhase.NOT_CONNECTED);
        assertThat(onUi(() -> model.tree().keyCountProperty().get())).isZero();

        onUi(() -> {
            model.start();
            return null;
        });
        Eventually.within(Duration.ofSeconds(15), "every key listed once shown",
                () -> onUi(() -> model.tree().keyCountProperty().get()) == 20_003);
    }

    @Test
    void scansEveryKeyIntoTheTreeAndSaysHowMany() {
        connectAndWait();

        Eventually.within(Duration.ofSeconds(5), "all keys in the tree",
                () -> onUi(() -> model.tree().keyCountProperty().get()) == 20_003);
        assertThat(onUi(() -> model.statusProperty().get())).startsWith("20,003 keys · scanned in ");
        assertThat(onUi(() -> model.progressProperty().get())).isEqualTo(1.0);
        // the rows are built from the snapshot off the UI thread, a moment after the count
        Eventually.within(Duration.ofSeconds(5), "the rows of every key", () -> rowTexts().equals(
                List.of("> bulk (20000)", "> dataset (1)", "> model (1)", "> queue (1)")));
    }

    @Test
    void patternAndTypeFiltersRescan() {
        connectAndWait();

        onUi(() -> {
            model.patternProperty().set("model:*");
            model.rescan();
            return null;
        });
        waitForPhase(BrowserModel.ScanPhase.DONE);
        Eventually.within(Duration.ofSeconds(5), "one key", () -> onUi(() -> model.tree().keyCountProperty().get()) == 1);
        assertThat(onUi(() -> model.statusProperty().get())).startsWith("1 key match · ");

        onUi(() -> {
            model.patternProperty().set("");
            model.typeProperty().set("set");
            model.rescan();
            return null;
        });
        waitForPhase(BrowserModel.ScanPhase.DONE);
        Eventually.within(Duration.ofSeconds(5), "the set only", () -> rowTexts().equals(List.of("> dataset (1)")));
    }

    @Test
    void aPatternWithoutWildcardIsOneExactKeyAndSaysSoWhenMissing() {
        connectAndWait();

        onUi(() -> {
            model.patternProperty().set("queue:jobs");
            model.rescan();
            return null;
        });
        waitForPhase(BrowserModel.ScanPhase.DONE);
        Eventually.within(Duration.ofSeconds(5), "the exact key", () -> onUi(() -> model.tree().keyCountProperty().get()) == 1);

        onUi(() -> {
            model.patternProperty().set("queue");
            model.rescan();
            return null;
        });
        waitForPhase(BrowserModel.ScanPhase.DONE);
        assertThat(onUi(() -> model.hintProperty().get()))
                .isEqualTo("No key is named exactly 'queue'. A pattern needs a wildcard: queue* lists the keys that start with it.");
        Eventually.within(Duration.ofSeconds(5), "no rows", () -> rowTexts().isEmpty());
    }

    @Test
    void latestFilterWinsWhenTheUserTypesDuringAScan() {
        onUi(() -> session.open(redis.profile()));
        Eventually.within(Duration.ofSeconds(10), "scan started", () -> onUi(() -> model.phaseProperty().get())
                != BrowserModel.ScanPhase.NOT_CONNECTED);
        onUi(() -> {
            model.patternProperty().set("dataset:*");
            model.rescan();
            model.patternProperty().set("queue:*");
            model.rescan();
            return null;
        });
        waitForPhase(BrowserModel.ScanPhase.DONE);
        Eventually.within(Duration.ofSeconds(5), "only the last filter's keys", () -> rowTexts().equals(List.of("> queue (1)")));
    }

    @Test
    void stopKeepsWhatWasFoundAndSaysTheListingIsIncomplete() {
        redis.populate(300_000, "many");
        try {
            onUi(() -> session.open(redis.profile()));
            Eventually.within(Duration.ofSeconds(10), "some keys in", () -> onUi(() -> model.tree().keyCountProperty().get()) > 0);
            onUi(() -> {
                model.stopScan();
                return null;
            });
            waitForPhase(BrowserModel.ScanPhase.STOPPED);
            assertThat(onUi(() -> model.statusProperty().get())).startsWith("Stopped after ").endsWith("the listing is incomplete");
            int kept = onUi(() -> model.tree().keyCountProperty().get());
            assertThat(kept).isBetween(1, 320_002);
        } finally {
            redis.sync().eval("for i=0,299999 do redis.call('UNLINK','many:'..i) end return 1",
                    ScriptOutputType.INTEGER);
        }
    }

    private void run(Runnable action) {
        uiThread.run(action);
    }

    @Test
    void liveUpdatesAskBeforeTurningNotificationsOnThenFollowWritesDeletesAndExpiries() {
        redis.sync().configSet("notify-keyspace-events", "Ex");
        connectAndWait();
        run(() -> {
            model.patternProperty().set("live:*");
            model.rescan();
        });
        waitForPhase(BrowserModel.ScanPhase.DONE);

        dialogs.thenConfirm(false);
        run(() -> model.live().start());
        Eventually.within(Duration.ofSeconds(5), "asked, and declined", () -> dialogs.asked().size() == 1
                && onUi(() -> model.live().stateProperty().get()) == LiveUpdates.State.OFF);
        assertThat(dialogs.asked()).containsExactly("notifications-dialog: Turn on keyspace notifications?");
        assertThat(redis.sync().configGet("notify-keyspace-events").get("notify-keyspace-events"))
                .as("nothing changed when the user said no").isEqualTo("xE");

        dialogs.thenConfirm(true);
        run(() -> model.live().start());
        Eventually.within(Duration.ofSeconds(5), "following", () -> onUi(() -> model.live().stateProperty().get())
                == LiveUpdates.State.ON);
        assertThat(redis.sync().configGet("notify-keyspace-events").get("notify-keyspace-events"))
                .as("the old flags kept, K and A added").contains("E").contains("K").contains("A");

        redis.sync().set("live:new", "1");
        redis.sync().set("elsewhere:new", "1"); // outside the pattern: not listed
        redis.sync().psetex("live:short", 300, "1");
        Eventually.within(Duration.ofSeconds(5), "the new keys listed", () -> rowTexts().equals(List.of("> live (2)")));
        run(() -> model.tree().modeProperty().set(KeyTreeModel.Mode.FLAT));
        Eventually.within(Duration.ofSeconds(5), "both", () -> rowTexts().equals(List.of("live:new", "live:short")));

        Eventually.within(Duration.ofSeconds(5), "the expired key gone", () -> rowTexts().equals(List.of("live:new")));
        redis.sync().rename("live:new", "live:renamed");
        Eventually.within(Duration.ofSeconds(5), "renamed", () -> rowTexts().equals(List.of("live:renamed")));
        redis.sync().del("live:renamed", "elsewhere:new");
        Eventually.within(Duration.ofSeconds(5), "deleted", () -> rowTexts().isEmpty());

        run(() -> model.live().stop());
        redis.sync().set("live:after", "1");
        // Barrier: a message published after that write reaches the app's pub/sub connection only after the write's
        // keyspace event would have; once it is there, anything a subscription left behind by stop() got is pending.
        awaitPubSubBarrier(session.session());
        run(() -> model.live().applyPending());
        assertThat(rowTexts()).as("nothing followed after stop").isEmpty();
        redis.sync().del("live:after");
        redis.sync().configSet("notify-keyspace-events", "");
    }

    @Test
    void aKeyThatIsNotUtf8IsShownEscapedAndEveryActionHitsItsExactBytes() throws Exception {
        byte[] key = {'b', 'i', 'n', ':', (byte) 0xff, (byte) 0xfe, 0, 'x'};
        byte[] renamed = {'b', 'i', 'n', ':', (byte) 0xc3, 'y'};
        try (RedisSession s = RedisSession.open(redis.profile()).get()) {
            new ValueWriter(s).set(key, new byte[] {42}).get();
        }
        connectAndWait();
        run(() -> {
            model.patternProperty().set("bin:*");
            model.tree().modeProperty().set(KeyTreeModel.Mode.FLAT);
            model.rescan();
        });
        waitForPhase(BrowserModel.ScanPhase.DONE);
        String shown = Keys.display(key);
        Eventually.within(Duration.ofSeconds(5), "listed, escaped", () -> rowTexts().equals(List.of(shown)));
        assertThat(shown).isEqualTo("bin:\\xff\\xfe\\x00x");

        // what the rename dialog gets back is text; it must read back to the exact bytes
        dialogs.thenType(Keys.display(renamed));
        run(() -> model.actions().askAndRename(key));
        Eventually.within(Duration.ofSeconds(5), "renamed", () -> rowTexts().equals(List.of(Keys.display(renamed))));
        assertThat(dialogs.asked()).containsExactly("rename-dialog: Rename " + shown);
        try (var client = RedisClient.create(redis.uri());
             var c = client.connect(ByteArrayCodec.INSTANCE)) {
            assertThat(c.sync().get(renamed)).containsExactly(42);
            assertThat(c.sync().exists(key)).isZero();
            dialogs.thenConfirm(false);
            run(() -> model.actions().askAndDelete(renamed));
            assertThat(c.sync().exists(renamed)).as("kept when the user said no").isEqualTo(1);
            dialogs.thenConfirm(true);
            run(() -> model.actions().askAndDelete(renamed));
            Eventually.within(Duration.ofSeconds(5), "deleted", () -> c.sync().exists(renamed) == 0 && rowTexts().isEmpty());
        }
    }

    @Test
    void aFolderDeleteTakesOnlyTheKeysListedWhenTheUserWasAskedAndOneAtATime() {
        for (int i = 0; i < 50; i++) {
            redis.sync().set("fold:listed:" + i, "v");
        }
        connectAndWait();
        run(() -> {
            model.patternProperty().set("fold:*");
            model.rescan();
        });
        waitForPhase(BrowserModel.ScanPhase.DONE);
        Eventually.within(Duration.ofSeconds(5), "50 listed", () -> onUi(() -> model.tree().keyCountProperty().get()) == 50);
        KeySnapshot asked = onUi(() -> model.tree().snapshotProperty().get());

        // while the question is open, a notebook writes more under the folder, and the listing learns of them
        redis.sync().set("fold:listed:late", "v");
        run(() -> model.tree().applyPage(new ArrayList<>(List.of("fold:listed:late".getBytes()))));
        Eventually.within(Duration.ofSeconds(5), "51 listed", () -> onUi(() -> model.tree().keyCountProperty().get()) == 51);

        List<String> listed = new ArrayList<>();
        run(() -> {
            model.actions().deleteFolder(asked, "fold:".getBytes());
            tasks.running().forEach(job -> listed.add(job.title()));
            model.actions().deleteFolder(asked, "fold:".getBytes()); // a second one while the first runs
        });
        assertThat(listed).as("in the task list while it runs").containsExactly("Deleting 50 keys under fold:");
        Eventually.within(Duration.ofSeconds(10), "done", () -> !onUi(() -> model.actions().bulkRunningProperty().get())
                && onUi(() -> model.actions().messageProperty().get()) != null
                && onUi(() -> model.actions().messageProperty().get()).startsWith("Deleted"));
        assertThat(onUi(() -> model.actions().messageProperty().get())).isEqualTo("Deleted 50 keys under fold:.");
        assertThat(redis.sync().keys("fold:*")).containsExactly("fold:listed:late");
        redis.sync().del("fold:listed:late");
    }

    @Test
    void aSecondFolderDeleteIsRefusedWhileOneRuns() {
        for (int i = 0; i < 3000; i++) {
            redis.sync().set("slow:" + i, "v");
        }
        connectAndWait();
        long all = redis.sync().dbsize();
        Eventually.within(Duration.ofSeconds(5), "every key listed", () -> onUi(() -> model.tree().keyCountProperty().get()) == all);
        KeySnapshot listed = onUi(() -> model.tree().snapshotProperty().get());
        run(() -> {
            model.actions().deleteFolder(listed, "slow:".getBytes());
            model.actions().deleteFolder(listed, "bulk:".getBytes());
        });
        String said = onUi(() -> model.actions().messageProperty().get());
        Eventually.within(Duration.ofSeconds(10), "the first done", () -> !onUi(() -> model.actions().bulkRunningProperty().get()));
        assertThat(said).startsWith("Another folder is being deleted");
        assertThat(redis.sync().exists("bulk:0")).as("the second folder untouched").isEqualTo(1);
        assertThat(redis.sync().keys("slow:*")).isEmpty();
    }

    @Test
    void aFolderDeleteAsksWithTheCountAndDeletesNothingOnNo() {
        for (int i = 0; i < 5; i++) {
            redis.sync().set("ask:" + i, "v");
        }
        connectAndWait();
        run(() -> {
            model.patternProperty().set("ask:*");
            model.rescan();
        });
        waitForPhase(BrowserModel.ScanPhase.DONE);
        Eventually.within(Duration.ofSeconds(5), "5 listed", () -> onUi(() -> model.tree().keyCountProperty().get()) == 5);

        dialogs.thenConfirm(false);
        run(() -> model.actions().askAndDeleteFolder(model.tree().snapshotProperty().get(), "ask:".getBytes()));
        assertThat(dialogs.asked()).containsExactly("delete-folder-dialog: Delete 5 keys under ask:?");
        assertThat(redis.sync().keys("ask:*")).hasSize(5);

        dialogs.thenConfirm(true);
        run(() -> model.actions().askAndDeleteFolder(model.tree().snapshotProperty().get(), "ask:".getBytes()));
        Eventually.within(Duration.ofSeconds(10), "deleted", () -> redis.sync().keys("ask:*").isEmpty()
                && !onUi(() -> model.actions().bulkRunningProperty().get()));
        assertThat(onUi(() -> model.actions().messageProperty().get())).isEqualTo("Deleted 5 keys under ask:.");
    }

    @Test
    void aTtlIsAskedAsTextAndSetOrRemoved() {
        redis.sync().set("ttl:k", "v");
        connectAndWait();
        dialogs.thenType("90s");
        run(() -> model.actions().askAndSetTtl("ttl:k".getBytes()));
        Eventually.within(Duration.ofSeconds(5), "expires", () -> redis.sync().pttl("ttl:k") > 80_000);
        dialogs.thenType("");
        run(() -> model.actions().askAndSetTtl("ttl:k".getBytes()));
        Eventually.within(Duration.ofSeconds(5), "no expiry", () -> redis.sync().pttl("ttl:k") == -1);
        dialogs.thenType(null);
        run(() -> model.actions().askAndSetTtl("ttl:k".getBytes()));
        assertThat(redis.sync().pttl("ttl:k")).as("cancelled: unchanged").isEqualTo(-1);
        assertThat(dialogs.asked()).hasSize(3).allMatch(q -> q.startsWith("ttl-dialog: Expiry of ttl:k"));
        redis.sync().del("ttl:k");
    }

    /**
     * Waits until a message published now arrives on the app's own pub/sub connection: every message published
     * to that connection before it (keyspace events of earlier writes) has been delivered by then.
     */
    private static void awaitPubSubBarrier(RedisSession s) {
        CountDownLatch arrived = new CountDownLatch(1);
        byte[] channel = "tensorlens-test:barrier".getBytes();
        PubSubHub.Subscription sub = s.pubSub().psubscribe(channel, (ch, msg) -> arrived.countDown()).join();
        try {
            redis.sync().publish("tensorlens-test:barrier", "now");
            assertThat(arrived.await(5, TimeUnit.SECONDS)).as("barrier message arrived").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            sub.close();
        }
    }
}
