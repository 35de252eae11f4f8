package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.DatasetSplits.Split;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.redis.ClassBalance.BalanceReport;
import dev.tensorlens.redis.ClassBalance.LabelSource;
import dev.tensorlens.support.CancelFromProgress;
import dev.tensorlens.support.CommandStats;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.tensor.write.RawBytes;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Labels found beside a dataset's splits (a hash, an npy array, a JSON list) and each split's classes counted. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClassBalanceTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;
    static ClassBalance balance;
    static RedisClient client;
    static StatefulRedisConnection<byte[], byte[]> raw;

    @BeforeAll
    static void connect() {
        session = redis.session();
        balance = new ClassBalance(session);
        client = RedisClient.create(redis.uri());
        raw = client.connect(ByteArrayCodec.INSTANCE);
    }

    @AfterAll
    static void close() {
        raw.close();
        client.shutdown();
    }

    @BeforeEach
    void empty() {
        redis.sync().flushall();
        redis.sync().configResetstat();
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void sadd(String key, IntStream ids) {
        ids.forEach(n -> redis.sync().sadd(key, Integer.toString(n)));
    }

    static DatasetSplits dataset(String train, RedisType trainType, String test) {
        return new DatasetSplits("d", List.of(new Split("train", train, trainType, -1),
                new Split("test", test, RedisType.SET, -1)), false);
    }

    /** Class of id {@code i} in these tests: {@code i % 3}, so classes 0, 1, 2. */
    static long label(int i) {
        return i % 3;
    }

    /** train 0 … 2,499, test 2,500 … 2,999 and two ids no label covers (9,000 and {@code x}). */
    static void fillSplits(String train, boolean trainSorted, String test) {
        if (trainSorted) {
            IntStream.range(0, 2500).forEach(n -> redis.sync().zadd(train, n, Integer.toString(n)));
        } else {
            sadd(train, IntStream.range(0, 2500));
        }
        sadd(test, IntStream.range(2500, 3000));
        redis.sync().sadd(test, "9000");
    }

    static Map<String, Long> expected(int from, int to) {
        Map<String, Long> counts = new HashMap<>();
        IntStream.range(from, to).forEach(i -> counts.merge(Long.toString(label(i)), 1L, Long::sum));
        return counts;
    }

    static void assertBalance(BalanceReport report, long testUnlabeled) {
        assertThat(report.classes()).containsExactly("0", "1", "2");
        assertThat(report.countsBySplit().keySet()).containsExactly("train", "test");
        assertThat(report.countsBySplit().get("train")).containsExactlyEntriesOf(sorted(expected(0, 2500)));
        assertThat(report.countsBySplit().get("test")).containsExactlyEntriesOf(sorted(expected(2500, 3000)));
        assertThat(report.unlabeledBySplit()).containsEntry("train", 0L).containsEntry("test", testUnlabeled);
    }

    static Map<String, Long> sorted(Map<String, Long> m) {
        return new TreeMap<>(m);
    }

    @Test
    void aHashBesideTheSplitsLabelsEachIdAPageAtATime() throws Exception {
        fillSplits("dataset:digits:train", false, "dataset:digits:test");
        Map<byte[], byte[]> labels = new HashMap<>();
        IntStream.range(0, 3000).forEach(i -> labels.put(b(Integer.toString(i)), b(Long.toString(label(i)))));
        raw.sync().hset(b("dataset:digits:labels"), labels);
        DatasetSplits ds = dataset("dataset:digits:train", RedisType.SET, "dataset:digits:test");

        LabelSource source = await(balance.findLabels(ds)).orElseThrow();
        assertThat(source.key()).isEqualTo("dataset:digits:labels");
        assertThat(source.kind()).isEqualTo(LabelSource.Kind.HASH_BY_ID);
        assertThat(source.entries()).isEqualTo(3000);
        assertThat(source.description()).contains("dataset:digits:labels", "3,000");

        List<Double> heard = new CopyOnWriteArrayList<>();
        assertBalance(await(balance.count(ds, source, heard::add)), 1);
        assertThat(heard).isSorted().last().isEqualTo(1.0);
        Map<String, Long> calls = CommandStats.read(redis.sync());
        assertThat(calls.get("hmget")).as("one per page").isBetween(3L, 6L);
        assertThat(calls).doesNotContainKeys("hgetall", "smembers");
    }

    @Test
    void anNpyArrayIsIndexedByIdAndASortedSetSplitIsScanned() throws Exception {
        fillSplits("mnist_train", true, "mnist_test");
        long[] labels = IntStream.range(0, 3000).mapToLong(ClassBalanceTest::label).toArray();
        raw.sync().set(b("mnist_labels"), NpyWriter.write(DType.INT64, new long[] {3000}, RawBytes.int64(labels)));
        DatasetSplits ds = dataset("mnist_train", RedisType.ZSET, "mnist_test");

        LabelSource source = await(balance.findLabels(ds)).orElseThrow();
        assertThat(source.key()).isEqualTo("mnist_labels");
        assertThat(source.kind()).isEqualTo(LabelSource.Kind.ARRAY_BY_INDEX);
        assertThat(source.entries()).isEqualTo(3000);
        assertThat(source.description()).contains("int64", "npy");
        assertThat(CommandStats.read(redis.sync())).as("an npy array is judged by its header").doesNotContainKey("get");

        assertBalance(await(balance.count(ds, source, p -> { })), 1); // 9000 is past the array's end
        assertThat(CommandStats.read(redis.sync())).containsKey("zscan");
    }

    @Test
    void aJsonListIsLabelsTooButNotForIdsThatAreNotNumbers() throws Exception {
        fillSplits("ds:train", false, "ds:test");
        redis.sync().set("ds:targets", IntStream.range(0, 3000).mapToObj(i -> Long.toString(label(i)))
                .collect(Collectors.joining(",", "[", "]")));
        DatasetSplits ds = dataset("ds:train", RedisType.SET, "ds:test");
        LabelSource source = await(balance.findLabels(ds)).orElseThrow();
        assertThat(source.key()).isEqualTo("ds:targets");
        assertThat(source.kind()).isEqualTo(LabelSource.Kind.ARRAY_BY_INDEX);
        redis.sync().sadd("ds:test", "x"); // not a number: no index, so unlabeled
        assertBalance(await(balance.count(ds, source, p -> { })), 2);

        redis.sync().flushall();
        redis.sync().sadd("ds:train", "a", "b");
        redis.sync().sadd("ds:test", "c");
        redis.sync().set("ds:targets", "[0, 1, 2]");
        assertThat(await(balance.findLabels(ds))).as("ids that are not numbers cannot index an array").isEmpty();
    }

    @Test
    void floatArraysAndOtherTypesAreNotLabels() throws Exception {
        fillSplits("ds:train", false, "ds:test");
        raw.sync().set(b("ds:labels"), NpyWriter.float32(new long[] {3}, new float[] {0.5f, 1, 2}));
        redis.sync().lpush("ds:y", "1");
        DatasetSplits ds = dataset("ds:train", RedisType.SET, "ds:test");
        assertThat(await(balance.findLabels(ds))).isEqualTo(Optional.empty());
    }

    @Test
    void anArrayOverSixtyFourMegabytesIsRefusedBeforeItIsRead() throws Exception {
        fillSplits("ds:train", false, "ds:test");
        redis.sync().setrange("ds:labels", ClassBalance.ARRAY_WHOLE_MAX, "x"); // 64 MB of zeros and one byte
        LabelSource big = new LabelSource("ds:labels", LabelSource.Kind.ARRAY_BY_INDEX, 0, "big");
        try {
            assertThat(balance.count(dataset("ds:train", RedisType.SET, "ds:test"), big, p -> { }))
                    .failsWithin(30, TimeUnit.SECONDS).withThrowableThat().withMessageContaining(
                            "The labels array ds:labels is 64.0 MB, and an array is read whole to look ids up in it: "
                                    + "only arrays up to 64 MB are.");
            assertThat(CommandStats.read(redis.sync())).doesNotContainKeys("get", "getrange", "sscan");
        } finally {
            redis.sync().del("ds:labels");
        }
    }

    @Test
    void cancellingStopsAfterThePageInFlight() throws Exception {
        sadd("ds:train", IntStream.range(0, 20_000));
        redis.sync().hset("ds:labels", Map.of("1", "a"));
        DatasetSplits ds = new DatasetSplits("d", List.of(new Split("train", "ds:train", RedisType.SET, -1)), false);
        LabelSource source = await(balance.findLabels(ds)).orElseThrow();
        CancelFromProgress<BalanceReport> cancel = new CancelFromProgress<>();
        CompletableFuture<BalanceReport> counting = cancel.started(balance.count(ds, source, p -> cancel.cancel()));

        assertThat(counting).failsWithin(10, TimeUnit.SECONDS);
        CommandStats.settle(session);
        assertThat(CommandStats.calls(redis.sync(), "sscan")).isEqualTo(1);
        assertThat(CommandStats.calls(redis.sync(), "hmget")).isEqualTo(1);
    }
}
