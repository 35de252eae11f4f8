package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.support.LocalCluster;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tensorlens.redis.SplitEditing.failure;
import static dev.tensorlens.redis.SplitEditing.ids;
import static dev.tensorlens.redis.SplitEditing.run;
import static dev.tensorlens.redis.SplitEditing.set;
import static org.assertj.core.api.Assertions.assertThat;

/** Split edits on a three-master cluster: scripts route by their keys; a move across slots is refused in words. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SplitEditsClusterTest {

    static LocalCluster cluster;
    static RedisSession session;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start("split-edits-cluster");
        session = cluster.session();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aMoveAcrossSlotsIsRefusedBeforeAnythingIsSent() throws Exception {
        assertThat(SlotHash.getSlot("mnist:train".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(SlotHash.getSlot("mnist:test".getBytes(StandardCharsets.UTF_8)));
        boolean[] read = {false};
        Iterator<byte[]> untouched = new Iterator<>() {
            @Override
            public boolean hasNext() {
                read[0] = true;
                return false;
            }

            @Override
            public byte[] next() {
                throw new AssertionError();
            }
        };

        Throwable why = failure(new SplitEdits(session).move(set("train", "mnist:train"),
                set("test", "mnist:test"), untouched, -1, p -> { }).result());

        assertThat(why).hasMessage("mnist:train and mnist:test are in different slots of the cluster, and one step can "
                + "only move ids between keys of one slot. Keys that share a {hash tag}, such as {mnist}:train and "
                + "{mnist}:test, share a slot: give the splits' keys one.");
        assertThat(read[0]).isFalse();
    }

    @Test
    void editsOfKeysInOneSlotRunAndUndoAsAnywhere() throws Exception {
        DatasetSplits.Split train = set("train", "{mnist}:train");
        DatasetSplits.Split test = set("test", "{mnist}:test");
        SplitEdits edits = new SplitEdits(session);

        SplitEdit added = run(edits.add(train, ids("1", "2", "3"), 3, 0, p -> { }));
        SplitEdit moved = run(edits.move(train, test, ids("2", "3"), 2, p -> { }));

        assertThat(added.sentence()).isEqualTo("Added 3 ids to train.");
        assertThat(moved.sentence()).isEqualTo("Moved 2 ids from train to test.");
        run(edits.undo(moved, p -> { }));
        assertThat(members("{mnist}:train")).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(members("{mnist}:test")).isEmpty();
    }

    static List<String> members(String key) throws Exception {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return session.read("SMEMBERS", c -> c.smembers(k)).get(10, TimeUnit.SECONDS).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }
}
