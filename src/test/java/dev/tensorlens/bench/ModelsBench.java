package dev.tensorlens.bench;

import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelLayout;
import dev.tensorlens.mlstate.ModelVersion;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.models.CheckpointModel;
import dev.tensorlens.ui.models.ComparisonModel;
import dev.tensorlens.ui.models.ComparisonRow;
import dev.tensorlens.ui.models.LayerRow;
import dev.tensorlens.ui.models.ModelsModel;
import dev.tensorlens.ui.models.ModelsView;
import dev.tensorlens.ui.plots.HeatmapPane;
import dev.tensorlens.ui.plots.HistogramPane;
import dev.tensorlens.ui.shell.MainWindow;
import javafx.beans.Observable;
import javafx.collections.ListChangeListener;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import static dev.tensorlens.bench.FxThread.allDone;
import static dev.tensorlens.bench.FxThread.when;

/**
 * The Models view in the real main window, headless (Monocle), against the goal: a checkpoint of 500 tensors,
 * ~1 GB, one {@code .npy} key per tensor ({@link CheckpointBench}'s BERT-base-like layout), lists its layer table
 * within 1 s and fills the statistics in the background with no FX-thread stall over 50 ms. One line per phase:
 * connecting and walking the catalogue; the version opened (the view opens the first model's newest version by
 * itself) to its layer table; the statistics of all 500 layers; the largest layer (the 94 MB word embeddings) picked
 * in the table to its histogram and heatmap; a second model of 2 × 500 tensors, ~0.27 GB a version, four layers
 * changed in v2, opened on the Compare tab until every layer's figures are in, then its changed embeddings picked to
 * the difference heatmap and the overlaid histograms. Each with the FX thread's pulse gaps ({@link PulseGaps}).
 * Not a JUnit test; see docs/BENCHMARKS.md, "Models view".
 *
 * <p>Argument: {@code first} (the default: a two-tensor model sorts first, so the view opens that one by itself, and
 * bert-bench v1 is clicked once the walk is done) or {@code auto} (bert-bench is the first model, opened by the view
 * while the walk still runs). {@code -Dbench.sample=true} prints the FX and render threads' stacks during every gap
 * over 50 ms and where the FX thread spent the long phases.
 */
public final class ModelsBench {

    static final String BIG = "bert-bench";
    static final String PAIR = "bert-pair";
    /** A two-tensor model that sorts first, so the view opens it (not bert-bench) by itself. */
    static final String TINY = "albert-tiny";
    static final String EMBEDDINGS = "embeddings.word_embeddings.weight";
    static final String SMALL_MATRIX = "encoder.layer.0.attention.self.query.weight";
    /** The layers bert-pair's v2 changes (a fine-tuning step that touched a slice of the vocabulary and the top). */
    static final List<String> CHANGED = List.of(EMBEDDINGS, "encoder.layer.30.output.dense.weight",
            "encoder.layer.30.output.dense.bias", "encoder.layer.30.output.LayerNorm.weight");

    private static final PulseGaps GAPS = new PulseGaps();
    /** Whether bert-bench is the first model, opened by the view during the walk, rather than clicked after it. */
    private static boolean AUTO;
    /** CPU snapshots at the milestones, by name. */
    private static final Map<String, CpuShare> CPU = new ConcurrentHashMap<>();
    private static long SERVER_PID;

    public static void main(String[] args) {
        try {
            bench(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.out.println("FAILED: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    private static void bench(String[] args) throws Exception {
        AUTO = args.length > 0 && args[0].equals("auto");
        RedisBinary binary = RedisBinary.locate(Path.of("target/redis-bin"));
        Path servers = Files.createDirectories(Path.of("target/redis-servers"));
        try (RedisProcess redis = RedisProcess.start(binary, Files.createTempDirectory(servers, "models-bench-"), List.of())) {
            long start = System.nanoTime();
            if (!AUTO) {
                Map<String, long[]> tiny = new LinkedHashMap<>();
                tiny.put("fc.weight", new long[] {12, 6});
                tiny.put("fc.bias", new long[] {12});
                // one hash: the walk's first pass (hashes) finds it before any string, so it is the first model listed
                CheckpointBench.write(redis.uri(), "hash", "model:" + TINY + ":v1", tiny, (n, v) -> { });
            }
            long big = CheckpointBench.write(redis.uri(), "keys", "model:" + BIG + ":v1", CheckpointBench.shapes(),
                    (name, values) -> { });
            Map<String, long[]> narrow = CheckpointBench.shapes(384, 1536);
            long pair = CheckpointBench.write(redis.uri(), "keys", "model:" + PAIR + ":v1", narrow, (n, v) -> { });
            pair += CheckpointBench.write(redis.uri(), "keys", "model:" + PAIR + ":v2", narrow, ModelsBench::fineTune);
            System.out.printf(Locale.ROOT, "Redis %s; %s v1: %d tensors, %.2f GB; %s v1 + v2: %d tensors each, %.2f GB "
                            + "together, %d layers changed in v2; written in %.1f s; load %s%n", binary.version(), BIG,
                    narrow.size(), big / 1e9, PAIR, narrow.size(), pair / 1e9, CHANGED.size(),
                    (System.nanoTime() - start) / 1e9, Machine.loadavg());
            SERVER_PID = redis.pid();
            FxThread.startHeadless();
            run(redis, pair);
            System.out.println("load at the end: " + Machine.loadavg());
            Machine.printHeapAfterGc();
        } finally {
            Platform.exit();
        }
    }

    /** v2 of bert-pair: 256 rows of the vocabulary moved, the top layer's output rescaled and shifted. */
    private static void fineTune(String name, float[] values) {
        if (name.equals(EMBEDDINGS)) {
            for (int i = 1000 * 384; i < 1256 * 384; i++) {
                values[i] += 0.01f;
            }
        } else if (name.equals(CHANGED.get(1))) {
            for (int i = 0; i < values.length; i++) {
                values[i] *= 1.05f;
            }
        } else if (name.equals(CHANGED.get(2))) {
            for (int i = 0; i < values.length; i++) {
                values[i] += 0.02f;
            }
        } else if (name.equals(CHANGED.get(3))) {
            Arrays.fill(values, 0.98f);
        }
    }

    /** @param pair the bytes of bert-pair's two versions */
    private static void run(RedisProcess redis, long pair) throws Exception {
        long heapBefore = Machine.usedHeapAfterGc();
        Path home = Files.createTempDirectory("models-bench-home");
        onFx(() -> {
            GAPS.start();
            return null;
        });
        // the window opens on the Browser (a fresh home); the Models view is made and laid out when switched to
        MainWindow window = ViewFrames.window(home);
        Thread.sleep(1000);
        long switched = System.nanoTime();
        long firstFrame = onFx(() -> {
            CompletableFuture<Long> drawn = FxThread.frameDone(window.stage().getScene());
            window.show(ViewId.MODELS);
            return drawn;
        }).get(1, TimeUnit.MINUTES);
        GAPS.print("models first layout", switched, firstFrame);
        System.out.printf(Locale.ROOT, "  switched to the Models view (not connected) to its first frame drawn: %d ms%n",
                ms(firstFrame - switched));
        ModelsView view = onFx(() -> (ModelsView) window.view(ViewId.MODELS));
        idle("models idle before connecting", "the window shown, nothing to do");
        ModelsModel model = view.model();
        CatalogueModel catalogue = model.catalogue();
        CheckpointModel checkpoint = model.checkpoint();
        Parent root = (Parent) view.root();

        // phase 1: connect and walk; in "auto" mode bert-bench is the first model, which the view opens by itself
        Watch w = onFx(() -> {
            Watch made = new Watch();
            made.listed = when(() -> tensorsListed(catalogue, BIG) > 0, catalogue.indexProperty());
            made.listedAll = marked("listedAll", when(() -> tensorsListed(catalogue, BIG) == 500, catalogue.indexProperty()));
            made.walked = marked("walked", when(() -> catalogue.phaseProperty().get() == CatalogueModel.Phase.READY,
                    catalogue.phaseProperty()));
            checkpoint.rows().addListener((ListChangeListener<LayerRow>) c -> made.log.append(String.format(Locale.ROOT,
                    " %d rows @+%d ms;", checkpoint.rows().size(), (System.nanoTime() - made.t0) / 1_000_000)));
            if (AUTO) {
                watchOpen(made, model, root);
            }
            made.t0 = System.nanoTime();
            CPU.put("t0", CpuShare.now(SERVER_PID));
            window.open(ConnectionProfile.fromUri(redis.uri()));
            return made;
        });
        long t0 = w.t0;
        long listedAll = w.listedAll.get(2, TimeUnit.MINUTES);
        long walked = w.walked.get(2, TimeUnit.MINUTES);
        System.out.printf(Locale.ROOT, "PHASE 1 connect + catalogue walk: %s first listed %d ms, all 500 tensors "
                        + "listed %d ms, walk done %d ms after connecting; %s%n", BIG, ms(w.listed.get() - t0),
                ms(listedAll - t0), ms(walked - t0), cpu("walked", "t0"));
        GAPS.print("models connect + catalogue walk", t0, Math.max(listedAll, walked));
        String first = onFx(() -> model.openModelProperty().get().name());
        if (AUTO != first.equals(BIG)) {
            System.out.println("NOTE: the view opened " + first + " by itself, not what this mode expects; bert-bench "
                    + "is clicked after the walk instead");
        }
        if (!first.equals(BIG)) {
            // the first model was opened by the view; once it has settled, bert-bench v1 is clicked
            Thread.sleep(1000);
            onFx(() -> {
                watchOpen(w, model, root);
                ModelEntry big = catalogue.indexProperty().get().model(BIG, ModelLayout.KEY_PER_TENSOR, "").orElseThrow();
                model.open(big, big.versions().get(0));
                return null;
            });
        }
        long statsAt = w.stats.get(5, TimeUnit.MINUTES);
        CompletableFuture<Long>[] auto = w.autoPicked.get(1, TimeUnit.MINUTES);
        long opened = w.opened.get();
        long table = w.table.get();
        System.out.printf(Locale.ROOT, "PHASE 2 open the version (%s): opened %d ms after connecting, layer table of "
                        + "500 rows %d ms after opening (rows set:%s); %s%n", first.equals(BIG)
                        ? "by the view, during the walk" : "clicked after the walk", ms(opened - t0), ms(table - opened),
                w.log, cpu("table", "opened"));
        GAPS.print("models open version", opened, table);
        long bytes = onFx(() -> checkpoint.rows().stream().mapToLong(r -> r.layer().bytes()).sum());
        long failed = onFx(() -> checkpoint.rows().stream().filter(r -> r.stateProperty().get() != LayerRow.State.DONE)
                .count());
        double statsSeconds = (statsAt - table) / 1e9;
        System.out.printf(Locale.ROOT, "PHASE 3 statistics of 500 layers: done %d ms after the table (%d not DONE, "
                        + "pending %s), %.0f MB/s, %.0f layers/s; meanwhile the first matrix (%s) auto-picked: read %s ms, "
                        + "histogram %s ms, heatmap %s ms, percentiles %s ms after the table; %s%n", ms(statsAt - table),
                failed, onFx(checkpoint::statisticsPending), bytes / 1e6 / statsSeconds, 500 / statsSeconds, w.autoName,
                after(auto[0], table), after(auto[1], table), after(auto[2], table), after(auto[3], table),
                cpu("stats", "table"));
        GAPS.print("models statistics", table, statsAt);
        profile(table, statsAt);

        // phase 4: another matrix picked first, then the embeddings, as a click in the table would
        @SuppressWarnings("unchecked")
        TableView<LayerRow> layers = (TableView<LayerRow>) root.lookup("#layer-table");
        CompletableFuture<Long>[] other = onFx(() -> {
            CompletableFuture<Long>[] shown = plots(model, root.lookup("#layer-detail"), SMALL_MATRIX);
            layers.getSelectionModel().select(row(checkpoint.rows(), LayerRow::name, SMALL_MATRIX));
            return shown;
        });
        CompletableFuture.allOf(other).get(2, TimeUnit.MINUTES);
        Thread.sleep(500);
        long t4 = System.nanoTime();
        CPU.put("t4", CpuShare.now(SERVER_PID));
        CompletableFuture<Long>[] picked = onFx(() -> {
            CompletableFuture<Long>[] shown = plots(model, root.lookup("#layer-detail"), EMBEDDINGS);
            // the History tab's model reads the picked layer again in every version, shown or not
            var history = model.history();
            // (its steps are published unread first, then summarised; the old layer's steps stay until then)
            CompletableFuture<Long> summarised = when(() -> EMBEDDINGS.equals(history.layerNameProperty().get())
                    && history.stepsProperty().get().stream().anyMatch(st -> st.percentiles() == null),
                    history.stepsProperty()).thenCompose(t -> when(() -> history.stepsProperty().get().stream()
                    .allMatch(st -> st.percentiles() != null), history.stepsProperty()));
            layers.getSelectionModel().select(row(checkpoint.rows(), LayerRow::name, EMBEDDINGS));
            return array(shown[0], shown[1], shown[2], shown[3], summarised);
        });
        CompletableFuture.allOf(picked).get(2, TimeUnit.MINUTES);
        long end4 = Arrays.stream(picked).mapToLong(CompletableFuture::join).max().orElseThrow();
        CPU.put("end4", CpuShare.now(SERVER_PID));
        System.out.printf(Locale.ROOT, "PHASE 4 pick %s (93.8 MB): read %d ms, histogram %d ms, heatmap %d ms "
                        + "(built in %s), percentiles %d ms, the History tab's summary %d ms after the click; %s%n",
                EMBEDDINGS, ms(picked[0].join() - t4), ms(picked[1].join() - t4), ms(picked[2].join() - t4),
                onFx(() -> buildTimes(root.lookup("#layer-detail"))), ms(picked[3].join() - t4),
                ms(picked[4].join() - t4), cpu("end4", "t4"));
        GAPS.print("models pick embeddings", t4, end4);
        profile(t4, end4);
        Thread.sleep(500);

        // phase 5: bert-pair v2 picked in the catalogue, then the Compare tab
        ComparisonModel comparison = model.comparison();
        long[] t5 = new long[1];
        Watch p = onFx(() -> {
            Watch made = new Watch();
            made.table = when(() -> isOpen(model, PAIR) && checkpoint.phaseProperty().get() == CheckpointModel.Phase.LOADED
                    && checkpoint.rows().size() == 500, checkpoint.phaseProperty(), checkpoint.rows());
            made.stats = made.table.thenCompose(t -> allDone(List.copyOf(checkpoint.rows()), LayerRow::stateProperty,
                    ModelsBench::finished));
            made.listed = when(() -> isOpen(model, PAIR) && comparison.phaseProperty().get() == ComparisonModel.Phase.LOADED,
                    comparison.phaseProperty(), comparison.rows());
            made.listedAll = made.listed.thenCompose(t -> allDone(comparison.rows().stream()
                    .filter(ComparisonRow::comparable).toList(), ComparisonRow::resultProperty,
                    r -> r.resultProperty().get() != null));
            ModelEntry pairModel = catalogue.indexProperty().get().model(PAIR, ModelLayout.KEY_PER_TENSOR, "").orElseThrow();
            ModelVersion v2 = pairModel.versions().get(pairModel.versions().size() - 1);
            t5[0] = System.nanoTime();
            CPU.put("t5", CpuShare.now(SERVER_PID));
            model.open(pairModel, v2);
            TabPane tabs = (TabPane) root.lookup("#models-tabs");
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "compare-tab".equals(t.getId()))
                    .findFirst().orElseThrow());
            return made;
        });
        long figuresAt = p.listedAll.get(5, TimeUnit.MINUTES);
        long pairStats = p.stats.get(5, TimeUnit.MINUTES);
        CPU.put("end5", CpuShare.now(SERVER_PID));
        int comparable = onFx(() -> (int) comparison.rows().stream().filter(ComparisonRow::comparable).count());
        long changed = onFx(() -> comparison.rows().stream().filter(r -> r.resultProperty().get() != null
                && r.resultProperty().get().maxAbsDiff() > 0).count());
        System.out.printf(Locale.ROOT, "PHASE 5 compare %s v1 → v2 (%d comparable pairs, %d changed): pairs listed %d ms, "
                        + "all figures %d ms after the click (%.0f MB/s of both sides); v2's layer table %d ms, its "
                        + "statistics %d ms, meanwhile; %s%n", PAIR, comparable, changed, ms(p.listed.get() - t5[0]),
                ms(figuresAt - t5[0]), pair / 1e6 / ((figuresAt - t5[0]) / 1e9), ms(p.table.get() - t5[0]),
                ms(pairStats - t5[0]), cpu("end5", "t5"));
        GAPS.print("models compare", t5[0], Math.max(figuresAt, pairStats));
        profile(t5[0], Math.max(figuresAt, pairStats));
        Thread.sleep(500);
        Node difference = root.lookup("#compare-difference");
        long t6 = System.nanoTime();
        CPU.put("t6", CpuShare.now(SERVER_PID));
        CompletableFuture<Long>[] diff = onFx(() -> {
            CompletableFuture<Long> heat = heatmapShows(difference.lookup("#values-heatmap"),
                    () -> comparison.differenceProperty().get() != null, comparison.differenceProperty());
            HistogramPane overlay = (HistogramPane) root.lookup("#compare-histograms");
            CompletableFuture<Long> hist = when(() -> comparison.afterTensorProperty().get() != null
                    && overlay.plot().shownProperty().get() != null
                    && overlay.plot().shownProperty().get().histograms().size() == 2, overlay.plot().shownProperty(),
                    comparison.afterTensorProperty());
            CompletableFuture<Long> read = when(() -> comparison.differenceProperty().get() != null,
                    comparison.differenceProperty());
            @SuppressWarnings("unchecked")
            TableView<ComparisonRow> pairs = (TableView<ComparisonRow>) root.lookup("#comparison-table");
            pairs.getSelectionModel().select(row(comparison.rows(), ComparisonRow::name, EMBEDDINGS));
            return array(read, heat, hist);
        });
        CompletableFuture.allOf(diff).get(2, TimeUnit.MINUTES);
        long end6 = Arrays.stream(diff).mapToLong(CompletableFuture::join).max().orElseThrow();
        CPU.put("end6", CpuShare.now(SERVER_PID));
        System.out.printf(Locale.ROOT, "PHASE 5b pick %s on the Compare tab: both sides read and differenced %d ms, "
                        + "difference heatmap %d ms (built in %s), overlaid histograms %d ms after the click; %s%n",
                EMBEDDINGS, ms(diff[0].join() - t6), ms(diff[1].join() - t6), onFx(() -> buildTimes(difference)),
                ms(diff[2].join() - t6), cpu("end6", "t6"));
        GAPS.print("models compare pick", t6, end6);
        long end = System.nanoTime();
        idle("models idle at the end", "everything read and shown");
        System.out.printf(Locale.ROOT, "models whole run from connecting: %s%n",
                GAPS.summary(t0, end).replaceAll("\n.*", ""));
        onFx(() -> {
            GAPS.stop();
            return null;
        });
        long heapAfter = Machine.usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "HEAP after GC: %.0f MB before connecting, %.0f MB at the end (bert-pair's "
                + "embeddings shown in the Layers tab, both sides and their difference on the Compare tab)%n",
                heapBefore / 1e6, heapAfter / 1e6);
    }

    /**
     * FX thread: watches bert-bench being opened, its table, its statistics, and the layer the view picks as the table
     * comes (its first matrix), whose plots are timed from then.
     */
    private static void watchOpen(Watch made, ModelsModel model, Parent root) {
        CheckpointModel checkpoint = model.checkpoint();
        made.opened = marked("opened", when(() -> isOpen(model, BIG), model.openVersionProperty()));
        made.table = marked("table", when(() -> isOpen(model, BIG) && checkpoint.phaseProperty().get()
                == CheckpointModel.Phase.LOADED && checkpoint.rows().size() == 500, checkpoint.phaseProperty(),
                checkpoint.rows()));
        made.stats = marked("stats", made.table.thenCompose(t -> allDone(List.copyOf(checkpoint.rows()),
                LayerRow::stateProperty, ModelsBench::finished)));
        made.autoPicked = made.table.thenApplyAsync(t -> {
            made.autoName = model.detail().rowProperty().get().name();
            return plots(model, root.lookup("#layer-detail"), made.autoName);
        }, Platform::runLater);
    }

    /** What the first phases wait for; futures of nanoTimes, completed on the FX thread. */
    private static final class Watch {
        volatile long t0;
        CompletableFuture<Long> listed;
        CompletableFuture<Long> listedAll;
        CompletableFuture<Long> walked;
        CompletableFuture<Long> opened;
        CompletableFuture<Long> table;
        CompletableFuture<Long> stats;
        CompletableFuture<CompletableFuture<Long>[]> autoPicked;
        volatile String autoName;
        final StringBuilder log = new StringBuilder();
    }

    private static int tensorsListed(CatalogueModel catalogue, String name) {
        return catalogue.indexProperty().get().model(name, ModelLayout.KEY_PER_TENSOR, "")
                .map(m -> m.versions().isEmpty() ? 0 : m.versions().get(0).tensors().size()).orElse(0);
    }

    private static boolean isOpen(ModelsModel model, String name) {
        return model.openModelProperty().get() != null && model.openModelProperty().get().name().equals(name)
                && model.openVersionProperty().get() != null;
    }

    private static <R> R row(List<R> rows, Function<R, String> name, String wanted) {
        return rows.stream().filter(r -> name.apply(r).equals(wanted)).findFirst().orElseThrow();
    }

    /**
     * FX thread: when {@code name} is the detail pane's layer, its values read, its histogram, its heatmap and its
     * percentiles shown (nanoTimes).
     */
    private static CompletableFuture<Long>[] plots(ModelsModel model, Node pane, String name) {
        var detail = model.detail();
        BooleanSupplier mine = () -> detail.tensorProperty().get() != null
                && detail.tensorProperty().get().name().equals(name);
        HistogramPane histogram = (HistogramPane) pane.lookup(".histogram-pane");
        return array(when(mine, detail.tensorProperty()),
                when(() -> mine.getAsBoolean() && histogram.plot().shownProperty().get() != null,
                        detail.tensorProperty(), histogram.plot().shownProperty()),
                heatmapShows(pane.lookup("#values-heatmap"), mine, detail.tensorProperty()),
                when(() -> mine.getAsBoolean() && detail.percentilesProperty().get() != null,
                        detail.tensorProperty(), detail.percentilesProperty()));
    }

    /** FX thread: how long the background steps of the heatmap under {@code pane} took for its picture. */
    private static String buildTimes(Node pane) {
        var frame = ((HeatmapPane) pane.lookup("#values-heatmap")).heatmap().shownProperty().get();
        var t = frame.times();
        return String.format(Locale.ROOT, "range %d + pooling %d + colours %d ms to %d × %d cells",
                ms(t.rangeNanos()), ms(t.poolNanos()), ms(t.paintNanos()), frame.cells().rows(), frame.cells().cols());
    }

    /** FX thread: when the heatmap pane shows a picture (not a provisional one) of the grid it was last given, {@code mine} holding. */
    private static CompletableFuture<Long> heatmapShows(Node node, BooleanSupplier mine, Observable tensor) {
        var heatmap = ((HeatmapPane) node).heatmap();
        return when(() -> mine.getAsBoolean() && heatmap.shownProperty().get() != null
                && !heatmap.shownProperty().get().provisional()
                && heatmap.shownProperty().get().cells().source() == heatmap.getGrid(), tensor,
                heatmap.shownProperty(), heatmap.gridProperty());
    }

    @SafeVarargs
    private static CompletableFuture<Long>[] array(CompletableFuture<Long>... each) {
        return each;
    }

    /** Takes a CPU snapshot named {@code name} when {@code f} completes (on the thread completing it). */
    private static CompletableFuture<Long> marked(String name, CompletableFuture<Long> f) {
        return f.whenComplete((t, e) -> CPU.put(name, CpuShare.now(SERVER_PID)));
    }

    /** The CPU shares between two snapshots. */
    private static String cpu(String end, String start) {
        CpuShare a = CPU.get(start);
        CpuShare b = CPU.get(end);
        return a == null || b == null ? "CPU not sampled" : b.since(a);
    }

    /**
     * Three seconds with nothing to do: the pulse gaps the shared machine alone causes (the other phases are to be
     * read against them).
     */
    private static void idle(String phase, String what) throws InterruptedException {
        Thread.sleep(500);
        long from = System.nanoTime();
        CpuShare before = CpuShare.now(SERVER_PID);
        Thread.sleep(3000);
        long to = System.nanoTime();
        System.out.printf(Locale.ROOT, "IDLE %s: %s%n", what, CpuShare.now(SERVER_PID).since(before));
        GAPS.print(phase, from, to);
    }

    /** With sampling on: where the FX thread spent that time. */
    private static void profile(long from, long to) {
        if (FxSampler.enabled()) {
            System.out.println(FxSampler.profile(from, to, 12));
        }
    }

    private static boolean finished(LayerRow r) {
        return r.stateProperty().get() == LayerRow.State.DONE || r.stateProperty().get() == LayerRow.State.FAILED;
    }

    /** Milliseconds from {@code from} to when {@code f} completed (waiting up to a minute), or "never". */
    private static String after(CompletableFuture<Long> f, long from) {
        try {
            return Long.toString(ms(f.get(1, TimeUnit.MINUTES) - from));
        } catch (Exception e) {
            return "never";
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static <T> T onFx(Callable<T> task) throws Exception {
        return FxThread.call(task, 60);
    }

}
