package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.support.CommandStats;
import dev.tensorlens.support.RedisServerExtension;
import io.lettuce.core.ScoredValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static dev.tensorlens.redis.SplitEditing.await;
import static dev.tensorlens.redis.SplitEditing.b;
import static dev.tensorlens.redis.SplitEditing.edits;
import static dev.tensorlens.redis.SplitEditing.failure;
import static dev.tensorlens.redis.SplitEditing.ids;
import static dev.tensorlens.redis.SplitEditing.run;
import static dev.tensorlens.redis.SplitEditing.set;
import static dev.tensorlens.redis.SplitEditing.zset;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sorted-set splits (ids scored for weighted sampling): adds keep the scores of ids already there, removes and moves
 * remember the scores their undo puts back, a score edit never adds an id and its undo never overwrites a later
 * change. With and without scripts; and a server that lost its scripts ({@code NOSCRIPT}) gets them sent again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SplitEditsSortedSetTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;

    static final DatasetSplits.Split WEIGHTED = zset("weighted", "ds:w");
    static final DatasetSplits.Split HOLDOUT = zset("holdout", "ds:h");
    /** 0.1 + 0.2: a score that only survives exactly if it is never printed short. */
    static final double ODD = 0.1 + 0.2;

    @BeforeAll
    static void connect() {
        session = redis.session();
    }

    @BeforeEach
    void empty() {
        redis.sync().flushall();
        redis.sync().configResetstat();
    }

    /** The whole sorted set, member → score (small sets, test side only). */
    static Map<String, Double> scores(String key) {
        Map<String, Double> out = new TreeMap<>();
        for (ScoredValue<String> v : redis.sync().zrangeWithScores(key, 0, -1)) {
            out.put(v.getValue(), v.getScore());
        }
        return out;
    }

    @ParameterizedTest(name = "scripts: {0}")
    @ValueSource(booleans = {true, false})
    void anAddGivesNewIdsTheScoreAndLeavesTheOthersAlone(boolean scripts) throws Exception {
        redis.sync().zadd("ds:w", ODD, "a");
        SplitEdits edits = edits(session, scripts);

        SplitEdit added = run(edits.add(WEIGHTED, ids("a", "b", "c"), 3, 0.5, p -> { }));

        assertThat(added.sentence()).isEqualTo("Added 2 ids to weighted with score 0.5; 1 was already there and kept "
                + "its score.");
        assertThat(scores("ds:w")).isEqualTo(Map.of("a", ODD, "b", 0.5, "c", 0.5));

        run(edits.undo(added, p -> { }));
        assertThat(scores("ds:w")).isEqualTo(Map.of("a", ODD));
    }

    @ParameterizedTest(name = "scripts: {0}")
    @ValueSource(booleans = {true, false})
    void aRemoveIsUndoneWithTheOldScoresButNeverOverANewerOne(boolean scripts) throws Exception {
        redis.sync().zadd("ds:w", ODD, "a");
        redis.sync().zadd("ds:w", Double.POSITIVE_INFINITY, "b");
        redis.sync().zadd("ds:w", 1e-7, "c");
        redis.sync().zadd("ds:w", 2, "keep");
        SplitEdits edits = edits(session, scripts);

        SplitEdit removed = run(edits.remove(WEIGHTED, ids("a", "b", "c", "x"), 4, p -> { }));
        assertThat(removed.sentence()).isEqualTo("Removed 3 ids from weighted; 1 was not in it.");
        assertThat(scores("ds:w")).isEqualTo(Map.of("keep", 2.0));

        redis.sync().zadd("ds:w", 9, "c"); // another client puts c back with a score of its own
        SplitEdit undone = run(edits.undo(removed, p -> { }));

        assertThat(undone.sentence()).isEqualTo("Undid the remove: 2 ids are back in weighted; 1 was back in it "
                + "already.");
        assertThat(scores("ds:w")).isEqualTo(Map.of("a", ODD, "b", Double.POSITIVE_INFINITY, "c", 9.0, "keep", 2.0));
    }

    @ParameterizedTest(name = "scripts: {0}")
    @ValueSource(booleans = {true, false})
    void aMoveKeepsEachScoreAndItsUndoPutsThemBack(boolean scripts) throws Exception {
        redis.sync().zadd("ds:w", ODD, "a");
        redis.sync().zadd("ds:w", 2, "b");
        redis.sync().zadd("ds:w", 3, "c");
        redis.sync().zadd("ds:h", 7, "b"); // b is in the destination already, with a score of its own
        SplitEdits edits = edits(session, scripts);

        SplitEdit moved = run(edits.move(WEIGHTED, HOLDOUT, ids("a", "b", "z"), 3, p -> { }));

        assertThat(moved.sentence()).isEqualTo("Moved 2 ids from weighted to holdout (1 was in holdout already); 1 "
                + "was not in weighted.");
        assertThat(scores("ds:w")).isEqualTo(Map.of("c", 3.0));
        assertThat(scores("ds:h")).as("a keeps its score; b keeps the destination's").isEqualTo(Map.of("a", ODD, "b", 7.0));

        SplitEdit undone = run(edits.undo(moved, p -> { }));

        assertThat(undone.sentence()).isEqualTo("Undid the move: 2 ids are back in weighted, and the 1 it had added "
                + "was taken out of holdout.");
        assertThat(scores("ds:w")).isEqualTo(Map.of("a", ODD, "b", 2.0, "c", 3.0));
        assertThat(scores("ds:h")).isEqualTo(Map.of("b", 7.0));
    }

    @ParameterizedTest(name = "scripts: {0}")
    @ValueSource(booleans = {true, false})
    void aScoreEditNeverAddsAndItsUndoKeepsALaterChange(boolean scripts) throws Exception {
        redis.sync().zadd("ds:w", 1.0, "42");
        redis.sync().zadd("ds:w", 1.0, "43");
        SplitEdits edits = edits(session, scripts);

        SplitEdit set = await(edits.setScore(WEIGHTED, b("42"), 0.5));
        SplitEdit missing = await(edits.setScore(WEIGHTED, b("nope"), 0.5));
        SplitEdit other = await(edits.setScore(WEIGHTED, b("43"), 0.25));

        assertThat(set.sentence()).isEqualTo("Set the score of 42 in weighted to 0.5 (was 1.0).");
        assertThat(missing.sentence()).isEqualTo("Did not set a score: nope is not in weighted, and changing a score "
                + "never adds an id.");
        assertThat(missing.canUndo()).isFalse();
        assertThat(scores("ds:w")).isEqualTo(Map.of("42", 0.5, "43", 0.25));

        redis.sync().zadd("ds:w", 0.75, "43"); // another client changes 43 again
        SplitEdit undone = run(edits.undo(set, p -> { }));
        SplitEdit kept = run(edits.undo(other, p -> { }));

        assertThat(undone.sentence()).isEqualTo("Undid the score change: 42 in weighted has its score 1.0 again.");
        assertThat(kept.sentence()).isEqualTo("Did not undo the score change: the score of 43 in weighted was changed "
                + "to 0.75 since, and that change is kept.");
        assertThat(scores("ds:w")).isEqualTo(Map.of("42", 1.0, "43", 0.75));
        assertThat(set.canUndo()).isFalse();
    }

    @Test
    void aScoreOfASetIsRefusedInWords() throws Exception {
        Throwable why = failure(new SplitEdits(session).setScore(set("train", "ds:train"), b("a"), 1));
        assertThat(why).hasMessage("train is a set: its ids have no scores. Only a sorted set's ids have scores.");
    }

    @Test
    void scriptsTheServerForgotAreSentAgainWhole() throws Exception {
        SplitEdits edits = new SplitEdits(session);
        run(edits.add(WEIGHTED, ids("a"), 1, 1, p -> { }));
        redis.sync().scriptFlush(); // as after a restart: EVALSHA answers NOSCRIPT

        SplitEdit added = run(edits.add(WEIGHTED, ids("b"), 1, 1, p -> { }));
        SplitEdit again = run(edits.add(WEIGHTED, ids("c"), 1, 1, p -> { }));

        assertThat(added.changed() + again.changed()).isEqualTo(2);
        assertThat(CommandStats.calls(redis.sync(), "eval")).as("one EVAL per NOSCRIPT").isEqualTo(2);
        assertThat(CommandStats.calls(redis.sync(), "evalsha")).as("each tried by its SHA first").isEqualTo(3);
    }
}
