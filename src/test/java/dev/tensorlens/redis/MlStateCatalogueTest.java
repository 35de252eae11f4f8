package dev.tensorlens.redis;

import dev.tensorlens.demo.DemoKeys;
import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.MlStateIndex;
import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelLayout;
import dev.tensorlens.mlstate.ModelVersion;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.mlstate.TensorRef;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.LocalCluster;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.write.NpyWriter;
import io.lettuce.core.ScriptOutputType;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ML-state catalogue against real servers: the demo's state found whole, early, by bytes, on a cluster, live. */
class MlStateCatalogueTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension().withDebugCommand();

    /**
     * The demo's keys the layout rules claim: all but nine — the readme, the config, the metrics hash, the events
     * stream, two malformed and two pickled values, and the digits' labels hash (the Datasets view reads it by its
     * name beside the splits). (The lists of batch names and reviews are cached lists, and the
     * {@code preprocessed_data} hash is a cached hash of JSON arrays.)
     */
    static final int CLAIMABLE_DEMO_KEYS = DemoSeeder.KEYS.size() - 9;

    @BeforeAll
    static void seed() {
        redis.sync().flushall();
        DemoSeeder.seed(redis.session()).join();
    }

    private static MlStateIndex walk(RedisSession session) throws Exception {
        return new MlStateCatalogue(session, index -> { }).scan(p -> { }).result().get(60, TimeUnit.SECONDS);
    }

    @Test
    void theDemosModelsVersionsCachedArraysAndSplitsAreAllFound() throws Exception {
        assertDemo(walk(redis.session()));
    }

    /** What the demo holds, as the catalogue must list it wherever it runs. */
    static void assertDemo(MlStateIndex index) {
        ModelEntry npy = index.model("digits-mlp", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();
        assertThat(npy.versionNames()).containsExactly("v1", "v2", "v3");
        assertThat(npy.versionIndexKey()).contains(DemoKeys.VERSIONS);
        assertThat(npy.version("v3").orElseThrow().tensors()).as("in natural order: a hash table keeps none")
                .extracting(TensorRef::name).containsExactly("layer0.bias", "layer0.weight", "layer1.bias", "layer1.weight");
        assertThat(index.model("digits-mlp", ModelLayout.HASH_PER_CHECKPOINT, "fp16")).isPresent();
        assertThat(index.model("digits-mlp", ModelLayout.BLOB_PER_CHECKPOINT, "safetensors").orElseThrow()
                .versionNames()).containsExactly("v1", "v2", "v3");
        ModelEntry perTensor = index.model("digits-mlp", ModelLayout.KEY_PER_TENSOR, "").orElseThrow();
        assertThat(perTensor.version("v2").orElseThrow().keys()).contains(DemoKeys.tensorKey(2, "layer0.weight"));
        assertThat(index.models()).anyMatch(m -> m.layout() == ModelLayout.JSON_PARAMS_HASH);

        List<String> batches = new ArrayList<>();
        for (int b = 0; b < DemoKeys.CACHED_BATCHES; b++) {
            batches.addAll(List.of(DemoKeys.normalizedBatch(b), DemoKeys.rawBatch(b), DemoKeys.batchLabels(b)));
        }
        assertThat(index.cachedArrays()).extracting(a -> a.location().key()).containsAll(batches)
                .contains(DemoKeys.RECENT_BATCHES);
        assertThat(index.cachedArrays()).filteredOn(a -> a.location().key().equals(DemoKeys.RECENT_BATCHES))
                .extracting(CachedArray::type).containsExactly(RedisType.LIST);
        assertThat(index.cachedArrays()).filteredOn(a -> a.location().key().equals(DemoKeys.rawBatch(0)))
                .extracting(CachedArray::type, CachedArray::group, CachedArray::label, a -> a.location().field())
                .containsExactly(Tuple.tuple(RedisType.HASH, "cache:digits:batch:0", "raw", "data"));
        DatasetSplits digits = index.dataset("digits").orElseThrow();
        assertThat(digits.splits()).extracting(DatasetSplits.Split::name, DatasetSplits.Split::key,
                        DatasetSplits.Split::type)
                .containsExactly(Tuple.tuple("train", DemoKeys.TRAIN, RedisType.SET),
                        Tuple.tuple("val", DemoKeys.VAL, RedisType.SET), Tuple.tuple("test", DemoKeys.TEST, RedisType.SET));
        assertThat(digits.splits()).as("sizes from SCARD").allMatch(s -> s.size() > 0);
        assertThat(index.datasets()).extracting(DatasetSplits::name).containsSubsequence("dataset", "digits", "reviews");
        assertThat(index.dataset("dataset").orElseThrow().splits())
                .extracting(DatasetSplits.Split::key, DatasetSplits.Split::size)
                .containsExactly(Tuple.tuple(DemoKeys.TUTORIAL_TRAIN, 48L), Tuple.tuple(DemoKeys.TUTORIAL_VAL, 8L),
                        Tuple.tuple(DemoKeys.TUTORIAL_TEST, 8L));
        assertThat(index.dataset("reviews").orElseThrow().splits())
                .extracting(DatasetSplits.Split::key, DatasetSplits.Split::type, DatasetSplits.Split::size)
                .containsExactly(Tuple.tuple(DemoKeys.REVIEWS_TRAIN, RedisType.ZSET, 9L),
                        Tuple.tuple(DemoKeys.REVIEWS_TEST, RedisType.SET, 3L));
    }

    @Test
    void aPreprocessedDataHashOfJsonFieldsIsTwoCachedArraysOfOneGroupAmongManyKeys() throws Exception {
        // the classic redis-py tutorial, as the demo writes it:
        // r.hset("preprocessed_data", mapping={"features": json.dumps(X.tolist()), "labels": json.dumps(y.tolist())})
        redis.populate(20_000, "user:session");
        try {
            MlStateIndex index = walk(redis.session());

            assertThat(index.cachedArrays()).filteredOn(a -> a.location().key().equals("preprocessed_data"))
                    .extracting(CachedArray::type, CachedArray::group, CachedArray::label)
                    .containsExactly(Tuple.tuple(RedisType.HASH, "preprocessed_data", "features"),
                            Tuple.tuple(RedisType.HASH, "preprocessed_data", "labels"));
            assertThat(index.models()).noneMatch(m -> m.name().contains("preprocessed"));
            assertDemo(index);
        } finally {
            redis.sync().eval("for i=0,19999 do redis.call('UNLINK','user:session:'..i) end return 1",
                    ScriptOutputType.INTEGER);
        }
    }

    @Test
    void theFirstModelsArePublishedWhileTheWalkGoesOnAndUnrelatedKeysCostNoCommandsOfTheirOwn() throws Exception {
        redis.populate(200_000, "junk"); // strings named junk:N: no rule can claim them
        try {
            redis.sync().configResetstat();
            AtomicInteger typesWalked = new AtomicInteger();
            List<Integer> typesWalkedAtUpdate = new CopyOnWriteArrayList<>();
            List<MlStateIndex> updates = new CopyOnWriteArrayList<>();
            CountDownLatch modelsShown = new CountDownLatch(1);
            MlStateCatalogue catalogue = new MlStateCatalogue(redis.session(), index -> {
                typesWalkedAtUpdate.add(typesWalked.get());
                updates.add(index);
                if (!index.models().isEmpty()) {
                    modelsShown.countDown();
                }
            });
            // Barrier: the walk may not go past its first pass (the hashes, which hold the checkpoints) until the
            // models found there have been published. A catalogue that published only at the end never lets it on.
            AtomicBoolean held = new AtomicBoolean();
            MlStateIndex done = catalogue.scan(p -> {
                typesWalked.set(p.passesDone());
                if (p.passesDone() >= 1 && held.compareAndSet(false, true)) {
                    await(modelsShown);
                }
            }).result().get(60, TimeUnit.SECONDS);
            assertDemo(done);

            int firstWithModels = 0;
            while (updates.get(firstWithModels).models().isEmpty()) {
                firstWithModels++;
            }
            assertThat(typesWalkedAtUpdate.get(firstWithModels)).as("passes done when the models were shown")
                    .isLessThan(2);
            assertThat(updates.size()).as("published early, then again, not once per key").isBetween(2, 60);
            assertThat(updates.get(updates.size() - 1)).isEqualTo(done);
            assertThat(catalogue.keptKeys()).as("only the claimable keys kept").isEqualTo(CLAIMABLE_DEMO_KEYS);
            // the junk strings were named by SCAN pages and dropped by their names: no TYPE, STRLEN or HMGET of theirs
            assertThat(calls("type")).as("TYPE only for names the rules could claim").isLessThan(60);
            assertThat(calls("strlen")).isLessThan(60);
            assertThat(calls("hmget")).isLessThan(20);
        } finally {
            redis.sync().eval("for i=0,199999 do redis.call('UNLINK','junk:'..i) end return 1", ScriptOutputType.INTEGER);
        }
    }

    @Test
    void aSortedSetSplitIsSizedWithZcardAndTutorialNamedSetsAreADatasetOfTheirOwn() throws Exception {
        redis.sync().zadd("dataset:weighted:train", 0.5, "0", 2.0, "1", 1.0, "2", 0.25, "3");
        redis.sync().sadd("dataset:weighted:test", "4", "5");
        redis.sync().sadd("train_samples", "a", "b", "c");
        redis.sync().sadd("test_samples", "d");
        try {
            redis.sync().configResetstat();
            MlStateIndex index = walk(redis.session());

            assertThat(index.dataset("weighted").orElseThrow().splits())
                    .extracting(DatasetSplits.Split::name, DatasetSplits.Split::type, DatasetSplits.Split::size)
                    .containsExactly(Tuple.tuple("train", RedisType.ZSET, 4L), Tuple.tuple("test", RedisType.SET, 2L));
            assertThat(index.dataset("samples").orElseThrow().splits())
                    .extracting(DatasetSplits.Split::key, DatasetSplits.Split::size)
                    .containsExactly(Tuple.tuple("train_samples", 3L), Tuple.tuple("test_samples", 1L));
            assertThat(calls("zcard")).as("the weighted split sized, nothing read").isPositive();
            assertThat(calls("zrange")).as("only version indexes have their members read").isEqualTo(1);
            assertDemo(index);
        } finally {
            redis.sync().del("dataset:weighted:train", "dataset:weighted:test", "train_samples", "test_samples");
        }
    }

    @Test
    void aModelWhoseKeyIsNotUtf8IsListedAndItsTensorsLoadFromTheExactBytes() throws Exception {
        byte[] key = {'m', 'o', 'd', 'e', 'l', ':', (byte) 0xff, (byte) 0xfe, ':', 'v', '1'};
        byte[] weights = NpyWriter.float32(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        new ValueWriter(redis.session()).hset(key, Map.of("fc.weight".getBytes(), weights)).join();
        try {
            MlStateIndex index = walk(redis.session());
            ModelEntry model = index.model("\\xff\\xfe", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();
            TensorRef ref = model.version("v1").orElseThrow().tensors().get(0);
            assertThat(Keys.bytes(ref.key())).isEqualTo(key);

            TensorLoad loaded = new TensorLoader(redis.session(), Runnable::run)
                    .load(ref, 1 << 20, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS);
            DecodeResult.Decoded decoded = (DecodeResult.Decoded) loaded.parts().get(0).result();
            assertThat(decoded.tensors().get(0).shape()).containsExactly(2, 3);
        } finally {
            new ValueWriter(redis.session()).delete(List.of(key)).join();
        }
    }

    @Test
    void followingKeepsTheIndexCurrentAndRefusesWhenNotificationsAreOff() throws Exception {
        redis.sync().configSet("notify-keyspace-events", "");
        MlStateCatalogue refused = new MlStateCatalogue(redis.session(), i -> { });
        assertThatThrownBy(() -> refused.follow().get(10, TimeUnit.SECONDS))
                .hasMessageContaining("Following changes needs keyspace notifications, which are off on this server");

        redis.sync().configSet("notify-keyspace-events", "KA");
        List<MlStateIndex> updates = new CopyOnWriteArrayList<>();
        MlStateCatalogue catalogue = new MlStateCatalogue(redis.session(), updates::add);
        catalogue.scan(p -> { }).result().get(30, TimeUnit.SECONDS);
        PubSubHub.Subscription following = catalogue.follow().get(10, TimeUnit.SECONDS);
        try {
            // a training script saves a fourth checkpoint, then someone deletes a split
            redis.sync().hset("model:digits-mlp:v4", Map.of("layer0.weight", "x", "layer0.bias", "y"));
            Eventually.within(Duration.ofSeconds(10), "v4 listed", () -> catalogue.current()
                    .model("digits-mlp", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow().versionNames().contains("v4"));
            ModelVersion v4 = catalogue.current().model("digits-mlp", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow()
                    .version("v4").orElseThrow();
            assertThat(v4.tensors()).extracting(TensorRef::name).containsExactlyInAnyOrder("layer0.weight", "layer0.bias");

            redis.sync().del("model:digits-mlp:v4");
            Eventually.within(Duration.ofSeconds(10), "v4 gone", () -> !catalogue.current()
                    .model("digits-mlp", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow().versionNames().contains("v4"));
            assertThat(updates.get(updates.size() - 1)).isEqualTo(catalogue.current());
        } finally {
            following.close();
            redis.sync().del("model:digits-mlp:v4");
            redis.sync().configSet("notify-keyspace-events", "");
        }
    }

    @Test
    void onAClusterEveryMasterIsWalkedAndTheSameStateIsFound() throws Exception {
        try (LocalCluster cluster = LocalCluster.start("catalogue-cluster")) {
            RedisSession session = cluster.session();
            DemoSeeder.seed(session).get(60, TimeUnit.SECONDS);

            MlStateIndex index = walk(session);

            assertDemo(index);
            assertThat(index).isEqualTo(walk(redis.session()));
            List<CachedArray> arrays = index.cachedArrays();
            assertThat(arrays).isNotEmpty();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long calls(String command) {
        return redis.sync().info("commandstats").lines()
                .filter(l -> l.startsWith("cmdstat_" + command + ":"))
                .map(l -> l.substring(l.indexOf("calls=") + 6, l.indexOf(',')))
                .mapToLong(Long::parseLong).sum();
    }
}
