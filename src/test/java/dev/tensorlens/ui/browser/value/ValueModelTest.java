package dev.tensorlens.ui.browser.value;

import dev.tensorlens.demo.DemoKeys;
import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.redis.ValueWriter;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.TestUiThread;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.ui.common.KeyFacts;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.plots.TensorDetail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value pane's model against a real server holding the demo data, without a window: the model lives on a
 * stand-in UI thread, as it does on the FX thread in the app, and every test has a connection of its own.
 */
class ValueModelTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    /** 2 MB of float32 .npy: over the 1 MiB threshold. */
    static final byte[] TWO_MB = NpyWriter.float32(new long[] {512, 1024}, ramp(512 * 1024));
    static final byte[] SIXTEEN_MB = NpyWriter.float32(new long[] {4096, 1024}, ramp(4096 * 1024));

    private final TestUiThread uiThread = new TestUiThread();
    private final TaskList tasks = new TaskList();
    private SessionModel session;
    private ValueModel model;

    @BeforeAll
    static void seed() {
        DemoSeeder.seed(redis.session()).join();
        ValueWriter writer = new ValueWriter(redis.session());
        writer.set(b("big:2mb"), TWO_MB).join();
        writer.set(b("big:16mb"), SIXTEEN_MB).join();
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            fields.put(b("field:" + i), b("value " + i));
        }
        writer.hset(b("wide"), fields).join();
    }

    @BeforeEach
    void connect() {
        session = on(() -> new SessionModel(uiThread.ui(), uiThread.executors().timers()));
        model = on(() -> new ValueModel(session, uiThread.ui(), uiThread.executors().background(), tasks));
        run(() -> session.open(redis.profile()));
        Eventually.within(Duration.ofSeconds(10), "session attached", () -> on(() -> session.session()) != null);
    }

    @AfterEach
    void disconnect() {
        run(model::dispose);
        session.close();
        uiThread.close();
    }

    private void run(Runnable action) {
        uiThread.run(action);
    }

    private <T> T on(Supplier<T> read) {
        return uiThread.call(read);
    }

    private void open(String key) {
        run(() -> model.open(b(key)));
    }

    @Test
    void aSmallStringDecodesToATensorWithStatistics() {
        open(DemoKeys.tensorKey(1, "layer0.weight"));

        waitFor(ValuePhase.SHOWN);
        assertThat(on(() -> model.keyInfoProperty().get().type())).isEqualTo("string");
        assertThat(on(() -> model.formatBadgeProperty().get())).isEqualTo("npy");
        assertThat(on(() -> model.contentProperty().get().bestView())).isEqualTo(StringContent.ValueView.TENSOR);
        Tensor t = on(() -> model.tensors().selectedProperty().get());
        assertThat(t.shape()).containsExactly(64, 784);
        assertThat(t.name()).isEqualTo("layer0.weight");
        Eventually.within(Duration.ofSeconds(5), "statistics", () -> on(() -> model.tensors().detailProperty().get()) != null);
        TensorDetail d = on(() -> model.tensors().detailProperty().get());
        assertThat(d.stats().count()).isEqualTo(64 * 784);
        assertThat(d.histogram().counts()).hasSize(TensorDetail.BINS);
        assertThat(TensorDetail.summary(t)).isEqualTo("float32 (64, 784) · 196 KiB");
    }

    @Test
    void aBigStringAsksFirstAndReadsNothing() {
        redis.sync().configResetstat();

        open("big:2mb");

        waitFor(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        assertThat(on(() -> model.messageProperty().get()))
                .isEqualTo("This value is 2.00 MiB, more than the 1.00 MiB read without asking.");
        String stats = redis.sync().info("commandstats");
        assertThat(stats).contains("cmdstat_strlen").doesNotContain("cmdstat_get:").doesNotContain("cmdstat_getrange");
        assertThat(on(() -> model.contentProperty().get())).isNull();
        assertThat(on(() -> tasks.running().size())).as("nothing read, nothing listed").isZero();
    }

    @Test
    void readAnywayReadsInChunksWithProgressToTheEndListedAsATask() {
        List<Double> progress = new CopyOnWriteArrayList<>();
        run(() -> model.progressProperty().addListener((obs, old, p) -> progress.add(p.doubleValue())));
        open("big:2mb");
        waitFor(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        redis.sync().configResetstat();

        List<String> listed = on(() -> {
            model.readAnyway();
            return tasks.running().stream().map(j -> j.title()).toList();
        });

        waitFor(ValuePhase.SHOWN);
        assertThat(listed).containsExactly("Reading big:2mb");
        assertThat(progress).hasSizeGreaterThanOrEqualTo(2).isSorted().last().isEqualTo(1.0);
        assertThat(calls("getrange")).isEqualTo((TWO_MB.length + ValueModel.READ_CHUNK_BYTES - 1) / ValueModel.READ_CHUNK_BYTES);
        assertThat(on(() -> model.progressTextProperty().get())).isEqualTo("2.00 MiB of 2.00 MiB");
        assertThat(on(() -> model.tensors().selectedProperty().get().shape())).containsExactly(512, 1024);
        assertThat(on(() -> tasks.running().size())).as("off the task list once read").isZero();
    }

    /**
     * A 16 MiB .npy is held in the chunks it was read in (a value of hundreds of MB in one array would hold every thread
     * at a safepoint while the VM zeroes it), and the tensor shown reads the same numbers as the value written.
     */
    @Test
    void aBigNpyValueIsShownFromTheChunksItWasReadIn() {
        open("big:16mb");
        waitFor(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);

        run(model::readAnyway);

        waitFor(ValuePhase.SHOWN);
        Tensor shown = on(() -> model.tensors().selectedProperty().get());
        StringContent content = on(() -> model.contentProperty().get());
        float[] written = ramp(4096 * 1024);
        assertThat(content.bytes().chunks()).as("chunks of a few MB").hasSize(5);
        assertThat(shown.shape()).containsExactly(4096, 1024);
        assertThat(shown.runRemaining(0)).as("viewed in place, in the first chunk").isLessThan(shown.elementCount());
        for (long i = 0; i < written.length; i += 4093) {
            assertThat(shown.getDouble(i)).as("element %d", i).isEqualTo(written[(int) i]);
        }
        assertThat(shown.getDouble(written.length - 1)).isEqualTo(written[written.length - 1]);
        assertThat(content.bestView()).isEqualTo(StringContent.ValueView.TENSOR);
        assertThat(content.text()).as("the escaped start of the bytes").startsWith("\\x93NUMPY");
    }

    @Test
    void cancellingStopsTheReadAndAsksAgain() {
        open("big:16mb");
        waitFor(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        run(() -> model.progressProperty().addListener((obs, old, p) -> {
            if (p.doubleValue() > 0) {
                model.cancelRead(); // right after the first chunk
            }
        }));
        redis.sync().configResetstat();

        run(model::readAnyway);

        waitFor(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        // chunks go one after the other on Lettuce's thread while the cancel waits for the FX thread, so how many were
        // read before it landed depends on the machine's load; after it, at most the one in flight
        long atCancel = calls("getrange");
        roundTrips(4); // were the read still going, it would send a chunk per round trip
        assertThat(calls("getrange")).as("chunks read of 32, " + atCancel + " when the cancel landed")
                .isLessThanOrEqualTo(atCancel + 1).isLessThan(32);
        // how far it got (512 KiB a chunk) depends on when the cancel landed, as above; that it says so does not
        assertThat(on(() -> model.messageProperty().get()))
                .matches("Reading stopped after [0-9.]+ (KiB|MiB) of 16\\.0 MiB\\. Read it again when you are ready\\.");
        assertThat(on(() -> model.phaseProperty().get())).isEqualTo(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        assertThat(on(() -> model.contentProperty().get())).isNull();
    }

    @Test
    void openingAnotherKeyStopsTheBigReadOnTheServerToo() {
        open("big:16mb");
        waitFor(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        redis.sync().configResetstat();

        run(() -> {
            model.readAnyway();
            model.open(b(DemoKeys.tensorKey(2, "layer1.bias")));
        });

        waitFor(ValuePhase.SHOWN);
        roundTrips(6); // were the abandoned read still going, six more of its 32 chunks would be read by now
        assertThat(calls("getrange")).as("chunks of the abandoned 16 MiB read").isLessThanOrEqualTo(2);
    }

    @Test
    void openingAnotherKeyWins() {
        open("big:2mb");
        waitFor(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        run(() -> {
            model.readAnyway();
            model.open(b(DemoKeys.tensorKey(2, "layer1.bias")));
        });

        waitFor(ValuePhase.SHOWN);
        roundTrips(5); // the abandoned read had four chunks: it would be done by now, were it still going
        assertThat(on(() -> model.keyTextProperty().get())).isEqualTo(DemoKeys.tensorKey(2, "layer1.bias"));
        assertThat(on(() -> model.tensors().selectedProperty().get().shape())).containsExactly(10);
        assertThat(on(() -> model.phaseProperty().get())).isEqualTo(ValuePhase.SHOWN);
    }

    @Test
    void aMissingKeySaysSo() {
        open("no:such:key");

        waitFor(ValuePhase.MISSING);
        assertThat(on(() -> model.messageProperty().get())).startsWith("The key no:such:key does not exist");
    }

    @Test
    void aTruncatedNpyShowsWhereAndWhy() {
        open(DemoKeys.TRUNCATED_NPY);

        waitFor(ValuePhase.SHOWN);
        DecodeResult r = on(() -> model.tensors().resultProperty().get());
        assertThat(r).isInstanceOf(DecodeResult.Malformed.class);
        DecodeResult.Malformed m = (DecodeResult.Malformed) r;
        assertThat(m.format()).isEqualTo("npy");
        assertThat(m.offset()).isPositive();
        assertThat(m.reason()).isNotBlank();
        assertThat(on(() -> model.contentProperty().get().bestView())).isEqualTo(StringContent.ValueView.TENSOR);
        assertThat(on(() -> model.formatBadgeProperty().get())).isNull();
    }

    @Test
    void textAndJsonAreOfferedForWhatTheyAre() {
        open(DemoKeys.CONFIG);
        waitFor(ValuePhase.SHOWN);
        StringContent config = on(() -> model.contentProperty().get());
        assertThat(config.bestView()).isEqualTo(StringContent.ValueView.JSON);
        assertThat(config.json().get("activation").asText()).isEqualTo("relu");

        open(DemoKeys.README);
        waitFor(ValuePhase.SHOWN);
        assertThat(on(() -> model.contentProperty().get().bestView())).isEqualTo(StringContent.ValueView.TEXT);
        assertThat(on(() -> model.contentProperty().get().json())).isNull();

        open(DemoKeys.PICKLED_STATE_DICT);
        waitFor(ValuePhase.SHOWN);
        assertThat(on(() -> model.tensors().resultProperty().get())).isInstanceOf(DecodeResult.Opaque.class);
        assertThat(on(() -> model.contentProperty().get().utf8())).isFalse();
    }

    @Test
    void aBigHashIsPagedTwoHundredAtATime() {
        redis.sync().configResetstat();
        open("wide");

        waitFor(ValuePhase.SHOWN);
        CollectionModel c = on(() -> model.collection());
        assertThat(on(() -> c.loadedTextProperty().get())).isEqualTo("200 of 10,000 loaded");
        assertThat(on(() -> c.rows().size())).isEqualTo(200);
        assertThat(calls("hgetall")).isZero();

        run(c::loadMore);

        Eventually.within(Duration.ofSeconds(5), "second page", () -> on(() -> c.rows().size()) == 400);
        assertThat(on(() -> c.loadedTextProperty().get())).isEqualTo("400 of 10,000 loaded");
        assertThat(on(() -> c.rows().stream().map(CollectionRow::memberText).distinct().count())).isEqualTo(400);
    }

    @Test
    void theFilterRestartsTheScanWithMatch() {
        open("wide");
        waitFor(ValuePhase.SHOWN);
        CollectionModel c = on(() -> model.collection());
        redis.sync().configResetstat();

        run(() -> {
            c.filterProperty().set("field:12");
            c.filterProperty().set("123");
        });

        List<String> expected = IntStream.range(0, 10_000).mapToObj(i -> "field:" + i).filter(f -> f.contains("123")).toList();
        Eventually.within(Duration.ofSeconds(10), "matches loaded",
                () -> on(() -> c.loadedTextProperty().get()).equals(expected.size() + " matching fields loaded · scan complete"));
        assertThat(on(() -> c.rows().stream().map(CollectionRow::memberText).toList()))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(on(() -> c.filterNoteProperty().get())).isEqualTo("Filtered on the server with MATCH *123*");
        assertThat(calls("hscan")).isPositive();

        run(() -> c.filterProperty().set(""));
        Eventually.within(Duration.ofSeconds(5), "unfiltered again",
                () -> on(() -> c.loadedTextProperty().get()).equals("200 of 10,000 loaded"));
    }

    @Test
    void hashFieldsThatHoldTensorsAreSummarisedAndShown() {
        open(DemoKeys.npyHash(1));
        waitFor(ValuePhase.SHOWN);
        CollectionModel c = on(() -> model.collection());
        CollectionRow weight = on(() -> c.rows().stream().filter(r -> r.memberText().equals("layer0.weight"))
                .findFirst().orElseThrow());

        run(() -> c.requestSummary(weight));
        Eventually.within(Duration.ofSeconds(5), "summary", () -> !on(() -> weight.tensorSummaryProperty().get()).isEmpty());
        assertThat(on(() -> weight.tensorSummaryProperty().get())).isEqualTo("float32 (64, 784) · 196 KiB");

        run(() -> c.selectedProperty().set(weight));
        MemberDetail detail = on(c::detail);
        Eventually.within(Duration.ofSeconds(5), "field shown",
                () -> on(() -> detail.fieldPhaseProperty().get()) == MemberDetail.FieldPhase.SHOWN);
        Eventually.within(Duration.ofSeconds(5), "field statistics",
                () -> on(() -> detail.fieldTensors().detailProperty().get()) != null);
        assertThat(on(() -> detail.fieldTensors().detailProperty().get().tensor().name())).isEqualTo("layer0.weight");
    }

    @Test
    void aHashFieldTooBigToKeepIsMeasuredAndReadOnlyWhenAsked() {
        redis.sync().hset("wide:tensors", "small", "1");
        new ValueWriter(redis.session()).hset(b("wide:tensors"), Map.of(b("huge"), TWO_MB)).join();
        open("wide:tensors");
        waitFor(ValuePhase.SHOWN);
        CollectionModel c = on(() -> model.collection());
        CollectionRow huge = on(() -> c.rows().stream().filter(r -> r.memberText().equals("huge")).findFirst().orElseThrow());
        assertThat(huge.value()).as("not kept from the page").isNull();

        run(() -> c.selectedProperty().set(huge));
        MemberDetail detail = on(c::detail);
        Eventually.within(Duration.ofSeconds(5), "asks first",
                () -> on(() -> detail.fieldPhaseProperty().get()) == MemberDetail.FieldPhase.TOO_BIG);
        assertThat(on(() -> detail.fieldMessageProperty().get()))
                .isEqualTo("The field huge holds 2.00 MiB, more than the 1.00 MiB read without asking.");

        run(detail::readFieldAnyway);
        Eventually.within(Duration.ofSeconds(10), "read and shown",
                () -> on(() -> detail.fieldPhaseProperty().get()) == MemberDetail.FieldPhase.SHOWN);
        assertThat(on(() -> detail.fieldTensors().resultProperty().get())).isInstanceOf(DecodeResult.Decoded.class);
        redis.sync().del("wide:tensors");
    }

    @Test
    void rawHashFieldsUseTheirDtypeAndShapeSiblings() {
        open(DemoKeys.rawBatch(0));
        waitFor(ValuePhase.SHOWN);
        CollectionModel c = on(() -> model.collection());
        Map<String, CollectionRow> byField = new HashMap<>();
        on(() -> List.copyOf(c.rows())).forEach(r -> byField.put(r.memberText(), r));

        run(() -> byField.values().forEach(c::requestSummary));

        Eventually.within(Duration.ofSeconds(5), "summary",
                () -> !on(() -> byField.get("data").tensorSummaryProperty().get()).isEmpty());
        assertThat(on(() -> byField.get("data").tensorSummaryProperty().get())).isEqualTo("uint8 (32, 28, 28) · 24.5 KiB");
        assertThat(on(() -> byField.get("dtype").tensorSummaryProperty().get())).isEmpty();
    }

    @Test
    void listsAndStreamsFilterWhatIsLoadedAndSaySo() {
        open(DemoKeys.RECENT_BATCHES);
        waitFor(ValuePhase.SHOWN);
        CollectionModel c = on(() -> model.collection());
        assertThat(on(() -> c.rows().size())).isEqualTo(DemoKeys.CACHED_BATCHES);
        assertThat(on(() -> c.rows().get(1).positionText())).isEqualTo("1");

        run(() -> c.filterProperty().set("batch:1"));

        assertThat(on(() -> List.copyOf(c.rows()))).singleElement()
                .satisfies(r -> assertThat(r.memberText()).isEqualTo(DemoKeys.normalizedBatch(1)));
        assertThat(on(() -> c.filterNoteProperty().get()))
                .isEqualTo("Filtering the 3 loaded elements only: LRANGE cannot filter on the server");

        run(() -> c.filterProperty().set(""));
        open(DemoKeys.EVENTS);
        waitFor(ValuePhase.SHOWN);
        assertThat(on(() -> c.rows().size())).isEqualTo(DemoKeys.EPOCHS);
        assertThat(on(() -> c.rows().get(0).fieldsText())).startsWith("epoch=1, ");
        assertThat(on(() -> c.loadedTextProperty().get())).isEqualTo(DemoKeys.EPOCHS + " of " + DemoKeys.EPOCHS + " loaded");
    }

    @Test
    void sortedSetsShowScores() {
        open(DemoKeys.VERSIONS);
        waitFor(ValuePhase.SHOWN);

        assertThat(on(() -> model.collection().rows().stream().map(CollectionRow::scoreText).toList())).contains("1", "2");
        assertThat(on(() -> KeyFacts.ttl(model.keyInfoProperty().get()))).isEqualTo("no expiry");
    }

    private void waitFor(ValuePhase phase) {
        Eventually.within(Duration.ofSeconds(10), "phase " + phase,
                () -> on(() -> model.phaseProperty().get()) == phase);
    }

    /**
     * {@code n} PINGs one after the other on the model's own connection, then a turn of the UI thread: anything the
     * model had sent before is answered by then, and work that chains a command on each answer (a chunked read) has
     * had {@code n} chances to send the next; whatever it handed the UI thread has run.
     */
    private void roundTrips(int n) {
        for (int i = 0; i < n; i++) {
            on(() -> session.session()).ping().join();
        }
        run(() -> { });
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
