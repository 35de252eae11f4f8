package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.VersionDiff;
import dev.tensorlens.redis.CheckpointReader;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ValueWriter;
import dev.tensorlens.support.CommandStats;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.ScriptedDialogs;
import dev.tensorlens.support.TestUiThread;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.Health;
import dev.tensorlens.tensor.stats.TensorComparison;
import dev.tensorlens.tensor.stats.TensorStats;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.ViewTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Models view's state against a real server, without a window; the model lives on a stand-in UI thread. */
class ModelsModelTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private final TestUiThread uiThread = new TestUiThread();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private SessionModel session;
    private CatalogueModel catalogue;
    private ModelsModel model;

    @BeforeEach
    void open() {
        redis.sync().flushall();
        redis.sync().configSet("notify-keyspace-events", "");
        session = on(() -> new SessionModel(uiThread.ui(), uiThread.executors().timers()));
        catalogue = on(() -> new CatalogueModel(session, uiThread.ui(), new TaskList(), dialogs));
        model = on(() -> new ModelsModel(catalogue, session, uiThread.ui(), uiThread.background(), new TaskList()));
    }

    @AfterEach
    void close() {
        session.close();
        uiThread.close();
    }

    private <T> T on(Supplier<T> read) {
        return uiThread.call(read);
    }

    private static void eventually(String what, BooleanSupplier condition) {
        Eventually.within(Duration.ofSeconds(15), what, condition);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static float[] values(int n, float scale, float shift) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(i * 0.37 + shift) * scale;
        }
        return v;
    }

    private static Tensor tensor(long[] shape, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return Tensor.view("t", DType.FLOAT32, shape, b.array(), 0);
    }

    private void hset(String key, Map<String, byte[]> fields) throws Exception {
        Map<byte[], byte[]> raw = new LinkedHashMap<>();
        fields.forEach((k, v) -> raw.put(b(k), v));
        new ValueWriter(redis.session()).hset(b(key), raw).get(10, TimeUnit.SECONDS);
    }

    private void set(String key, byte[] value) throws Exception {
        new ValueWriter(redis.session()).set(b(key), value).get(10, TimeUnit.SECONDS);
    }

    private void connectAndList() {
        uiThread.run(() -> session.open(redis.profile()));
        eventually("connected", () -> on(() -> session.session()) != null);
        uiThread.run(model::start);
        eventually("listed", () -> on(() -> catalogue.phaseProperty().get()) == CatalogueModel.Phase.READY);
    }

    private void statisticsDone() {
        eventually("statistics", () -> on(() -> model.checkpoint().phaseProperty().get() == CheckpointModel.Phase.LOADED
                && !model.checkpoint().statisticsPending()));
    }

    /** Every comparable pair of the open comparison has its figures; call on the UI thread. */
    private boolean comparedAll() {
        return !model.comparison().rows().isEmpty() && model.comparison().rows().stream()
                .filter(ComparisonRow::comparable).allMatch(r -> r.resultProperty().get() != null);
    }

    /** The row of that name; call on the UI thread (inside {@link #on}). */
    private LayerRow row(String name) {
        return model.checkpoint().rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void opensTheNewestVersionAndFillsTheLayerTableWithTheStatisticsNumpyWouldGive() throws Exception {
        float[] w = values(64 * 32, 0.5f, 0);
        float[] bias = new float[64];
        hset("model:mlp:v1", Map.of("fc1.weight", NpyWriter.float32(new long[] {64, 32}, values(64 * 32, 0.4f, 1)),
                "fc1.bias", NpyWriter.float32(new long[] {64}, bias)));
        hset("model:mlp:v2", Map.of("fc1.weight", NpyWriter.float32(new long[] {64, 32}, w),
                "fc1.bias", NpyWriter.float32(new long[] {64}, bias)));

        connectAndList();

        eventually("opened", () -> on(() -> model.openVersionProperty().get()) != null);
        assertThat(on(() -> model.openModelProperty().get().name())).isEqualTo("mlp");
        assertThat(on(() -> model.openVersionProperty().get().version())).isEqualTo("v2");
        statisticsDone();
        assertThat(on(() -> model.checkpoint().rows().stream().map(LayerRow::name).toList()))
                .containsExactly("fc1.bias", "fc1.weight");
        TensorStats expected = TensorStats.of(tensor(new long[] {64, 32}, w));
        TensorStats shown = on(() -> row("fc1.weight").stats());
        assertThat(shown.mean()).isCloseTo(expected.mean(), within(1e-12));
        assertThat(shown.std()).isCloseTo(expected.std(), within(1e-12));
        assertThat(shown.l2Norm()).isCloseTo(expected.l2Norm(), within(1e-9));
        assertThat(on(() -> row("fc1.weight").layer().parameters())).isEqualTo(64 * 32);
        assertThat(on(() -> row("fc1.bias").healthProperty().get())).containsExactly(Health.ALL_ZEROS);
        assertThat(on(() -> model.checkpoint().totalsProperty().get()))
                .isEqualTo("2 tensors · 2,112 parameters · " + HumanReadable.bytes(
                        on(() -> model.checkpoint().contentsProperty().get().layers().stream()
                                .mapToLong(l -> l.bytes()).sum())) + " · 1 flagged");
        assertThat(on(() -> model.checkpoint().modulesProperty().get().children().get(0).parameters()))
                .isEqualTo(64 * 32 + 64);
    }

    @Test
    void flagsBadLayersAndFiltersToThem() throws Exception {
        float[] withNan = values(16, 1, 0);
        withNan[3] = Float.NaN;
        float[] constant = new float[16];
        Arrays.fill(constant, 0.25f);
        hset("model:bad:v1", Map.of("a.weight", NpyWriter.float32(new long[] {16}, withNan),
                "b.weight", NpyWriter.float32(new long[] {16}, constant),
                "c.weight", NpyWriter.float32(new long[] {16}, values(16, 1, 2)),
                "d.weight", b("not a tensor at all")));

        connectAndList();
        statisticsDone();

        assertThat(on(() -> row("a.weight").healthProperty().get())).containsExactly(Health.NON_FINITE);
        assertThat(on(() -> row("b.weight").healthProperty().get())).containsExactly(Health.CONSTANT);
        assertThat(on(() -> row("d.weight").problemProperty().get())).isNotBlank();

        uiThread.run(() -> model.checkpoint().flaggedOnlyProperty().set(true));
        assertThat(on(() -> model.checkpoint().shownRows().stream().map(LayerRow::name).toList()))
                .containsExactly("a.weight", "b.weight");
        uiThread.run(() -> {
            model.checkpoint().flaggedOnlyProperty().set(false);
            model.checkpoint().filterProperty().set("C.W");
        });
        assertThat(on(() -> model.checkpoint().shownRows().stream().map(LayerRow::name).toList()))
                .containsExactly("c.weight");
        assertThat(on(() -> model.checkpoint().totalsProperty().get())).startsWith("1 tensor of 4 · 16 parameters");
    }

    @Test
    void comparesTwoVersionsLayerByLayer() throws Exception {
        float[] w1 = values(8 * 4, 1, 0);
        float[] w2 = w1.clone();
        w2[5] += 0.5f;
        hset("model:cmp:v1", Map.of("fc.weight", NpyWriter.float32(new long[] {8, 4}, w1),
                "fc.bias", NpyWriter.float32(new long[] {8}, values(8, 1, 1)),
                "old.weight", NpyWriter.float32(new long[] {2}, values(2, 1, 0))));
        hset("model:cmp:v2", Map.of("fc.weight", NpyWriter.float32(new long[] {8, 4}, w2),
                "fc.bias", NpyWriter.float32(new long[] {8}, values(8, 1, 1)),
                "new.weight", NpyWriter.float32(new long[] {3}, values(3, 1, 0))));

        connectAndList();
        // the user goes to v1 and back before either is listed: the listing the two share must not be lost
        uiThread.run(() -> {
            ModelEntry cmp = model.models().stream().filter(m -> m.name().equals("cmp")).findFirst().orElseThrow();
            model.open(cmp, cmp.version("v1").orElseThrow());
            model.open(cmp, cmp.version("v2").orElseThrow());
        });
        eventually("compared", () -> on(() -> model.comparison().rows().stream()
                .filter(ComparisonRow::comparable).allMatch(r -> r.resultProperty().get() != null)
                && !model.comparison().rows().isEmpty()));

        assertThat(on(() -> model.comparison().beforeProperty().get())).isEqualTo("v1");
        assertThat(on(() -> model.comparison().afterProperty().get())).isEqualTo("v2");
        Map<String, ComparisonRow> rows = on(() -> {
            Map<String, ComparisonRow> m = new LinkedHashMap<>();
            model.comparison().rows().forEach(r -> m.put(r.name(), r));
            return m;
        });
        assertThat(rows.get("new.weight").pair().status()).isEqualTo(VersionDiff.Status.ONLY_AFTER);
        assertThat(rows.get("old.weight").pair().status()).isEqualTo(VersionDiff.Status.ONLY_BEFORE);
        TensorComparison fc = on(() -> rows.get("fc.weight").resultProperty().get());
        assertThat(fc.maxAbsDiff()).isCloseTo(0.5, within(1e-6));
        assertThat(fc.diffNorm()).isCloseTo(0.5, within(1e-6));
        assertThat(on(() -> rows.get("fc.bias").resultProperty().get().diffNorm())).isZero();

        uiThread.run(() -> model.comparison().pick(rows.get("fc.weight")));
        eventually("difference", () -> on(() -> model.comparison().differenceProperty().get()) != null);
        Tensor diff = on(() -> model.comparison().differenceProperty().get());
        assertThat(diff.shape()).containsExactly(8, 4);
        assertThat(diff.getDouble(5)).isCloseTo(0.5, within(1e-6));
        assertThat(diff.getDouble(4)).isZero();
    }

    @Test
    void liveShowsANewVersionAndRereadsOnlyTheTensorThatWasRewritten() throws Exception {
        for (int i = 0; i < 4; i++) {
            set("weights:net:v1:layer" + i + ".weight", NpyWriter.float32(new long[] {32, 8}, values(256, 1, i)));
        }
        set("weights:net:v2:layer0.weight", NpyWriter.float32(new long[] {32, 8}, values(256, 2, 0)));
        for (int i = 1; i < 4; i++) {
            set("weights:net:v2:layer" + i + ".weight", NpyWriter.float32(new long[] {32, 8}, values(256, 1, i)));
        }
        connectAndList();
        statisticsDone();
        // the layer a training step is about to rewrite is the one the user looks at
        uiThread.run(() -> model.pick(row("layer2.weight")));
        eventually("the picked layer's values and history", () -> on(() -> model.detail().tensorProperty().get() != null
                && model.history().stepsProperty().get().size() == 2
                && model.history().stepsProperty().get().stream().allMatch(s -> s.percentiles() != null)));
        eventually("the comparison's figures", () -> on(this::comparedAll));
        dialogs.thenConfirm(true);
        uiThread.run(() -> catalogue.liveProperty().set(true));
        eventually("following", () -> on(() -> catalogue.liveMessageProperty().get()) != null
                && on(() -> catalogue.liveMessageProperty().get()).startsWith("Live:"));
        double before = on(() -> row("layer2.weight").stats().l2Norm());
        redis.sync().configResetstat();

        // a training step rewrites one tensor of the open version in place
        set("weights:net:v2:layer2.weight", NpyWriter.float32(new long[] {32, 8}, values(256, 3, 2)));

        eventually("the rewritten layer read again", () -> {
            TensorStats s = on(() -> row("layer2.weight").stats());
            return s != null && Math.abs(s.l2Norm() - before * 3) < 1e-3;
        });
        eventually("its plots read again", () -> on(() -> model.detail().tensorProperty().get() != null
                && Math.abs(TensorStats.of(model.detail().tensorProperty().get()).l2Norm() - before * 3) < 1e-3));
        eventually("its history and comparison again", () -> on(() -> comparedAll() && !model.history().busy()
                && model.history().stepsProperty().get().stream().allMatch(st -> st.percentiles() != null)));
        statisticsDone();
        assertThat(CommandStats.calls(redis.sync(), "get") + CommandStats.calls(redis.sync(), "getrange"))
                .as("only the rewritten tensor is read again: its header, its values for the table, for the plots, "
                        + "for its step of the history, and the two sides of its comparison: "
                        + CommandStats.read(redis.sync()))
                .isLessThanOrEqualTo(6);

        // and a new version appears by itself; the comparison moves on to it, the history grows a step
        for (int i = 0; i < 4; i++) {
            set("weights:net:v3:layer" + i + ".weight", NpyWriter.float32(new long[] {32, 8}, values(256, 1.5f, i)));
        }
        eventually("v3 listed", () -> on(() -> model.models().stream().filter(m -> m.name().equals("net"))
                .map(ModelEntry::versionNames).findFirst().orElse(List.of())).contains("v3"));
        eventually("comparison follows the newest", () -> "v3".equals(on(() -> model.comparison().afterProperty().get())));
        eventually("history has three steps", () -> on(() -> model.history().stepsProperty().get().size() == 3
                && model.history().stepsProperty().get().stream().allMatch(s -> s.percentiles() != null)));
        assertThat(on(() -> model.openVersionProperty().get().version())).as("what the user looks at stays").isEqualTo("v2");
    }

    @Test
    void aKeyOpenedFromAnotherViewOpensItsVersionAndLayer() throws Exception {
        hset("model:nav:v1", Map.of("a.weight", NpyWriter.float32(new long[] {4, 2}, values(8, 1, 0)),
                "b.weight", NpyWriter.float32(new long[] {3}, values(3, 1, 0))));
        hset("model:nav:v2", Map.of("a.weight", NpyWriter.float32(new long[] {4, 2}, values(8, 1, 1)),
                "b.weight", NpyWriter.float32(new long[] {3}, values(3, 1, 1))));
        uiThread.run(() -> session.open(redis.profile()));
        eventually("connected", () -> on(() -> session.session()) != null);
        // asked before the listing has even started: kept until the model is found
        uiThread.run(() -> {
            model.open(new ViewTarget(b("model:nav:v1"), "b.weight"));
            model.start();
        });

        eventually("v1 open with b.weight picked", () -> on(() -> model.openVersionProperty().get() != null
                && model.openVersionProperty().get().version().equals("v1") && model.detail().rowProperty().get() != null
                && model.detail().rowProperty().get().name().equals("b.weight")));

        uiThread.run(() -> model.open(ViewTarget.key(b("not:a:model"))));
        assertThat(on(() -> model.noticeProperty().get())).isEqualTo("not:a:model is not part of a model the catalogue knows.");
    }

    @Test
    void aHashFieldTooBigToPeekAtIsStillReadForItsStatistics() throws Exception {
        int n = (int) (CheckpointReader.HEAD_SCRIPT_MAX_BYTES / 4) + 1024;
        float[] big = values(n, 1, 0);
        hset("model:wide:v1", Map.of("embeddings.weight", NpyWriter.float32(new long[] {n}, big),
                "head.bias", NpyWriter.float32(new long[] {4}, values(4, 1, 0))));

        connectAndList();
        statisticsDone();

        LayerRow row = on(() -> row("embeddings.weight"));
        assertThat(row.layer().readable()).as("its header was left unread for the listing").isFalse();
        assertThat(on(row::dtype)).isEqualTo(DType.FLOAT32);
        assertThat(on(row::shape)).containsExactly(n);
        assertThat(on(() -> row.stats().l2Norm()))
                .isCloseTo(TensorStats.of(tensor(new long[] {n}, big)).l2Norm(), within(1e-6));
    }
}
