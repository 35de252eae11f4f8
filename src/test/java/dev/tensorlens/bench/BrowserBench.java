package dev.tensorlens.bench;

import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.settings.AppDirs;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.ui.browser.BrowserModel;
import dev.tensorlens.ui.browser.BrowserView;
import dev.tensorlens.ui.browser.KeyTreeModel;
import dev.tensorlens.ui.browser.value.ValuePhase;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.UiExecutor;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.shell.MainWindow;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.tensorlens.bench.FxThread.frameDone;
import static dev.tensorlens.bench.FxThread.onPulse;
import static dev.tensorlens.bench.FxThread.when;

/**
 * The real main window, headless (Monocle), on the Browser, against a server holding {@code DEBUG POPULATE n} keys
 * and a 200 MB {@code .npy} value. One line per phase, "{@code browser …: longest pulse gap N ms (p99 M ms, …)}"
 * ({@link PulseGaps}), each phase ending with the frame drawn after its last step:
 * <ol>
 * <li>{@code browser first layout}: the window shown on the Browser (not connected) to its first frame;</li>
 * <li>{@code browser views back}: from then until the other views and the hidden parts of every view, set aside
 * while the window first restyled its scene, are back in it (one per frame), drawn;</li>
 * <li>{@code browser connect to first rows}: connecting to the first rows in the key table, drawn;</li>
 * <li>{@code browser scan}: from then to the complete tree (scan done, every key counted), drawn;</li>
 * <li>{@code browser expand}: the one folder holding all n keys expanded, drawn;</li>
 * <li>{@code browser jump}: top ↔ bottom five times, then ten jumps to random rows, each to its frame;</li>
 * <li>{@code browser keyboard}: the table at its top, focused, PAGE_DOWN × 20, END, HOME, DOWN × 20, one key per
 * pulse;</li>
 * <li>{@code browser big value}: the 200 MB value's Read anyway to its decoded tensor with statistics, drawn.</li>
 * </ol>
 * Then the heap after GC ("{@code heap after GC: N MB}"). The key table may be the plain {@code TableView} holding the
 * whole listing, or a windowed one (a {@code #key-table} holding the rows on screen and a {@code #key-scroll}
 * {@link ScrollBar} over the whole listing): the jumps move whichever there is. Not a JUnit test; see
 * docs/BENCHMARKS.md, "Frame-time bench" and "Browser". Arguments: [keys] [rounds] (later rounds run warm, with the
 * earlier rounds' windows still open).
 */
public final class BrowserBench {

    static final String BIG_KEY = "big:activations:200mb";
    private static final PulseGaps GAPS = new PulseGaps();

    public static void main(String[] args) {
        try {
            bench(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.out.println("FAILED: " + e);
            System.exit(1);
        }
        System.exit(0); // the windows of every round are still open; the JVM is done
    }

    private static void bench(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        System.out.printf(Locale.ROOT, "keys %d, rounds %d; max heap %d MB; load %s%n", n, rounds,
                Runtime.getRuntime().maxMemory() >> 20, Machine.loadavg());
        Path dir = Files.createTempDirectory("browserbench");
        try (RedisProcess redis = RedisProcess.start(RedisBinary.locate(dir.resolve("bin")), dir,
                List.of("--enable-debug-command", "yes"))) {
            long start = System.nanoTime();
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.setTimeout(Duration.ofMinutes(30)); // DEBUG POPULATE of 10 M keys takes a while
                c.sync().dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).add("POPULATE").add(n));
                System.out.printf(Locale.ROOT, "server: %s, keys: %d (populated in %.1f s)%n",
                        redis.binary().version(), c.sync().dbsize(), (System.nanoTime() - start) / 1e9);
            }
            writeBigValue(redis);
            client.shutdown();
            FxThread.startHeadless();
            onFx(() -> {
                GAPS.start();
                return null;
            });
            for (int round = 1; round <= rounds; round++) {
                System.out.println("round " + round);
                run(redis, n, dir.resolve("home" + round));
            }
            onFx(() -> {
                GAPS.stop();
                return null;
            });
            System.out.println("load at the end: " + Machine.loadavg());
            Machine.printHeapAfterGc();
        } finally {
            Platform.exit();
        }
    }

    private static void run(RedisProcess redis, int n, Path home) throws Exception {
        // seconds for the slow steps: the scan of 10 M keys took 7.5 min on the shared two vCPUs at load 5-7
        long budget = 120 + n / 5_000;
        long heapBefore = Machine.usedHeapAfterGc();
        Thread.sleep(300); // a few plain pulses before the window

        // browser first layout: the window made as the app makes it (the theme read ahead and the context made off the
        // FX thread, the window constructed on it, its scene prepared on a background thread, here this one, then shown
        // on the FX thread) on the Browser, to its first frame
        long shownAt = System.nanoTime();
        MainWindow window = ViewFrames.made(home);
        window.prepare();
        long preparedAt = System.nanoTime();
        CompletableFuture<Long> drawn = onFx(() -> {
            window.show(new Stage());
            window.show(ViewId.BROWSER);
            CssTrace.attachIfAsked(window.stage().getScene());
            return frameDone(window.stage().getScene());
        });
        long firstFrame = drawn.get(60, TimeUnit.SECONDS);
        GAPS.print("browser first layout", shownAt, firstFrame);
        System.out.printf(Locale.ROOT, "  window made off the FX thread in %d ms, then shown to its first frame drawn in "
                + "%d ms (%d ms in all)%n", ms(preparedAt - shownAt), ms(firstFrame - preparedAt), ms(firstFrame - shownAt));
        // browser views back: the other views and the hidden parts of every view, set aside while the window first
        // restyled its scene, back in it one per frame (each restyled then), to the frame after the last
        CompletableFuture<Long> back = onFx(() -> onPulse(window::allInScene)
                .thenCompose(t -> frameDone(window.stage().getScene())));
        long backAt = back.get(60, TimeUnit.SECONDS);
        GAPS.print("browser views back", firstFrame, backAt);
        System.out.printf(Locale.ROOT, "  every view back in the window's scene %d ms after its first frame%n",
                ms(backAt - firstFrame));
        Scene scene = onFx(() -> window.stage().getScene());
        BrowserModel model = onFx(() -> ((BrowserView) window.view(ViewId.BROWSER)).model());
        @SuppressWarnings("unchecked")
        TableView<Object> table = onFx(() -> (TableView<Object>) scene.lookup("#key-table"));
        System.out.println("  key table: " + onFx(() -> scene.lookup("#key-scroll") instanceof ScrollBar
                ? "windowed (#key-scroll)" : "plain TableView") + ", fixed cell size " + table.getFixedCellSize());
        Thread.sleep(500);

        // browser connect to first rows, then browser scan to the complete tree
        long[] firstRowsAt = new long[1];
        CompletableFuture<Long>[] watch = onFx(() -> {
            model.tree().rows().addListener((ListChangeListener<Object>) c -> {
                if (firstRowsAt[0] == 0 && !model.tree().rows().isEmpty()) {
                    firstRowsAt[0] = System.nanoTime();
                }
            });
            CompletableFuture<Long> rowsShown = onPulse(() -> !table.getItems().isEmpty())
                    .thenCompose(t -> frameDone(scene));
            CompletableFuture<Long> complete = when(() -> model.phaseProperty().get() == BrowserModel.ScanPhase.DONE
                    && model.tree().keyCountProperty().get() > n, model.phaseProperty(),
                    model.tree().keyCountProperty());
            CompletableFuture<Long> completeShown = complete.thenCompose(t -> frameDone(scene));
            window.open(ConnectionProfile.fromUri(redis.uri()));
            return array(System.nanoTime(), rowsShown, complete, completeShown);
        });
        long connectAt = watch[0].get();
        long rowsShown = watch[1].get(budget, TimeUnit.SECONDS);
        GAPS.print("browser connect to first rows", connectAt, rowsShown);
        long complete = watch[2].get(budget, TimeUnit.SECONDS);
        long completeShown = watch[3].get(60, TimeUnit.SECONDS);
        GAPS.print("browser scan", rowsShown, completeShown);
        System.out.printf(Locale.ROOT, "  first rows in the model %d ms, on screen %d ms, complete tree %d ms after "
                        + "connecting%n", ms(firstRowsAt[0] - connectAt), ms(rowsShown - connectAt),
                ms(complete - connectAt));
        Thread.sleep(300);
        long heapListed = Machine.usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "heap after GC with the tree listed: %d MB (the listing holds %d MB, %.0f B/key)%n",
                heapListed >> 20, (heapListed - heapBefore) >> 20, (heapListed - heapBefore) / (double) n);
        Thread.sleep(500);

        // browser expand: the worst tree, one folder with every key in it
        CompletableFuture<Long>[] expanding = onFx(() -> {
            CompletableFuture<Long> listed = when(() -> model.tree().rows().size() > n, model.tree().rows());
            CompletableFuture<Long> shown = listed.thenCompose(t -> frameDone(scene));
            long at = System.nanoTime();
            model.tree().expand("key:".getBytes());
            return array(at, listed, shown);
        });
        long expandAt = expanding[0].get();
        long expanded = expanding[1].get(budget, TimeUnit.SECONDS);
        long expandShown = expanding[2].get(60, TimeUnit.SECONDS);
        GAPS.print("browser expand", expandAt, expandShown);
        System.out.printf(Locale.ROOT, "  expand the %d-key folder: rows listed %d ms, drawn %d ms%n", n,
                ms(expanded - expandAt), ms(expandShown - expandAt));
        Thread.sleep(500);

        jump(scene, table);
        Thread.sleep(500);
        keyboard(scene, table);
        Thread.sleep(500);
        openBigValue(scene, model);
    }

    /** Browser jump: top ↔ bottom five times, then ten random rows, each jump waited to its frame. */
    private static void jump(Scene scene, TableView<Object> table) throws Exception {
        Node bar = onFx(() -> scene.lookup("#key-scroll"));
        ScrollBar scroll = bar instanceof ScrollBar s ? s : null;
        Random random = new Random(42);
        List<Double> targets = new ArrayList<>(); // fractions of the whole listing
        for (int i = 0; i < 5; i++) {
            targets.add(1.0);
            targets.add(0.0);
        }
        for (int i = 0; i < 10; i++) {
            targets.add(random.nextDouble());
        }
        long from = System.nanoTime();
        long slowest = 0;
        long to = from;
        for (double f : targets) {
            long[] at = new long[1];
            CompletableFuture<Long> drawn = onFx(() -> {
                CompletableFuture<Long> frame = frameDone(scene);
                at[0] = System.nanoTime();
                if (scroll != null) {
                    scroll.setValue(scroll.getMin() + f * (scroll.getMax() - scroll.getMin()));
                } else {
                    table.scrollTo((int) Math.round(f * (table.getItems().size() - 1)));
                }
                return frame;
            });
            to = drawn.get(60, TimeUnit.SECONDS);
            slowest = Math.max(slowest, to - at[0]);
            Thread.sleep(50);
        }
        GAPS.print("browser jump", from, to);
        System.out.printf(Locale.ROOT, "  %d jumps (%s), slowest to its frame %d ms%n", targets.size(),
                scroll != null ? "#key-scroll's value" : "TableView.scrollTo", ms(slowest));
    }

    /** Browser keyboard: the table focused, its keys fired at it one per pulse, as a held key would. */
    private static void keyboard(Scene scene, TableView<Object> table) throws Exception {
        List<KeyCode> keys = new ArrayList<>();
        keys.addAll(Collections.nCopies(20, KeyCode.PAGE_DOWN));
        keys.add(KeyCode.END);
        keys.add(KeyCode.HOME);
        keys.addAll(Collections.nCopies(20, KeyCode.DOWN));
        StringBuilder log = new StringBuilder();
        // from the top: TableView's PAGE_DOWN first moves the focus to the last row on screen, wherever that is
        onFx(() -> {
            CompletableFuture<Long> drawn = frameDone(scene);
            if (scene.lookup("#key-scroll") instanceof ScrollBar scroll) {
                scroll.setValue(scroll.getMin());
            } else {
                table.scrollTo(0);
            }
            table.requestFocus();
            table.getSelectionModel().select(0);
            table.getFocusModel().focus(0);
            return drawn;
        }).get(60, TimeUnit.SECONDS);
        Thread.sleep(500);
        CompletableFuture<Long>[] pressed = onFx(() -> {
            CompletableFuture<Long> last = new CompletableFuture<>();
            CompletableFuture<Long> drawn = last.thenCompose(t -> frameDone(scene));
            long at = System.nanoTime();
            new AnimationTimer() {
                private int next;

                @Override
                public void handle(long now) {
                    KeyCode key = keys.get(next++);
                    Event.fireEvent(table, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", key, false, false, false, false));
                    Event.fireEvent(table, new KeyEvent(KeyEvent.KEY_RELEASED, "", "", key, false, false, false, false));
                    if (key != keys.get(Math.min(next, keys.size() - 1)) || next == keys.size()) {
                        log.append(' ').append(key).append("→").append(table.getFocusModel().getFocusedIndex());
                    }
                    if (next == keys.size()) {
                        stop();
                        last.complete(System.nanoTime());
                    }
                }
            }.start();
            return array(at, drawn);
        });
        long from = pressed[0].get();
        long to = pressed[1].get(2, TimeUnit.MINUTES);
        GAPS.print("browser keyboard", from, to);
        System.out.printf(Locale.ROOT, "  %d keys in %d ms; focused row after each run of keys:%s (of %d rows in the "
                + "table)%n", keys.size(), ms(to - from), log, onFx(() -> table.getItems().size()));
    }

    /** A 200 MB .npy (50 M float32) under one key, written with APPENDed pieces so no 200 MB command is built. */
    private static void writeBigValue(RedisProcess redis) {
        int n = 50_000_000;
        byte[] header = NpyWriter.header(DType.FLOAT32, new long[] {n});
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
            byte[] key = BIG_KEY.getBytes();
            c.sync().set(key, header);
            int chunkValues = 1 << 20;
            ByteBuffer chunk = ByteBuffer.allocate(chunkValues * 4).order(ByteOrder.LITTLE_ENDIAN);
            Random r = new Random(1);
            for (int done = 0; done < n; done += chunkValues) {
                chunk.clear();
                int count = Math.min(chunkValues, n - done);
                for (int i = 0; i < count; i++) {
                    chunk.putFloat((float) r.nextGaussian());
                }
                byte[] bytes = Arrays.copyOf(chunk.array(), count * 4);
                c.sync().append(key, bytes);
            }
            System.out.println("big value: " + c.sync().strlen(key) / 1_000_000 + " MB under " + BIG_KEY);
        }
        client.shutdown();
    }

    /** Browser big value: first the guard (not a phase), then Read anyway to the decoded tensor on screen. */
    private static void openBigValue(Scene scene, BrowserModel model) throws Exception {
        var value = model.value();
        long[] readingAt = new long[1];
        CompletableFuture<Long>[] guard = onFx(() -> {
            CompletableFuture<Long> guarded = when(() -> value.phaseProperty().get()
                    == ValuePhase.TOO_BIG_ASKS_CONFIRMATION, value.phaseProperty());
            value.phaseProperty().addListener((obs, old, phase) -> {
                if (phase == ValuePhase.DECODING) {
                    readingAt[0] = System.nanoTime();
                }
            });
            long at = System.nanoTime();
            model.select(new KeyTreeModel.Row(0, false, BIG_KEY, 1, false, BIG_KEY.getBytes()));
            return array(at, guarded);
        });
        long guardMs = ms(guard[1].get(30, TimeUnit.SECONDS) - guard[0].get());
        Thread.sleep(500);
        CompletableFuture<Long>[] read = onFx(() -> {
            CompletableFuture<Long> done = when(() -> value.phaseProperty().get() == ValuePhase.SHOWN
                    || value.phaseProperty().get() == ValuePhase.FAILED, value.phaseProperty());
            CompletableFuture<Long> drawn = done.thenCompose(t -> frameDone(scene));
            long at = System.nanoTime();
            value.readAnyway();
            return array(at, done, drawn);
        });
        long readStart = read[0].get();
        long shown = read[1].get(5, TimeUnit.MINUTES);
        long drawn = read[2].get(60, TimeUnit.SECONDS);
        GAPS.print("browser big value", readStart, drawn);
        System.out.printf(Locale.ROOT, "  200 MB value: guard shown after %d ms; read %d ms, decode + statistics %d ms "
                        + "(%s), drawn %d ms after Read anyway%n", guardMs, ms(readingAt[0] - readStart),
                ms(shown - readingAt[0]), onFx(() -> value.phaseProperty().get()), ms(drawn - readStart));
    }

    /** A start time beside the futures that end a phase: all completed with nanoTimes. */
    @SafeVarargs
    private static CompletableFuture<Long>[] array(long start, CompletableFuture<Long>... each) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] all = new CompletableFuture[each.length + 1];
        all[0] = CompletableFuture.completedFuture(start);
        System.arraycopy(each, 0, all, 1, each.length);
        return all;
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Long> future(Object o) {
        return (CompletableFuture<Long>) o;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static <T> T onFx(Callable<T> task) throws Exception {
        return FxThread.call(task, 60);
    }
}
