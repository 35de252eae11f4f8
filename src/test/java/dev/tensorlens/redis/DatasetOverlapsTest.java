package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.DatasetSplits.Split;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.redis.DatasetOverlaps.DatasetReport;
import dev.tensorlens.redis.DatasetOverlaps.PairOverlap;
import dev.tensorlens.support.CancelFromProgress;
import dev.tensorlens.support.CommandStats;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dataset's splits measured on a real server: sizes, every pair's count and examples on each path (SINTERCARD,
 * ZINTERCARD, the page walk with SMISMEMBER/ZMSCORE, and pipelined SISMEMBER/ZSCORE as before Redis 6.2), the
 * progress, cancelling, and the shared ids a leak fix takes out.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DatasetOverlapsTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;
    static DatasetOverlaps overlaps;

    /** Train ids also put into test and into val: numbers whose text order differs from their value order. */
    static final List<Integer> INTO_TEST = List.of(1999, 7, 456, 123, 1024);
    static final List<Integer> INTO_VAL = List.of(88, 9, 5000);

    @BeforeAll
    static void connect() {
        session = redis.session();
        overlaps = new DatasetOverlaps(session);
    }

    @BeforeEach
    void empty() {
        redis.sync().flushall();
        redis.sync().configResetstat();
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    static void sadd(String key, IntStream ids) {
        String[] all = ids.mapToObj(Integer::toString).toArray(String[]::new);
        for (int from = 0; from < all.length; from += 5000) {
            redis.sync().sadd(key, Arrays.copyOfRange(all, from, Math.min(from + 5000, all.length)));
        }
    }

    static void zadd(String key, IntStream ids) {
        ids.forEach(n -> redis.sync().zadd(key, n * 0.5, Integer.toString(n)));
    }

    /** train 0 … 9,999; val 10,000 … 11,999 and 3 train ids; test 12,000 … 13,999 and 5 train ids. */
    static DatasetSplits digits(RedisType trainType, RedisType valType) {
        IntStream train = IntStream.range(0, 10_000);
        if (trainType == RedisType.ZSET) {
            zadd("ds:train", train);
        } else {
            sadd("ds:train", train);
        }
        IntStream val = IntStream.concat(IntStream.range(10_000, 12_000), INTO_VAL.stream().mapToInt(i -> i));
        if (valType == RedisType.ZSET) {
            zadd("ds:val", val);
        } else {
            sadd("ds:val", val);
        }
        sadd("ds:test", IntStream.concat(IntStream.range(12_000, 14_000), INTO_TEST.stream().mapToInt(i -> i)));
        return new DatasetSplits("ds", List.of(new Split("train", "ds:train", trainType, -1),
                new Split("val", "ds:val", valType, -1), new Split("test", "ds:test", RedisType.SET, -1)), false);
    }

    static List<String> texts(List<byte[]> ids) {
        return ids.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    static void assertDigits(DatasetReport report) {
        assertThat(report.dataset().splits()).extracting(Split::size).containsExactly(10_000L, 2_003L, 2_005L);
        assertThat(report.overlaps()).extracting(o -> o.a() + "∩" + o.b() + "=" + o.count())
                .containsExactly("train∩val=3", "train∩test=5", "val∩test=0");
        assertThat(texts(report.overlap("train", "test").orElseThrow().sample()))
                .containsExactly("7", "123", "456", "1024", "1999");
        assertThat(texts(report.overlap("val", "train").orElseThrow().sample())).containsExactly("9", "88", "5000");
        assertThat(report.overlap("val", "test").orElseThrow().sample()).isEmpty();
        assertThat(report.leaks()).isTrue();
    }

    @Test
    void everyPathFindsTheSameSizesCountsAndExamples() throws Exception {
        DatasetSplits ds = digits(RedisType.SET, RedisType.SET);

        assertDigits(await(overlaps.measure(ds, 20, p -> { })));
        Map<String, Long> onServer = CommandStats.read(redis.sync());
        if (redis.binary().versionNumber() >= 700) {
            assertThat(onServer).containsEntry("sintercard", 3L).doesNotContainKeys("smembers", "sinter", "zintercard");
        } else { // Redis 6.2 has no SINTERCARD: the server's own version picks the paged path
            assertThat(onServer).containsKey("smismember").doesNotContainKeys("sintercard", "smembers", "sinter");
        }

        redis.sync().configResetstat();
        assertDigits(await(overlaps.assumingVersion(602).measure(ds, 20, p -> { })));
        Map<String, Long> paged = CommandStats.read(redis.sync());
        assertThat(paged).doesNotContainKeys("sintercard", "smembers", "sinter", "sismember");
        // each pair walks its smaller split (2,003 or 2,005 ids) once, a page at a time: one SMISMEMBER per page, not
        // per id. SSCAN's COUNT 1000 is a hint (a page holds what the buckets visited hold), so the page count varies
        // from run to run: at least one per pair, and far fewer than the ~6,000 ids walked.
        assertThat(paged.get("smismember")).isBetween(3L, 30L);

        redis.sync().configResetstat();
        assertDigits(await(overlaps.assumingVersion(600).measure(ds, 20, p -> { })));
        assertThat(CommandStats.read(redis.sync())).doesNotContainKeys("smismember", "sintercard")
                .containsKey("sismember");
    }

    @Test
    void sortedSetsAreCountedWithZintercardOrWalkedWithZscanAndZmscore() throws Exception {
        DatasetSplits ds = digits(RedisType.ZSET, RedisType.ZSET);

        assertDigits(await(overlaps.measure(ds, 20, p -> { })));
        Map<String, Long> onServer = CommandStats.read(redis.sync());
        if (redis.binary().versionNumber() >= 700) {
            // val ∩ test mixes a zset and a set: ZINTERCARD takes both
            assertThat(onServer).containsEntry("zintercard", 3L).doesNotContainKeys("sintercard", "zrange");
        } else {
            assertThat(onServer).containsKeys("zscan", "zmscore").doesNotContainKeys("zintercard", "zrange");
        }

        redis.sync().configResetstat();
        assertDigits(await(overlaps.assumingVersion(602).measure(ds, 20, p -> { })));
        Map<String, Long> paged = CommandStats.read(redis.sync());
        // train ∩ val walks the smaller zset val and asks the zset train; val ∩ test walks val and asks the set test
        assertThat(paged).containsKeys("zscan", "zmscore", "smismember").doesNotContainKeys("zintercard", "zscore");

        redis.sync().configResetstat();
        assertDigits(await(overlaps.assumingVersion(600).measure(ds, 20, p -> { })));
        assertThat(CommandStats.read(redis.sync())).containsKeys("zscan", "zscore").doesNotContainKeys("zmscore");
    }

    @Test
    void theSampleIsCutAtTheLimitAndNothingIsReadForAPairThatSharesNothing() throws Exception {
        DatasetSplits ds = digits(RedisType.SET, RedisType.SET);

        DatasetReport report = await(overlaps.measure(ds, 2, p -> { }));
        PairOverlap test = report.overlap("train", "test").orElseThrow();
        assertThat(test.count()).isEqualTo(5);
        assertThat(texts(test.sample())).hasSize(2).isSubsetOf("7", "123", "456", "1024", "1999");
        assertThat(test.leak()).isTrue();
        assertThat(report.overlap("val", "test").orElseThrow().leak()).isFalse();

        DatasetReport paged = await(overlaps.assumingVersion(602).measure(ds, 0, p -> { }));
        assertThat(paged.overlaps()).allMatch(o -> o.sample().isEmpty());
        assertThat(paged.overlap("train", "test").orElseThrow().count()).isEqualTo(5);
    }

    @Test
    void progressAddsUpOverAllPairsOnTheSessionsThreads() throws Exception {
        DatasetSplits ds = digits(RedisType.SET, RedisType.SET);
        List<OverlapProgress> heard = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();

        await(overlaps.assumingVersion(602).measure(ds, 20, p -> {
            heard.add(p);
            threads.add(Thread.currentThread().getName());
        }));

        long total = 2_003 + 2_005 + 2_003;
        assertThat(heard).allMatch(p -> p.total() == total);
        assertThat(heard).extracting(OverlapProgress::checked).isSorted();
        assertThat(heard.get(heard.size() - 1).checked()).isEqualTo(total);
        assertThat(heard.size()).as("a report per page, not only per pair").isGreaterThan(6);
        assertThat(threads).doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void missingSplitsAreEmptyAndAnotherTypeFailsWithTheServersReason() throws Exception {
        sadd("ds:train", IntStream.range(0, 10));
        DatasetSplits ds = new DatasetSplits("ds", List.of(new Split("train", "ds:train", RedisType.SET, -1),
                new Split("test", "ds:gone", RedisType.SET, -1)), false);
        DatasetReport report = await(overlaps.measure(ds, 20, p -> { }));
        assertThat(report.dataset().splits()).extracting(Split::size).containsExactly(10L, 0L);
        assertThat(report.overlaps()).singleElement().satisfies(o -> assertThat(o.count()).isZero());
        assertThat(report.leaks()).isFalse();

        redis.sync().set("ds:string", "x");
        DatasetSplits wrong = new DatasetSplits("ds", List.of(new Split("train", "ds:train", RedisType.SET, -1),
                new Split("test", "ds:string", RedisType.SET, -1)), false);
        assertThat(overlaps.measure(wrong, 20, p -> { })).failsWithin(30, TimeUnit.SECONDS)
                .withThrowableThat().withMessageContaining("WRONGTYPE");
    }

    @Test
    void cancellingStopsAfterThePageInFlight() throws Exception {
        sadd("ds:train", IntStream.range(0, 20_000));
        sadd("ds:test", IntStream.range(10_000, 30_000));
        DatasetSplits ds = new DatasetSplits("ds", List.of(new Split("train", "ds:train", RedisType.SET, -1),
                new Split("test", "ds:test", RedisType.SET, -1)), false);
        CancelFromProgress<DatasetReport> cancel = new CancelFromProgress<>();
        CompletableFuture<DatasetReport> measuring = cancel.started(overlaps.assumingVersion(602).measure(ds, 20, p -> {
            if (p.checked() > 0) {
                cancel.cancel();
            }
        }));

        assertThat(measuring).failsWithin(10, TimeUnit.SECONDS);
        CommandStats.settle(session);
        assertThat(CommandStats.calls(redis.sync(), "sscan")).isEqualTo(1);
    }

    @Test
    void sharedListsEveryCommonIdUpToTheLimitInNaturalOrder() throws Exception {
        DatasetSplits ds = digits(RedisType.ZSET, RedisType.SET);
        Split train = ds.split("train").orElseThrow();
        Split test = ds.split("test").orElseThrow();

        assertThat(texts(await(overlaps.shared(train, test, 1000)))).containsExactlyInAnyOrder("7", "123", "456", "1024", "1999");
        assertThat(texts(await(overlaps.shared(test, train, 3)))).hasSize(3)
                .isSubsetOf("7", "123", "456", "1024", "1999");
        assertThat(await(overlaps.shared(train, test, 0))).isEmpty();
        assertThat(CommandStats.read(redis.sync())).doesNotContainKeys("smembers", "zrange", "sinter");
    }

    @Test
    void naturalOrderPutsSmallerNumbersFirst() {
        List<byte[]> ids = new ArrayList<>();
        for (String s : List.of("123", "b", "7", "a10", "a9")) {
            ids.add(s.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(texts(DatasetOverlaps.naturalOrder(ids))).containsExactly("7", "123", "a9", "a10", "b");
    }
}
