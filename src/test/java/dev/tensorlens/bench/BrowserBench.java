package dev.tensorlens.bench;

import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.ui.browser.BrowserModel;
import dev.tensorlens.ui.browser.BrowserView;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.common.UiExecutor;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.shell.MainWindow;
import dev.tensorlens.settings.AppDirs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real main window, headless (Monocle), opening the Browser on a server holding {@code DEBUG POPULATE n} keys:
 * time to the first rows, time to the complete tree, heap held, and the FX thread's longest pause between two
 * pulses while that happens, then while the one folder holding every key is expanded and scrolled to its end.
 * Not a JUnit test. See docs/BENCHMARKS.md, "Browser". Arguments: [keys] [rounds]
 */
public final class BrowserBench {

    private static volatile boolean sampling;
    private static volatile long lastFrame;
    private static volatile long worstGap;
    /** Every pause over 50 ms since the last reset, in ms: how often the aim is missed, not only the worst. */
    private static final List<Long> longGaps = new java.util.concurrent.CopyOnWriteArrayList<>();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
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
            client.shutdown();
            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            started.await();
            if (Boolean.getBoolean("bench.sample")) {
                startFxSampler();
            }
            for (int round = 1; round <= rounds; round++) {
                System.out.println("round " + round);
                run(redis, n, dir.resolve("home" + round));
            }
        } finally {
            Platform.exit();
        }
    }

    private static void run(RedisProcess redis, int n, Path home) throws Exception {
        long heapBefore = usedHeapAfterGc();
        CompletableFuture<MainWindow> shown = new CompletableFuture<>();
        AnimationTimer pulses = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                if (lastFrame != 0) {
                    worstGap = Math.max(worstGap, t - lastFrame);
                    if (t - lastFrame > 50_000_000L) {
                        longGaps.add((t - lastFrame) / 1_000_000);
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
            model.tree().rows().addListener((javafx.collections.ListChangeListener<Object>) c -> {
                if (firstAt[0] == 0 && !model.tree().rows().isEmpty()) {
                    firstAt[0] = System.nanoTime();
                    firstRows.countDown();
                }
            });
            model.phaseProperty().addListener((obs, old, phase) -> {
                if (phase == BrowserModel.ScanPhase.DONE && model.tree().keyCountProperty().get() >= n) {
                    done.countDown();
                }
            });
            model.tree().keyCountProperty().addListener((obs, old, count) -> {
                if (model.phaseProperty().get() == BrowserModel.ScanPhase.DONE && count.intValue() >= n) {
                    done.countDown();
                }
            });
            resetGaps();
            pulses.start();
            sampling = true;
            System.out.println("  fixed cell size " + ((TableView<?>) window.stage().getScene().lookup("#key-table")).getFixedCellSize());
            window.open(ConnectionProfile.fromUri(redis.uri()));
            return null;
        });
        firstRows.await(60, TimeUnit.SECONDS);
        done.await(120, TimeUnit.SECONDS);
        long doneAt = System.nanoTime();
        sampling = false;
        Thread.sleep(300); // the last rows are built and shown
        long scanGap = worstGap;
        long heapAfter = usedHeapAfterGc();
        System.out.printf("  first rows %6d ms   complete %6d ms   heap held %5.1f MB (%.0f B/key)   longest pulse gap %4d ms%n",
                (firstAt[0] - start) / 1_000_000, (doneAt - start) / 1_000_000, (heapAfter - heapBefore) / 1e6,
                (heapAfter - heapBefore) / (double) n, scanGap / 1_000_000);
        System.out.println("  pulse gaps over 50 ms while scanning: " + longGaps);

        // the worst tree: one folder with every key in it, expanded, then scrolled to the end and back
        resetGaps();
        long expandStart = System.nanoTime();
        CountDownLatch expanded = new CountDownLatch(1);
        onFx(() -> {
            model.tree().rows().addListener((javafx.collections.ListChangeListener<Object>) c -> {
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
        onFx(() -> {
            pulses.stop();
            window.stage().close();
            window.model();
            return null;
        });
        onFx(() -> {
            ((BrowserView) window.view(ViewId.BROWSER)).model().session().close();
            return null;
        });
    }

    /**
     * With {@code -Dbench.sample=true}: samples the FX thread's stack every 5 ms and, at exit, prints the frames
     * of this app and of JavaFX's controls that were on it most often: where a long pulse went.
     */
    private static void startFxSampler() throws Exception {
        Thread fx = onFx(Thread::currentThread);
        java.util.Map<String, Integer> hits = new java.util.concurrent.ConcurrentHashMap<>();
        Thread sampler = new Thread(() -> {
            while (true) {
                if (!sampling) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                StackTraceElement[] stack = fx.getStackTrace();
                java.util.Set<String> seen = new java.util.HashSet<>();
                if (stack.length > 0) {
                    hits.merge("TOP " + stack[0].getClassName() + "." + stack[0].getMethodName(), 1, Integer::sum);
                }
                for (StackTraceElement e : stack) {
                    String c = e.getClassName();
                    if (c.startsWith("dev.tensorlens") || c.startsWith("javafx.scene.control") || c.contains("skin")
                            || c.startsWith("javafx.collections")) {
                        String frame = c + "." + e.getMethodName();
                        if (seen.add(frame)) {
                            hits.merge(frame, 1, Integer::sum);
                        }
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fx-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> hits.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()).limit(40)
                .forEach(e -> System.out.println("  " + e.getValue() + "  " + e.getKey()))));
    }

    private static void resetGaps() {
        longGaps.clear();
        lastFrame = 0;
        worstGap = 0;
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(60, TimeUnit.SECONDS);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
