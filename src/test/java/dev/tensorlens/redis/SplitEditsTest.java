package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.support.CommandStats;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.protocol.CommandType;

import static dev.tensorlens.redis.SplitEditing.b;
import static dev.tensorlens.redis.SplitEditing.edits;
import static dev.tensorlens.redis.SplitEditing.failure;
import static dev.tensorlens.redis.SplitEditing.ids;
import static dev.tensorlens.redis.SplitEditing.run;
import static dev.tensorlens.redis.SplitEditing.set;
import static dev.tensorlens.redis.SplitEditing.zset;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Set splits edited exactly and undone exactly, against a real server: every test of the edits runs both with the
 * Lua scripts and on the path of a server that refuses scripts. A concurrent client's change between an edit and its
 * undo survives the undo.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SplitEditsTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;

    static final DatasetSplits.Split TRAIN = set("train", "ds:train");
    static final DatasetSplits.Split TEST = set("test", "ds:test");

    @BeforeAll
    static void connect() {
        session = redis.session();
    }

    @BeforeEach
    void empty() {
        redis.sync().flushall();
        redis.sync().configResetstat();
    }

    static Iterator<byte[]> range(int from, int to) {
        return IntStream.range(from, to).mapToObj(n -> b("id:" + n)).iterator();
    }

    static Set<String> members(String key) {
        return redis.sync().smembers(key);
    }

    static Set<String> rangeSet(int from, int to) {
        return new HashSet<>(IntStream.range(from, to).mapToObj(n -> "id:" + n).toList());
    }

    static void fill(String key, int from, int to) {
        redis.sync().sadd(key, IntStream.range(from, to).mapToObj(n -> "id:" + n).toArray(String[]::new));
    }

    @ParameterizedTest(name = "scripts: {0}")
    @ValueSource(booleans = {true, false})
    void undoingAnAddRemovesOnlyWhatItAddedAndLeavesAnotherClientsChanges(boolean scripts) throws Exception {
        fill("ds:train", 1200, 1237); // 37 ids that are there before the add
        SplitEdits edits = edits(session, scripts);
        List<SplitEdit> reports = new CopyOnWriteArrayList<>();

        SplitEdit added = run(edits.add(TRAIN, range(0, 1237), 1237, 1.0, reports::add));

        assertThat(added.sentence()).isEqualTo("Added 1,200 ids to train; 37 were already there.");
        assertThat(added.changed()).isEqualTo(1200);
        assertThat(added.unchanged()).isEqualTo(37);
        assertThat(added.sent()).isEqualTo(1237);
        assertThat(added.done()).isTrue();
        assertThat(added.canUndo()).isTrue();
        assertThat(members("ds:train")).isEqualTo(rangeSet(0, 1237));
        assertThat(reports).extracting(SplitEdit::sent).containsExactly(500L, 1000L, 1237L, 1237L);
        assertThat(reports.get(0).canUndo()).as("a report while it runs").isFalse();
        assertThat(reports.get(0).sentence()).isEqualTo("So far 500 of 1,237 ids: added 500 ids to train.");
        assertThat(reports.get(3).done()).isTrue();

        // another client, between the edit and its undo: removes an id the add added, adds one of its own
        redis.sync().srem("ds:train", "id:5");
        redis.sync().sadd("ds:train", "other:1");

        SplitEdit undone = run(edits.undo(added, p -> { }));

        assertThat(undone.sentence()).isEqualTo("Undid the add: 1,199 ids were taken out of train again; 1 was not in "
                + "it any more.");
        Set<String> expected = rangeSet(1200, 1237);
        expected.add("other:1");
        assertThat(members("ds:train")).isEqualTo(expected);
        assertThat(added.canUndo()).isFalse();
        assertThat(added.whyNoUndo()).isEqualTo("It has been undone already.");
        assertThat(undone.canUndo()).isFalse();
        assertThat(undone.whyNoUndo()).isEqualTo("An undo cannot itself be undone; do the edit again instead.");
        assertThat(failure(edits.undo(added, p -> { }).result()))
                .hasMessageContaining("It has been undone already.");
        Long commandCalls = CommandStats.read(redis.sync()).get(scripts ? "evalsha" : "sadd");
        assertThat(commandCalls).as("the path taken").isPositive();
        if (!scripts) {
            assertThat(CommandStats.read(redis.sync())).doesNotContainKeys("eval", "evalsha");
        }
    }

    @ParameterizedTest(name = "scripts: {0}")
    @ValueSource(booleans = {true, false})
    void undoingARemoveReAddsExactlyWhatWasRemoved(boolean scripts) throws Exception {
        redis.sync().sadd("ds:test", "a", "b", "c", "d", "e", "keep");
        SplitEdits edits = edits(session, scripts);

        SplitEdit removed = run(edits.remove(TEST, ids("a", "b", "c", "d", "e", "x", "y"), 7, p -> { }));

        assertThat(removed.sentence()).isEqualTo("Removed 5 ids from test; 2 were not in it.");
        assertThat(members("ds:test")).containsExactly("keep");

        redis.sync().sadd("ds:test", "c"); // another client puts one back first
        SplitEdit undone = run(edits.undo(removed, p -> { }));

        assertThat(undone.sentence()).isEqualTo("Undid the remove: 4 ids are back in test; 1 was back in it already.");
        assertThat(members("ds:test")).containsExactlyInAnyOrder("a", "b", "c", "d", "e", "keep");
        assertThat(redis.sync().exists("x", "y")).isZero();
    }

    @ParameterizedTest(name = "scripts: {0}")
    @ValueSource(booleans = {true, false})
    void aMoveRemembersWhatItAddedAndItsUndoTakesOutOnlyThat(boolean scripts) throws Exception {
        redis.sync().sadd("ds:train", "1", "2", "3", "4", "5", "6");
        redis.sync().sadd("ds:test", "4", "5", "x");
        SplitEdits edits = edits(session, scripts);

        SplitEdit moved = run(edits.move(TRAIN, TEST, ids("1", "2", "3", "4", "5", "9"), 6, p -> { }));

        assertThat(moved.sentence()).isEqualTo("Moved 5 ids from train to test (2 were in test already); 1 was not in "
                + "train.");
        assertThat(moved.alreadyInTarget()).isEqualTo(2);
        assertThat(members("ds:train")).containsExactly("6");
        assertThat(members("ds:test")).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "x");

        SplitEdit undone = run(edits.undo(moved, p -> { }));

        assertThat(undone.sentence()).isEqualTo("Undid the move: 5 ids are back in train, and the 3 it had added were "
                + "taken out of test.");
        assertThat(members("ds:train")).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6");
        assertThat(members("ds:test")).as("what was in test before the move stays").containsExactlyInAnyOrder("4", "5", "x");
    }

    @ParameterizedTest(name = "scripts: {0}")
    @ValueSource(booleans = {true, false})
    void anotherClientsChangesBetweenAMoveAndItsUndoSurvive(boolean scripts) throws Exception {
        redis.sync().sadd("ds:train", "1", "2", "3", "4");
        redis.sync().sadd("ds:test", "4");
        SplitEdits edits = edits(session, scripts);
        SplitEdit moved = run(edits.move(TRAIN, TEST, ids("1", "2", "3", "4"), 4, p -> { }));

        redis.sync().srem("ds:test", "3"); // the other client takes one the move added out of test …
        redis.sync().sadd("ds:test", "new"); // … adds one of its own …
        redis.sync().sadd("ds:train", "2"); // … and puts one back in train itself
        SplitEdit undone = run(edits.undo(moved, p -> { }));

        assertThat(undone.sentence()).isEqualTo("Undid the move: 4 ids are back in train (1 was there again already), "
                + "and 2 of the 3 it had added were taken out of test (1 was not in it any more).");
        assertThat(members("ds:train")).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(members("ds:test")).containsExactlyInAnyOrder("4", "new");
    }

    @ParameterizedTest(name = "scripts: {0}")
    @ValueSource(booleans = {true, false})
    void cancelledMidEditGivesExactCountsAndTheDonePartUndoes(boolean scripts) throws Exception {
        fill("ds:train", 0, 10); // 10 of the first batch are there already
        SplitEdits edits = edits(session, scripts);
        CompletableFuture<BatchedEdit<SplitEdit>> running = new CompletableFuture<>();
        List<SplitEdit> reports = new CopyOnWriteArrayList<>();

        BatchedEdit<SplitEdit> edit = edits.add(TRAIN, range(0, 5000), 5000, 0, report -> {
            reports.add(report);
            if (report.sent() == 1000) {
                // the second batch's report: stop here (the test thread hands the edit over, a barrier not a sleep)
                running.orTimeout(5, TimeUnit.SECONDS).join().cancel();
            }
        });
        running.complete(edit);
        SplitEdit stopped = run(edit);

        assertThat(stopped.done()).isFalse();
        assertThat(stopped.sent()).isEqualTo(1000);
        assertThat(stopped.changed()).isEqualTo(990);
        assertThat(stopped.sentence()).isEqualTo("Stopped after 1,000 of 5,000 ids: added 990 ids to train; 10 were "
                + "already there.");
        assertThat(stopped.fraction()).isEqualTo(0.2);
        assertThat(members("ds:train")).isEqualTo(rangeSet(0, 1000));
        assertThat(reports).extracting(SplitEdit::sent).containsExactly(500L, 1000L, 1000L);
        assertThat(stopped.canUndo()).isTrue();

        SplitEdit undone = run(edits.undo(stopped, p -> { }));
        assertThat(undone.changed()).isEqualTo(990);
        assertThat(members("ds:train")).isEqualTo(rangeSet(0, 10));
    }

    @Test
    void aReadOnlyProfileIsRefusedBeforeAnythingIsSentOrRead() throws Exception {
        redis.sync().sadd("ds:train", "a");
        ConnectionProfile readOnly = redis.profile().toBuilder().readOnly(true).name("prod mirror").build();
        try (RedisSession mirror = RedisSession.open(readOnly).get(10, TimeUnit.SECONDS)) {
            redis.sync().configResetstat();
            SplitEdits edits = new SplitEdits(mirror);
            Iterator<byte[]> untouchable = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    throw new AssertionError("the ids were read");
                }

                @Override
                public byte[] next() {
                    throw new AssertionError("the ids were read");
                }
            };

            for (CompletableFuture<SplitEdit> refused : List.of(
                    edits.add(TRAIN, untouchable, -1, 0, p -> { }).result(),
                    edits.remove(TRAIN, untouchable, -1, p -> { }).result(),
                    edits.move(TRAIN, TEST, untouchable, -1, p -> { }).result(),
                    edits.setScore(zset("w", "w"), b("a"), 1))) {
                assertThat(failure(refused))
                        .isInstanceOf(ReadOnlyProfileException.class).hasMessageContaining("'prod mirror' is read-only");
            }
            assertThat(CommandStats.read(redis.sync())).doesNotContainKeys("sadd", "srem", "smove", "eval", "evalsha",
                    "zadd");
        }
        assertThat(members("ds:train")).containsExactly("a");
    }

    @Test
    void aMoveBetweenASetAndASortedSetIsRefusedInWords() throws Exception {
        DatasetSplits.Split weighted = zset("weighted", "ds:weighted");
        BatchedEdit<SplitEdit> edit = new SplitEdits(session).move(TRAIN, weighted, ids("a"), 1, p -> { });

        assertThat(failure(edit.result())).hasMessage(
                "Ids cannot move from train (a set) to weighted (a sorted set): a set's ids have no scores and a sorted "
                        + "set's ids need one. Add them to weighted and remove them from train instead.");
        assertThat(CommandStats.read(redis.sync())).doesNotContainKeys("smove", "eval", "evalsha", "zadd");
    }

    @Test
    void anAclUserWithoutScriptsGetsTheSameExactEdits() throws Exception {
        redis.sync().aclSetuser("analyst", AclSetuserArgs.Builder.on().addPassword("pw").allKeys()
                .allChannels().allCommands().removeCommand(CommandType.EVAL)
                .removeCommand(CommandType.EVALSHA));
        redis.sync().sadd("ds:train", "1", "2", "3");
        redis.sync().sadd("ds:test", "3");
        ConnectionProfile analyst = redis.profile().toBuilder().username("analyst").password("pw").build();
        try (RedisSession noScripts = RedisSession.open(analyst).get(10, TimeUnit.SECONDS)) {
            SplitEdits edits = new SplitEdits(noScripts);

            SplitEdit moved = run(edits.move(TRAIN, TEST, ids("1", "3", "7"), 3, p -> { }));
            SplitEdit added = run(edits.add(TRAIN, ids("8", "2"), 2, 0, p -> { }));

            assertThat(moved.sentence()).isEqualTo("Moved 2 ids from train to test (1 was in test already); 1 was not in "
                    + "train.");
            assertThat(added.sentence()).isEqualTo("Added 1 id to train; 1 was already there.");
            run(edits.undo(added, p -> { }));
            run(edits.undo(moved, p -> { }));
            assertThat(members("ds:train")).containsExactlyInAnyOrder("1", "2", "3");
            assertThat(members("ds:test")).containsExactly("3");
            assertThat(CommandStats.calls(redis.sync(), "eval") + CommandStats.calls(redis.sync(), "evalsha"))
                    .as("scripts were refused (rejected calls), never run").isZero();
        }
    }

    @Test
    void twoHundredThousandIdsStreamThroughWithoutBeingMaterialised() throws Exception {
        int total = 200_000;
        int[] handedOut = {0};
        List<String> tooFarAhead = new CopyOnWriteArrayList<>();
        Iterator<byte[]> stream = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return handedOut[0] < total;
            }

            @Override
            public byte[] next() {
                return b("id:" + handedOut[0]++);
            }
        };

        SplitEdit added = run(new SplitEdits(session).add(TRAIN, stream, -1, 0, report -> {
            if (handedOut[0] > report.sent() + EditRun.BATCH) {
                tooFarAhead.add(handedOut[0] + " read when " + report.sent() + " were sent");
            }
        }));

        assertThat(tooFarAhead).as("the iterator is read a batch at a time").isEmpty();
        assertThat(added.changed()).isEqualTo(total);
        assertThat(added.expected()).isEqualTo(-1);
        assertThat(added.fraction()).isEqualTo(1.0);
        assertThat(redis.sync().scard("ds:train")).isEqualTo(total);
        assertThat(CommandStats.read(redis.sync()).get("evalsha") + CommandStats.read(redis.sync()).getOrDefault("eval",
                0L)).as("one script per batch of 500").isEqualTo(total / EditRun.BATCH);
    }

    @Test
    void pastTheUndoLimitTheEditCompletesButCannotBeUndone() throws Exception {
        SplitEdit added = run(new SplitEdits(session, 1000).add(TRAIN, range(0, 1500), 1500, 0, p -> { }));

        assertThat(added.changed()).isEqualTo(1500);
        assertThat(added.done()).isTrue();
        assertThat(added.canUndo()).isFalse();
        assertThat(added.whyNoUndo()).isEqualTo("This edit changed more than 1,000 ids, more than are kept in memory "
                + "to undo it; it cannot be undone here.");
        assertThat(SplitEdits.UNDO_LIMIT).isEqualTo(1_000_000);
    }

    @Test
    void aFailureMidwaySaysWhatWasDoneAndThatPartUndoes() throws Exception {
        Iterator<byte[]> failing = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                if (n == 700) {
                    throw new IllegalStateException("line 701 of ids.txt could not be read");
                }
                return true;
            }

            @Override
            public byte[] next() {
                return b("id:" + n++);
            }
        };
        SplitEdits edits = new SplitEdits(session);

        Throwable failed = failure(edits.add(TRAIN, failing, -1, 0, p -> { }).result());

        assertThat(failed).isInstanceOf(SplitEditException.class)
                .hasMessage("Reading the ids failed: line 701 of ids.txt could not be read. Before that: Added 500 ids "
                        + "to train.");
        SplitEdit partial = ((SplitEditException) failed).partial();
        assertThat(partial.canUndo()).isTrue();
        run(edits.undo(partial, p -> { }));
        assertThat(redis.sync().exists("ds:train")).isZero();
    }
}
