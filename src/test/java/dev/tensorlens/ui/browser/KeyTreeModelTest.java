package dev.tensorlens.ui.browser;

import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.TestUiThread;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tensorlens.ui.browser.KeyIndexTest.b;
import static dev.tensorlens.ui.browser.KeyIndexTest.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key tree's rows, expansion and publishing. Most tests run the model, its index lane and its row builds all on
 * the test thread (a direct or a manual executor), so no other thread ever touches it; the one with a real pool
 * keeps the model on a stand-in UI thread, as the app keeps it on the FX thread.
 */
class KeyTreeModelTest {

    /** Collects background tasks so a test can show that nothing ran on the calling thread. */
    static final class ManualExecutor implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.remove(0).run();
            }
        }
    }

    private final KeyTreeModel model = new KeyTreeModel(UiExecutor.sameThread(), Runnable::run, 0);

    private List<String> rows() {
        List<String> out = new ArrayList<>();
        model.rows().forEach(r -> out.add(r.toString()));
        return out;
    }

    @Test
    void indexOfFindsEveryShownRowAndNothingHidden() {
        model.applyPage(keys("model:resnet:v2:fc", "model:resnet:v10:fc", "model:bert:v1:emb", "model:readme", "solo"));
        model.expand(b("model:"));
        model.expand(b("model:resnet:"));
        for (int i = 0; i < model.rows().size(); i++) {
            KeyTreeModel.Row row = model.rows().get(i);
            assertThat(model.indexOf(row.bytes(), row.folder())).as(row.toString()).isEqualTo(i);
        }
        assertThat(model.indexOf(b("model:resnet:v2:fc"), false)).as("inside a collapsed folder").isEqualTo(-1);
        assertThat(model.indexOf(b("nope"), false)).isEqualTo(-1);
        KeyTreeModel.Row bert = model.rows().get(1);
        assertThat(model.rows().indexOf(bert)).as("the list's own indexOf, which the table uses").isEqualTo(1);
        assertThat(model.rows().contains(new KeyTreeModel.Row(1, true, "bert", 99, false, bert.bytes())))
                .as("a row whose count is stale is not the row shown").isFalse();
        assertThat(model.indexOf(b("model:bert:"), true)).isEqualTo(1);

        model.modeProperty().set(KeyTreeModel.Mode.FLAT);
        assertThat(model.indexOf(b("solo"), false)).isEqualTo(model.rows().size() - 1);
        assertThat(model.indexOf(b("model:"), true)).isEqualTo(-1);
    }

    @Test
    void treeRowsFollowExpansion() {
        model.applyPage(keys("model:resnet:v2:fc", "model:resnet:v10:fc", "model:bert:v1:emb", "solo"));
        assertThat(rows()).containsExactly("> model (3)", "solo");

        model.expand(b("model:"));
        model.expand(b("model:resnet:"));
        assertThat(rows()).containsExactly("v model (3)", "  > bert (1)", "  v resnet (2)", "    > v2 (1)",
                "    > v10 (1)", "solo");

        KeyTreeModel.Row v10 = model.rows().get(4);
        assertThat(v10.bytes()).isEqualTo(b("model:resnet:v10:"));
        model.toggle(v10);
        assertThat(model.rows().get(5).bytes()).isEqualTo(b("model:resnet:v10:fc"));
        assertThat(model.rows().get(5).depth()).isEqualTo(3);

        model.collapse(b("model:"));
        assertThat(rows()).containsExactly("> model (3)", "solo");
        model.expand(b("model:")); // the inner folders remember they were open
        assertThat(rows()).containsExactly("v model (3)", "  > bert (1)", "  v resnet (2)", "    > v2 (1)",
                "    v v10 (1)", "      fc", "solo");
    }

    @Test
    void pagesUpdateCountsAndRowsAndDuplicatesAreIgnored() {
        model.applyPage(keys("a:1", "a:2"));
        model.expand(b("a:"));
        model.applyPage(keys("a:2", "a:3", "b"));
        assertThat(model.keyCountProperty().get()).isEqualTo(4);
        assertThat(rows()).containsExactly("v a (3)", "  1", "  2", "  3", "b");
    }

    @Test
    void removalsUpdateCounts() {
        model.applyPage(keys("a:x:1", "a:x:2", "a:y", "b"));
        model.expand(b("a:"));
        model.removeKey(b("a:x:1"));
        assertThat(rows()).containsExactly("v a (2)", "  > x (1)", "  y", "b");
        model.removeFolder(b("a:"));
        assertThat(rows()).containsExactly("b");
        assertThat(model.keyCountProperty().get()).isEqualTo(1);
    }

    @Test
    void flatModeListsEveryKeyInOrderWithExactBytes() {
        byte[] raw = {'k', ':', (byte) 0xff};
        List<byte[]> page = new ArrayList<>(keys("k:10", "k:9", "j"));
        page.add(raw);
        model.applyPage(page);
        model.modeProperty().set(KeyTreeModel.Mode.FLAT);
        assertThat(rows()).containsExactly("j", "k:9", "k:10", "k:\\xff");
        assertThat(model.rows().get(3).bytes()).isEqualTo(raw);
        assertThat(model.rows().get(3).folder()).isFalse();
    }

    @Test
    void aNewDelimiterRegroupsAndForgetsExpansion() {
        model.applyPage(keys("runs/1/a", "runs/1/b", "x:y"));
        model.expand(b("x:"));
        model.setDelimiter('/');
        assertThat(model.delimiterProperty().get()).isEqualTo('/');
        assertThat(rows()).containsExactly("> runs (2)", "x:y");
        assertThatThrownBy(() -> model.setDelimiter('3')).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearForgetsKeysAndExpansion() {
        model.applyPage(keys("a:1"));
        model.expand(b("a:"));
        model.clear();
        assertThat(model.rows()).isEmpty();
        model.applyPage(keys("a:1"));
        assertThat(rows()).containsExactly("> a (1)");
    }

    @Test
    void rowsChangeAsOneReplacement() {
        model.applyPage(keys("a", "b"));
        List<String> changes = new ArrayList<>();
        model.rows().addListener((ListChangeListener<KeyTreeModel.Row>) c -> {
            while (c.next()) {
                changes.add("removed " + c.getRemovedSize() + " added " + c.getAddedSize());
            }
        });
        model.applyPage(keys("c"));
        assertThat(changes).containsExactly("removed 2 added 3");
    }

    @Test
    void aFastStreamOfPagesIsPublishedInFewSnapshotsAndTheLastKeysStillArrive() {
        // The model lives on a stand-in UI thread, its index lane on a pool of one thread, as in the app.
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestUiThread ui = new TestUiThread()) {
            KeyTreeModel m = ui.call(() -> new KeyTreeModel(ui.ui(), pool));
            AtomicInteger publishes = new AtomicInteger();
            ui.run(() -> m.snapshotProperty().addListener((obs, old, s) -> publishes.incrementAndGet()));
            // The model's lane is held until all 200 pages are queued, so they reach it as one burst however slowly
            // this thread makes them.
            CountDownLatch release = new CountDownLatch(1);
            pool.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ui.run(() -> {
                for (int p = 0; p < 200; p++) {
                    List<byte[]> page = new ArrayList<>();
                    for (int k = 0; k < 100; k++) {
                        page.add(b("page" + p + ":key" + k));
                    }
                    m.applyPage(page);
                }
            });
            long released = System.nanoTime();
            release.countDown();
            Eventually.within(Duration.ofSeconds(20), "every key published",
                    () -> ui.call(() -> m.keyCountProperty().get()) == 20_000);
            long elapsed = System.nanoTime() - released;

            // How many publishes that takes depends on the machine's speed; what does not is the model's limit: the
            // first page at once, then at most one publish per PUBLISH_EVERY_MS (two when the one it had scheduled
            // comes due right behind a page that published anyway). So over the time the burst took, at most two per
            // interval begun; a model that published every page would go far past that.
            long intervals = 1 + elapsed / (KeyTreeModel.PUBLISH_EVERY_MS * 1_000_000);
            assertThat(publishes.get()).as("snapshots published for 200 pages in %d ms", elapsed / 1_000_000)
                    .isLessThanOrEqualTo((int) (2 * intervals));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void heavyWorkRunsOnTheBackgroundExecutorNotTheCallingThread() {
        ManualExecutor background = new ManualExecutor();
        KeyTreeModel m = new KeyTreeModel(UiExecutor.sameThread(), background, 0);
        m.applyPage(keys("a:1", "a:2"));
        assertThat(m.keyCountProperty().get()).isZero();
        assertThat(m.rows()).isEmpty();
        background.runAll();
        assertThat(m.keyCountProperty().get()).isEqualTo(2);
        m.expand(b("a:"));
        assertThat(m.rows()).hasSize(1); // not rebuilt yet
        background.runAll();
        assertThat(m.rows()).hasSize(3);
    }

    @Test
    void onlyTheNewestRowBuildIsApplied() {
        ManualExecutor background = new ManualExecutor();
        KeyTreeModel m = new KeyTreeModel(UiExecutor.sameThread(), background, 0);
        m.applyPage(keys("a:1", "b:1"));
        background.runAll();
        m.expand(b("a:"));
        m.expand(b("b:"));
        // run the two builds newest first: the older one, finishing last, must not win
        Runnable older = background.tasks.remove(0);
        background.tasks.get(0).run();
        older.run();
        assertThat(m.rows()).hasSize(4);
    }
}
