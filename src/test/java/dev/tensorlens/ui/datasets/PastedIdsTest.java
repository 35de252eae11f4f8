package dev.tensorlens.ui.datasets;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.ScriptedDialogs;
import dev.tensorlens.support.TestUiThread;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paste is split into ids in the background, never on the UI thread (a million pasted ids took seconds there): the
 * lookup and the add hand the text to the background executor and show that they are working; nothing is answered
 * or added until that executor has read it. The background here is a gate the test opens, so a parse done on the UI
 * thread (which needs no gate) is caught. Models on a stand-in UI thread, against a real server.
 */
class PastedIdsTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static final DatasetSplits PY = new DatasetSplits("py", List.of(
            new DatasetSplits.Split("train", "dataset:py:train", RedisType.SET, -1),
            new DatasetSplits.Split("test", "dataset:py:test", RedisType.SET, -1)), false);

    /** Holds what is handed to it until {@link #open()}, then runs it on the app's background threads. */
    static final class Gate implements Executor {
        private final List<Runnable> held = new ArrayList<>();
        private final Executor background;
        private boolean open;

        Gate(Executor background) {
            this.background = background;
        }

        @Override
        public synchronized void execute(Runnable task) {
            if (open) {
                background.execute(task);
            } else {
                held.add(task);
            }
        }

        synchronized int held() {
            return held.size();
        }

        synchronized void open() {
            open = true;
            held.forEach(background::execute);
            held.clear();
        }
    }

    private final TestUiThread uiThread = new TestUiThread();
    private final Gate gate = new Gate(uiThread.background());
    private SessionModel session;

    @BeforeEach
    void connect() {
        redis.sync().flushall();
        redis.sync().sadd("dataset:py:train", "1", "2", "7");
        redis.sync().sadd("dataset:py:test", "7", "9");
        session = on(() -> new SessionModel(uiThread.ui(), uiThread.executors().timers()));
        uiThread.run(() -> session.open(redis.profile()));
        Eventually.within(Duration.ofSeconds(10), "session attached", () -> on(() -> session.session()) != null);
    }

    @AfterEach
    void close() {
        session.close();
        uiThread.close();
    }

    private <T> T on(Supplier<T> read) {
        return uiThread.call(read);
    }

    @Test
    void aLookupReadsThePasteInTheBackground() {
        LookupModel lookup = on(() -> new LookupModel(session, uiThread.ui(), gate));
        uiThread.run(() -> lookup.dataset(PY));

        String working = on(() -> {
            lookup.find("7, 9\n42");
            return lookup.statusProperty().get();
        });

        assertThat(gate.held()).as("the paste handed to the background").isEqualTo(1);
        assertThat(working).isEqualTo("Reading the pasted ids…");
        assertThat(on(() -> lookup.rows().size())).as("nothing answered before the ids are read").isZero();

        gate.open();
        Eventually.within(Duration.ofSeconds(10), "three answers", () -> on(() -> lookup.rows().size()) == 3);
        assertThat(on(() -> List.copyOf(lookup.rows()))).extracting(LookupModel.Row::id, LookupModel.Row::where)
                .containsExactly(Tuple.tuple("7", "train, test"),
                        Tuple.tuple("9", "test"),
                        Tuple.tuple("42", "in no split"));
        assertThat(on(() -> lookup.statusProperty().get()))
                .isEqualTo("2 of 3 in a split; 1 in more than one (a leak); 1 in none.");
    }

    @Test
    void aBlankPasteIsToldSoOnceRead() {
        gate.open();
        LookupModel lookup = on(() -> new LookupModel(session, uiThread.ui(), gate));
        uiThread.run(() -> lookup.dataset(PY));
        uiThread.run(() -> lookup.find(" ,\n "));
        Eventually.within(Duration.ofSeconds(10), "told what to paste", () -> on(() -> lookup.statusProperty().get())
                .startsWith("Paste ids to look up"));
    }

    @Test
    void anAddReadsThePasteInTheBackgroundWhileEditingWaits() {
        EditsModel edits = on(() -> new EditsModel(session, uiThread.ui(), gate, new TaskList(), new ScriptedDialogs(),
                uiThread.background(), () -> { }));
        DatasetSplits.Split train = PY.splits().get(0);

        boolean busy = on(() -> {
            edits.addText(train, "5000\n5001, 5000");
            return edits.busyProperty().get();
        });

        assertThat(gate.held()).as("the paste handed to the background").isEqualTo(1);
        assertThat(busy).as("editing waits while the ids are read").isTrue();
        assertThat(redis.sync().sismember("dataset:py:train", "5000")).as("nothing added before the ids are read").isFalse();

        gate.open();
        Eventually.within(Duration.ofSeconds(10), "the add done", () -> on(() -> edits.history().size()) == 1
                && !on(() -> edits.busyProperty().get()));
        assertThat(redis.sync().smembers("dataset:py:train")).contains("5000", "5001").hasSize(5);
        assertThat(on(() -> edits.messageProperty().get())).contains("1 repeated id in the text counted once");

        uiThread.run(() -> edits.addText(train, "  \n"));
        Eventually.within(Duration.ofSeconds(10), "an empty paste told so", () -> on(() -> edits.messageProperty().get())
                .equals("No ids to add: the text held none.") && !on(() -> edits.busyProperty().get()));
    }
}
