package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.support.CommandStats;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Which split holds each id: a set, a sorted set, a hash that is not a split, and both ways of asking. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SplitLocatorTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static final DatasetSplits DIGITS = new DatasetSplits("digits", List.of(
            new DatasetSplits.Split("train", "digits:train", RedisType.SET, -1),
            new DatasetSplits.Split("val", "digits:val", RedisType.SET, -1),
            new DatasetSplits.Split("weighted", "digits:weighted", RedisType.ZSET, -1),
            new DatasetSplits.Split("notes", "digits:notes", RedisType.HASH, -1)), false);

    static List<byte[]> ids = new ArrayList<>();

    @BeforeAll
    static void fill() {
        redis.sync().flushall();
        // id:n is in train when n % 2 == 0, in val when n % 3 == 0, weighted when n % 5 == 0; 2,500 ids: 3 batches
        for (int n = 0; n < 2500; n++) {
            String id = "id:" + n;
            if (n % 2 == 0) {
                redis.sync().sadd("digits:train", id);
            }
            if (n % 3 == 0) {
                redis.sync().sadd("digits:val", id);
            }
            if (n % 5 == 0) {
                redis.sync().zadd("digits:weighted", n, id);
            }
            ids.add(id.getBytes(StandardCharsets.UTF_8));
        }
        redis.sync().hset("digits:notes", "id:0", "a hash is not a split");
        ids.add(new byte[] {(byte) 0xff, '\n'}); // in none, and not UTF-8
    }

    static List<String> expected(int n) {
        List<String> in = new ArrayList<>();
        if (n % 2 == 0) {
            in.add("train");
        }
        if (n % 3 == 0) {
            in.add("val");
        }
        if (n % 5 == 0) {
            in.add("weighted");
        }
        return in;
    }

    void check(List<SplitLocator.Placement> found) {
        assertThat(found).hasSize(2501);
        for (int n = 0; n < 2500; n++) {
            assertThat(found.get(n).id()).isSameAs(ids.get(n));
            assertThat(found.get(n).splits()).as("id:" + n).isEqualTo(expected(n));
        }
        assertThat(found.get(2500).inNone()).isTrue();
    }

    @Test
    void fromRedis62OneCommandPerSplitAndBatch() throws Exception {
        assumeTrue(redis.binary().versionNumber() >= 602, "SMISMEMBER and ZMSCORE need Redis 6.2");
        redis.sync().configResetstat();

        check(new SplitLocator(redis.session()).whichSplits(DIGITS, ids).get(30, TimeUnit.SECONDS));

        Map<String, Long> calls = CommandStats.read(redis.sync());
        assertThat(calls.get("smismember")).as("two sets, three batches").isEqualTo(6);
        assertThat(calls.get("zmscore")).isEqualTo(3);
        assertThat(calls).doesNotContainKeys("sismember", "zscore", "smembers", "zrange", "hget", "hexists");
    }

    @Test
    void beforeRedis62PipelinedSingleLookups() throws Exception {
        redis.sync().configResetstat();

        check(new SplitLocator(redis.session()).assumingVersion(600).whichSplits(DIGITS, ids)
                .get(30, TimeUnit.SECONDS));

        Map<String, Long> calls = CommandStats.read(redis.sync());
        assertThat(calls.get("sismember")).isEqualTo(2 * 2501);
        assertThat(calls.get("zscore")).isEqualTo(2501);
        assertThat(calls).doesNotContainKeys("smismember", "zmscore");
    }

    @Test
    void noIdsNoCommands() throws Exception {
        assertThat(new SplitLocator(redis.session()).whichSplits(DIGITS, List.of()).get(10, TimeUnit.SECONDS)).isEmpty();
    }
}
