package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetGroups;
import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.support.LocalCluster;
import dev.tensorlens.support.RedisServerExtension;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** Finding sets to group by hand, and reading a hand-made dataset's sizes again, on real servers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SetFinderTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @BeforeEach
    void clean() {
        redis.sync().flushall();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static void writeFaces(RedisCommands<String, String> c) {
        c.sadd("faces:s10", "1", "2", "3");
        c.sadd("faces:s2", "4", "5");
        c.zadd("faces_weighted-holdout", 0.5, "6", 2.0, "7");
        c.hset("faces:meta", "split", "s2");
        c.set("faces:readme", "not a set");
        c.sadd("cats:train", "1");
    }

    @Test
    void setsAndSortedSetsMatchingThePatternWithSizesGuessedNamesInNaturalOrder() throws Exception {
        writeFaces(redis.sync());

        List<DatasetSplits.Split> found = get(new SetFinder(redis.session()).find("faces*", 100));

        assertThat(found).extracting(DatasetSplits.Split::key, DatasetSplits.Split::name, DatasetSplits.Split::type,
                        DatasetSplits.Split::size)
                .containsExactly(tuple("faces:s2", "s2", RedisType.SET, 2L), tuple("faces:s10", "s10", RedisType.SET, 3L),
                        tuple("faces_weighted-holdout", "holdout", RedisType.ZSET, 2L));
        assertThat(get(new SetFinder(redis.session()).find("faces:s2", 10))).as("a literal name is one lookup")
                .extracting(DatasetSplits.Split::key).containsExactly("faces:s2");
        assertThat(get(new SetFinder(redis.session()).find("nothing*", 10))).isEmpty();
    }

    @Test
    void theSearchStopsAtTheLimitAndSizesOnlyWhatItKeeps() throws Exception {
        redis.sync().eval("for i=0,2999 do redis.call('SADD','many:'..i,'a','b') end return 1", ScriptOutputType.INTEGER);
        redis.sync().zadd("many:z", 1, "x");
        SetFinder finder = new SetFinder(redis.session());

        redis.sync().configResetstat();
        List<DatasetSplits.Split> all = get(finder.find("many:*", 10_000));
        long fullWalk = calls("scan");
        assertThat(all).hasSize(3001);

        redis.sync().configResetstat();
        List<DatasetSplits.Split> some = get(finder.find("many:*", 50));

        assertThat(some).hasSize(50).allMatch(s -> s.size() == 2 && s.type() == RedisType.SET);
        assertThat(calls("scard")).as("only the kept ones are sized").isEqualTo(50);
        assertThat(calls("zcard")).as("the sorted-set pass is not started once the limit is reached").isZero();
        assertThat(calls("scan")).as("stopped after the page in flight").isLessThanOrEqualTo(2).isLessThan(fullWalk);
    }

    @Test
    void aCancelledSearchEndsCancelledAndTheSessionSearchesOnAfterwards() throws Exception {
        redis.sync().eval("for i=0,999 do redis.call('SADD','c:'..i,'a') end return 1", ScriptOutputType.INTEGER);
        SetFinder finder = new SetFinder(redis.session());

        CompletableFuture<List<DatasetSplits.Split>> first = finder.find("c:*", 10_000);
        first.cancel(true);

        assertThat(first).isCancelled();
        assertThat(get(finder.find("c:*", 10_000))).hasSize(1000);
    }

    @Test
    void describeReadsTypesAndSizesAgainAndAGoneKeyIsEmpty() throws Exception {
        writeFaces(redis.sync());
        DatasetSplits mine = DatasetGroups.manual("faces", List.of(
                new DatasetSplits.Split("train", "faces:s10", RedisType.SET, -1),
                new DatasetSplits.Split("holdout", "faces_weighted-holdout", RedisType.SET, -1),
                new DatasetSplits.Split("test", "faces:deleted", RedisType.SET, 40)));

        DatasetSplits described = get(new SetFinder(redis.session()).describe(mine));

        assertThat(described.manual()).isTrue();
        assertThat(described.name()).isEqualTo("faces");
        assertThat(described.splits()).extracting(DatasetSplits.Split::key, DatasetSplits.Split::type,
                        DatasetSplits.Split::size)
                .as("in the dataset's order (holdout and test are both evaluation splits); the type read again")
                .containsExactly(tuple("faces:s10", RedisType.SET, 3L), tuple("faces_weighted-holdout", RedisType.ZSET, 2L),
                        tuple("faces:deleted", RedisType.SET, 0L));
    }

    @Test
    void describeFailsNamingAKeyThatIsNoLongerASet() {
        writeFaces(redis.sync());
        DatasetSplits mine = DatasetGroups.manual("faces", List.of(
                new DatasetSplits.Split("train", "faces:s10", RedisType.SET, 3),
                new DatasetSplits.Split("test", "faces:readme", RedisType.SET, 3)));

        assertThatThrownBy(() -> get(new SetFinder(redis.session()).describe(mine)))
                .hasRootCauseInstanceOf(RedisOperationException.class)
                .rootCause().hasMessage("'faces:readme' is no longer a set or sorted set: it holds a string now, "
                        + "so it cannot be split 'test'.");
    }

    @Test
    void onAClusterEveryMasterIsSearched() throws Exception {
        try (LocalCluster cluster = LocalCluster.start("setfinder-cluster")) {
            RedisSession session = cluster.session();
            ValueWriter writer = new ValueWriter(session);
            for (int i = 0; i < 30; i++) {
                get(writer.sadd(("part:" + i).getBytes(), "x".getBytes()));
            }
            get(writer.zadd("part:w".getBytes(), List.of(new ValueWriter.Scored(1, "y".getBytes()))));
            for (int n = 0; n < 3; n++) {
                cluster.withNode(n, c -> assertThat(c.sync().dbsize()).as("spread over the masters").isPositive());
            }

            List<DatasetSplits.Split> found = get(new SetFinder(session).find("part:*", 1000));

            assertThat(found).hasSize(31);
            assertThat(found.get(0).key()).isEqualTo("part:0");
            assertThat(found.get(30)).extracting(DatasetSplits.Split::key, DatasetSplits.Split::type)
                    .containsExactly("part:w", RedisType.ZSET);
            DatasetSplits described = get(new SetFinder(session).describe(
                    DatasetGroups.manual("parts", List.of(found.get(0), found.get(30)))));
            assertThat(described.splits()).extracting(DatasetSplits.Split::size).containsExactly(1L, 1L);
        }
    }

    private static long calls(String command) {
        return redis.sync().info("commandstats").lines()
                .filter(l -> l.startsWith("cmdstat_" + command + ":"))
                .map(l -> l.substring(l.indexOf("calls=") + 6, l.indexOf(',')))
                .mapToLong(Long::parseLong).sum();
    }
}
