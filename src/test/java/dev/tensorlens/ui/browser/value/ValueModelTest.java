package dev.tensorlens.ui.browser.value;

import dev.tensorlens.redis.ValueWriter;
import dev.tensorlens.demo.DemoKeys;
import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.UiExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The value pane's model against a real server with the demo's values, without a window. */
class ValueModelTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static final SessionModel session = new SessionModel(UiExecutor.sameThread());
    final ValueModel model = new ValueModel(session, UiExecutor.sameThread());

    /** 2 MB of float32 .npy: over the 1 MiB threshold. */
    static final byte[] TWO_MB = NpyWriter.float32(new long[] {512, 1024}, ramp(512 * 1024));
    static final byte[] SIXTEEN_MB = NpyWriter.float32(new long[] {4096, 1024}, ramp(4096 * 1024));

    @BeforeAll
    static void seed() {
        session.open(redis.profile()).join();
        Eventually.within(Duration.ofSeconds(10), "session attached", () -> session.session() != null);
        DemoSeeder.seed(session.session()).join();
        ValueWriter writer = new ValueWriter(session.session());
        writer.set(b("big:2mb"), TWO_MB).join();
        writer.set(b("big:16mb"), SIXTEEN_MB).join();
        Map<byte[], byte[]> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            fields.put(b("field:" + i), b("value " + i));
        }
        writer.hset(b("wide"), fields).join();
    }

    @AfterEach
    void disposeModel() {
        model.dispose();
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void aSmallStringDecodesToATensorWithStatistics() {
        model.open(b(DemoKeys.tensorKey(1, "layer0.weight")));

        waitFor(ValuePhase.SHOWN);
        assertThat(model.keyInfoProperty().get().type()).isEqualTo("string");
        assertThat(model.formatBadgeProperty().get()).isEqualTo("npy");
        assertThat(model.contentProperty().get().bestView()).isEqualTo(StringContent.ValueView.TENSOR);
        Tensor t = model.tensors().selectedProperty().get();
        assertThat(t.shape()).containsExactly(64, 784);
        assertThat(t.name()).isEqualTo("layer0.weight");
        Eventually.within(Duration.ofSeconds(5), "statistics", () -> model.tensors().detailProperty().get() != null);
        TensorDetail d = model.tensors().detailProperty().get();
        assertThat(d.stats().count()).isEqualTo(64 * 784);
        assertThat(d.histogram().counts()).hasSize(TensorDetail.BINS);
        assertThat(TensorDetail.summary(t)).isEqualTo("float32 (64, 784) · 196 KiB");
    }

    @Test
    void aBigStringAsksFirstAndReadsNothing() {
        redis.sync().configResetstat();

        model.open(b("big:2mb"));

        waitFor(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        assertThat(model.messageProperty().get())
                .isEqualTo("This value is 2.00 MiB, more than the 1.00 MiB read without asking.");
        String stats = redis.sync().info("commandstats");
        assertThat(stats).contains("cmdstat_strlen").doesNotContain("cmdstat_get:").doesNotContain("cmdstat_getrange");
        assertThat(model.contentProperty().get()).isNull();
    }

    @Test
    void readAnywayReadsInChunksWithProgressToTheEnd() {
        List<Double> progress = new CopyOnWriteArrayList<>();
        model.progressProperty().addListener((obs, old, p) -> progress.add(p.doubleValue()));
        model.open(b("big:2mb"));
        waitFor(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        redis.sync().configResetstat();

        model.readAnyway();

        waitFor(ValuePhase.SHOWN);
        assertThat(progress).hasSizeGreaterThanOrEqualTo(4).isSorted().last().isEqualTo(1.0);
        assertThat(calls("getrange")).isEqualTo((TWO_MB.length + ValueModel.READ_CHUNK_BYTES - 1) / ValueModel.READ_CHUNK_BYTES);
        assertThat(model.progressTextProperty().get()).isEqualTo("2.00 MiB of 2.00 MiB");
        assertThat(model.tensors().selectedProperty().get().shape()).containsExactly(512, 1024);
    }

    @Test
    void cancellingStopsTheReadAndAsksAgain() throws Exception {
        model.open(b("big:16mb"));
        waitFor(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        model.progressProperty().addListener((obs, old, p) -> {
            if (p.doubleValue() > 0) {
                model.cancelRead(); // right after the first chunk
            }
        });
        Thread.sleep(300); // a read an earlier test cancelled may still have a chunk in flight: not this test's to count
        redis.sync().configResetstat();

        model.readAnyway();

        waitFor(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        Thread.sleep(200);
        assertThat(calls("getrange")).as("chunks read of 32").isLessThanOrEqualTo(2);
        assertThat(model.messageProperty().get()).startsWith("Reading stopped after 512 KiB of 16.0 MiB.");
        assertThat(model.phaseProperty().get()).isEqualTo(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        assertThat(model.contentProperty().get()).isNull();
    }

    @Test
    void openingAnotherKeyStopsTheBigReadOnTheServerToo() throws Exception {
        model.open(b("big:16mb"));
        waitFor(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        Thread.sleep(300);
        redis.sync().configResetstat();

        model.readAnyway();
        model.open(b(DemoKeys.tensorKey(2, "layer1.bias")));

        waitFor(ValuePhase.SHOWN);
        Thread.sleep(500); // time for the other 30 chunks, were they still being read
        // the chunk in flight, and a straggler of an earlier test's read at most: nowhere near the 32 chunks
        assertThat(calls("getrange")).as("chunks of the abandoned 16 MiB read").isLessThanOrEqualTo(4);
    }

    @Test
    void openingAnotherKeyWins() throws Exception {
        model.open(b("big:2mb"));
        waitFor(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        model.readAnyway();
        model.open(b(DemoKeys.tensorKey(2, "layer1.bias")));

        waitFor(ValuePhase.SHOWN);
        Thread.sleep(200); // nothing of the big read arrives late
        assertThat(model.keyTextProperty().get()).isEqualTo(DemoKeys.tensorKey(2, "layer1.bias"));
        assertThat(model.tensors().selectedProperty().get().shape()).containsExactly(10);
        assertThat(model.phaseProperty().get()).isEqualTo(ValuePhase.SHOWN);
    }

    @Test
    void aMissingKeySaysSo() {
        model.open(b("no:such:key"));

        waitFor(ValuePhase.MISSING);
        assertThat(model.messageProperty().get()).startsWith("The key no:such:key does not exist");
    }

    @Test
    void aTruncatedNpyShowsWhereAndWhy() {
        model.open(b(DemoKeys.TRUNCATED_NPY));

        waitFor(ValuePhase.SHOWN);
        DecodeResult r = model.tensors().resultProperty().get();
        assertThat(r).isInstanceOf(DecodeResult.Malformed.class);
        DecodeResult.Malformed m = (DecodeResult.Malformed) r;
        assertThat(m.format()).isEqualTo("npy");
        assertThat(m.offset()).isPositive();
        assertThat(m.reason()).isNotBlank();
        assertThat(model.contentProperty().get().bestView()).isEqualTo(StringContent.ValueView.TENSOR);
        assertThat(model.formatBadgeProperty().get()).isNull();
    }

    @Test
    void textAndJsonAreOfferedForWhatTheyAre() {
        model.open(b(DemoKeys.CONFIG));
        waitFor(ValuePhase.SHOWN);
        StringContent config = model.contentProperty().get();
        assertThat(config.bestView()).isEqualTo(StringContent.ValueView.JSON);
        assertThat(config.json().get("activation").asText()).isEqualTo("relu");

        model.open(b(DemoKeys.README));
        waitFor(ValuePhase.SHOWN);
        assertThat(model.contentProperty().get().bestView()).isEqualTo(StringContent.ValueView.TEXT);
        assertThat(model.contentProperty().get().json()).isNull();

        model.open(b(DemoKeys.PICKLED_STATE_DICT));
        waitFor(ValuePhase.SHOWN);
        assertThat(model.tensors().resultProperty().get()).isInstanceOf(DecodeResult.Opaque.class);
        assertThat(model.contentProperty().get().utf8()).isFalse();
    }

    @Test
    void aBigHashIsPagedTwoHundredAtATime() {
        redis.sync().configResetstat();
        model.open(b("wide"));

        waitFor(ValuePhase.SHOWN);
        CollectionModel c = model.collection();
        assertThat(c.loadedTextProperty().get()).isEqualTo("200 of 10,000 loaded");
        assertThat(c.rows()).hasSize(200);
        assertThat(calls("hgetall")).isZero();

        c.loadMore();

        Eventually.within(Duration.ofSeconds(5), "second page", () -> c.rows().size() == 400);
        assertThat(c.loadedTextProperty().get()).isEqualTo("400 of 10,000 loaded");
        assertThat(c.rows().stream().map(CollectionRow::memberText).distinct().count()).isEqualTo(400);
    }

    @Test
    void theFilterRestartsTheScanWithMatch() {
        model.open(b("wide"));
        waitFor(ValuePhase.SHOWN);
        CollectionModel c = model.collection();
        redis.sync().configResetstat();

        c.filterProperty().set("field:12");
        c.filterProperty().set("123");

        List<String> expected = IntStream.range(0, 10_000).mapToObj(i -> "field:" + i).filter(f -> f.contains("123")).toList();
        Eventually.within(Duration.ofSeconds(10), "matches loaded",
                () -> c.loadedTextProperty().get().equals(expected.size() + " matching fields loaded · scan complete"));
        assertThat(c.rows()).extracting(CollectionRow::memberText).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(c.filterNoteProperty().get()).isEqualTo("Filtered on the server with MATCH *123*");
        assertThat(calls("hscan")).isPositive();

        c.filterProperty().set("");
        Eventually.within(Duration.ofSeconds(5), "unfiltered again", () -> c.loadedTextProperty().get().equals("200 of 10,000 loaded"));
    }

    @Test
    void hashFieldsThatHoldTensorsAreSummarisedAndShown() {
        model.open(b(DemoKeys.npyHash(1)));
        waitFor(ValuePhase.SHOWN);
        CollectionModel c = model.collection();
        CollectionRow weight = c.rows().stream().filter(r -> r.memberText().equals("layer0.weight")).findFirst().orElseThrow();

        c.requestSummary(weight);
        Eventually.within(Duration.ofSeconds(5), "summary", () -> !weight.tensorSummaryProperty().get().isEmpty());
        assertThat(weight.tensorSummaryProperty().get()).isEqualTo("float32 (64, 784) · 196 KiB");

        c.selectedProperty().set(weight);
        Eventually.within(Duration.ofSeconds(5), "field shown", () -> c.fieldPhaseProperty().get() == CollectionModel.FieldPhase.SHOWN);
        Eventually.within(Duration.ofSeconds(5), "field statistics", () -> c.fieldTensors().detailProperty().get() != null);
        assertThat(c.fieldTensors().detailProperty().get().tensor().name()).isEqualTo("layer0.weight");
    }

    @Test
    void rawHashFieldsUseTheirDtypeAndShapeSiblings() {
        model.open(b(DemoKeys.rawBatch(0)));
        waitFor(ValuePhase.SHOWN);
        CollectionModel c = model.collection();
        Map<String, CollectionRow> byField = new HashMap<>();
        c.rows().forEach(r -> byField.put(r.memberText(), r));

        byField.values().forEach(c::requestSummary);

        Eventually.within(Duration.ofSeconds(5), "summary", () -> !byField.get("data").tensorSummaryProperty().get().isEmpty());
        assertThat(byField.get("data").tensorSummaryProperty().get()).isEqualTo("uint8 (32, 28, 28) · 24.5 KiB");
        assertThat(byField.get("dtype").tensorSummaryProperty().get()).isEmpty();
    }

    @Test
    void listsAndStreamsFilterWhatIsLoadedAndSaySo() {
        model.open(b(DemoKeys.RECENT_BATCHES));
        waitFor(ValuePhase.SHOWN);
        CollectionModel c = model.collection();
        assertThat(c.rows()).hasSize(DemoKeys.CACHED_BATCHES);
        assertThat(c.rows().get(1).positionText()).isEqualTo("1");

        c.filterProperty().set("batch:1");

        assertThat(c.rows()).singleElement().satisfies(r -> assertThat(r.memberText()).isEqualTo(DemoKeys.normalizedBatch(1)));
        assertThat(c.filterNoteProperty().get())
                .isEqualTo("Filtering the 3 loaded elements only: LRANGE cannot filter on the server");

        c.filterProperty().set("");
        model.open(b(DemoKeys.EVENTS));
        waitFor(ValuePhase.SHOWN);
        assertThat(c.rows()).hasSize(DemoKeys.EPOCHS);
        assertThat(c.rows().get(0).fieldsText()).startsWith("epoch=1, ");
        assertThat(c.loadedTextProperty().get()).isEqualTo(DemoKeys.EPOCHS + " of " + DemoKeys.EPOCHS + " loaded");
    }

    @Test
    void sortedSetsShowScores() {
        model.open(b(DemoKeys.VERSIONS));
        waitFor(ValuePhase.SHOWN);

        assertThat(model.collection().rows()).extracting(CollectionRow::scoreText).contains("1", "2");
        assertThat(dev.tensorlens.ui.common.KeyFacts.ttl(model.keyInfoProperty().get())).isEqualTo("no expiry");
    }

    private void waitFor(ValuePhase phase) {
        Eventually.within(Duration.ofSeconds(10), "phase " + phase + " (now " + model.phaseProperty().get() + ": "
                + model.messageProperty().get() + ")", () -> model.phaseProperty().get() == phase);
    }

    private static long calls(String command) {
        return redis.sync().info("commandstats").lines()
                .filter(l -> l.startsWith("cmdstat_" + command + ":"))
                .map(l -> l.substring(l.indexOf("calls=") + 6, l.indexOf(',')))
                .mapToLong(Long::parseLong).sum();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 1000) / 1000f;
        }
        return v;
    }
}
