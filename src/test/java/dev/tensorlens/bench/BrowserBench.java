package dev.tensorlens.bench;

import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.ui.browser.BrowserModel;
import dev.tensorlens.ui.browser.BrowserView;
import dev.tensorlens.ui.browser.KeyTreeModel;
import dev.tensorlens.ui.browser.value.ValuePhase;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.common.UiExecutor;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.shell.MainWindow;
import dev.tensorlens.settings.AppDirs;
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
import javafx.scene.control.TableView;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real main window, headless (Monocle), opening the Browser on a server holding {@code DEBUG POPULATE n} keys:
 * time to the first rows, time to the complete tree, heap held, and the FX thread's longest pause between two
 * pulses while that happens, then while the one folder holding every key is expanded and scrolled to its end.
 * Then a 200 MB {@code .npy} value: the guard, then Read anyway timed to the decoded tensor.
 * Not a JUnit test. See docs/BENCHMARKS.md, "Browser". Arguments: [keys] [rounds] (later rounds run warm, with the
 * earlier rounds' windows still open).
 */
public final class BrowserBench {

    private static volatile long lastFrame;
    private static volatile long worstGap;
    /** Every pause over 50 ms since the last reset, in ms: how often the aim is missed, not only the worst. */
    private static final List<String> longGaps = new CopyOnWriteArrayList<>();
    /** When the measured phase began: gaps are listed as "length ms @ time since then". */
    private static volatile long phaseStart;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("javafx.cachedir", "target/javafx-cache");
        Path dir = Files.createTempDirectory("browserbench");
        try (RedisProcess redis = RedisProcess.start(RedisBinary.locate(dir.resolve("bin")), dir,
                List.of("--enable-debug-command", "yes"))) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).add("POPULATE").add(n));
                System.out.println("server: " + redis.binary().version() + ", keys: " + c.sync().dbsize());
            }
            writeBigValue(redis);
            client.shutdown();
            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            started.await();
            if (FxSampler.enabled()) {
                FxSampler.start();
            }
            for (int round = 1; round <= rounds; round++) {
                System.out.println("round " + round);
                run(redis, n, dir.resolve("home" + round));
            }
        } finally {
            Platform.exit();
        }
        System.exit(0); // the windows of every round are still open; the JVM is done
    }

    private static void run(RedisProcess redis, int n, Path home) throws Exception {
        long heapBefore = Machine.usedHeapAfterGc();
        CompletableFuture<MainWindow> shown = new CompletableFuture<>();
        AnimationTimer pulses = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                if (lastFrame != 0) {
                    worstGap = Math.max(worstGap, t - lastFrame);
                    if (t - lastFrame > 50_000_000L) {
                        longGaps.add((t - lastFrame) / 1_000_000 + " ms @" + (t - phaseStart) / 1_000_000);
                        if (FxSampler.enabled()) {
                            System.out.println("    gap " + (t - lastFrame) / 1_000_000 + " ms ending at uptime "
                                    + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
                            System.out.println(FxSampler.between(lastFrame, t));
                        }
                    }
                }
                lastFrame = t;
            }
        };
        Platform.runLater(() -> {
            Themes.apply(false);
            AppContext context = AppContext.create(new AppDirs(home.resolve("config"), home.resolve("data")), UiExecutor.fx());
            MainWindow window = new MainWindow(context);
            window.show(new Stage());
            window.show(ViewId.BROWSER);
            shown.complete(window);
        });
        MainWindow window = shown.get(30, TimeUnit.SECONDS);
        BrowserModel model = onFx(() -> ((BrowserView) window.view(ViewId.BROWSER)).model());

        CountDownLatch firstRows = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        long[] firstAt = new long[1];
        long start = System.nanoTime();
        onFx(() -> {
            model.tree().rows().addListener((ListChangeListener<Object>) c -> {
                if (firstAt[0] == 0 && !model.tree().rows().isEmpty()) {
                    firstAt[0] = System.nanoTime();
                    firstRows.countDown();
                }
            });
            model.phaseProperty().addListener((obs, old, phase) -> {
                if (phase == BrowserModel.ScanPhase.DONE && model.tree().keyCountProperty().get() > n) {
                    done.countDown();
                }
            });
            model.tree().keyCountProperty().addListener((obs, old, count) -> {
                if (model.phaseProperty().get() == BrowserModel.ScanPhase.DONE && count.intValue() > n) {
                    done.countDown();
                }
            });
            resetGaps();
            pulses.start();
            System.out.println("  fixed cell size " + ((TableView<?>) window.stage().getScene().lookup("#key-table")).getFixedCellSize());
            window.open(ConnectionProfile.fromUri(redis.uri()));
            return null;
        });
        firstRows.await(60, TimeUnit.SECONDS);
        done.await(120, TimeUnit.SECONDS);
        long doneAt = System.nanoTime();
        Thread.sleep(300); // the last rows are built and shown
        long scanGap = worstGap;
        long heapAfter = Machine.usedHeapAfterGc();
        System.out.printf("  first rows %6d ms   complete %6d ms   heap held %5.1f MB (%.0f B/key)   longest pulse gap %4d ms%n",
                (firstAt[0] - start) / 1_000_000, (doneAt - start) / 1_000_000, (heapAfter - heapBefore) / 1e6,
                (heapAfter - heapBefore) / (double) n, scanGap / 1_000_000);
        System.out.println("  pulse gaps over 50 ms while scanning: " + longGaps);

        // the worst tree: one folder with every key in it, expanded, then scrolled to the end and back
        resetGaps();
        long expandStart = System.nanoTime();
        CountDownLatch expanded = new CountDownLatch(1);
        onFx(() -> {
            model.tree().rows().addListener((ListChangeListener<Object>) c -> {
                if (model.tree().rows().size() > n) {
                    expanded.countDown();
                }
            });
            model.tree().expand("key:".getBytes());
            return null;
        });
        expanded.await(60, TimeUnit.SECONDS);
        long expandMs = (System.nanoTime() - expandStart) / 1_000_000;
        @SuppressWarnings("unchecked")
        TableView<Object> table = onFx(() -> (TableView<Object>) window.stage().getScene().lookup("#key-table"));
        for (int i = 0; i < 5; i++) {
            int target = i % 2 == 0 ? n : 0;
            onFx(() -> {
                table.scrollTo(target);
                table.getSelectionModel().select(target);
                return null;
            });
            Thread.sleep(100);
        }
        System.out.printf("  expand the %d-key folder %5d ms   longest pulse gap while expanding and scrolling %4d ms%n",
                n, expandMs, worstGap / 1_000_000);
        System.out.println("  pulse gaps over 50 ms while expanding and scrolling: " + longGaps);
        openBigValue(window, model);
        onFx(() -> {
            pulses.stop();
            return null;
        });
    }

    static final String BIG_KEY = "big:activations:200mb";

    /** A 200 MB .npy (50 M float32) under one key, written with SETRANGE pieces so no 200 MB command is built. */
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

    /** Opens the 200 MB value: first the guard, then Read anyway, timed to the decoded tensor, pulse gaps measured. */
    private static void openBigValue(MainWindow window, BrowserModel model) throws Exception {
        var value = model.value();
        CountDownLatch guarded = new CountDownLatch(1);
        CountDownLatch shown = new CountDownLatch(1);
        long[] readingAt = new long[1];
        onFx(() -> {
            value.phaseProperty().addListener((obs, old, phase) -> {
                if (phase == ValuePhase.TOO_BIG_ASKS_CONFIRMATION) {
                    guarded.countDown();
                } else if (phase == ValuePhase.DECODING) {
                    readingAt[0] = System.nanoTime();
                } else if (phase == ValuePhase.SHOWN || phase == ValuePhase.FAILED) {
                    shown.countDown();
                }
            });
            model.select(new KeyTreeModel.Row(0, false, BIG_KEY, 1, false, BIG_KEY.getBytes()));
            return null;
        });
        long start = System.nanoTime();
        guarded.await(30, TimeUnit.SECONDS);
        long guardMs = (System.nanoTime() - start) / 1_000_000;
        resetGaps();
        long readStart = System.nanoTime();
        onFx(() -> {
            value.readAnyway();
            return null;
        });
        shown.await(300, TimeUnit.SECONDS);
        long end = System.nanoTime();
        System.out.printf("  200 MB value: guard shown after %d ms; read %d ms, decode + statistics %d ms (%s); longest pulse gap %d ms%n",
                guardMs, (readingAt[0] - readStart) / 1_000_000, (end - readingAt[0]) / 1_000_000,
                onFx(() -> value.phaseProperty().get()), worstGap / 1_000_000);
        System.out.println("  pulse gaps over 50 ms while reading and decoding: " + longGaps);
    }

    private static void resetGaps() {
        phaseStart = System.nanoTime();
        longGaps.clear();
        lastFrame = 0;
        worstGap = 0;
    }

    private static <T> T onFx(Callable<T> task) throws Exception {
        return FxThread.call(task, 60);
    }

}
