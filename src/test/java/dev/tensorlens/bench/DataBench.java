package dev.tensorlens.bench;

import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.tensor.write.RawBytes;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.data.ArraySummary;
import dev.tensorlens.ui.data.DataModel;
import dev.tensorlens.ui.data.DataView;
import dev.tensorlens.ui.data.ImagePreview;
import dev.tensorlens.ui.data.TablePreview;
import dev.tensorlens.ui.plots.HistogramPane;
import dev.tensorlens.ui.shell.MainWindow;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.image.ImageView;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.tensorlens.bench.FxThread.when;

/**
 * The Data view in the real main window, headless (Monocle), against the goal: a 200 MB cached array previews
 * without an FX-thread stall over 50 ms and with memory bounded by what is shown. The array is what a pipeline caches:
 * {@code np.save} of a float32 batch of 1,000 RGB images 3×128×128 (196.6 MB, one string) with its int64 labels beside.
 * Phases: the view opens it by itself (the grid of the first 64 images, with labels); the summary streams all of it
 * (statistics and every column's); the histogram streams it again; the table pages to its last row; the grid pages on.
 * Each with the FX thread's pulse gaps ({@link PulseGaps}) and the heap after a full GC while the array is open. Run it
 * with a heap smaller than the array ({@code -Xmx160m}) to prove no step holds it whole. Not a JUnit test; see
 * docs/BENCHMARKS.md, "Data view".
 */
public final class DataBench {

    static final String IMAGES = "cache:bench:batch:0:images";
    static final String LABELS = "cache:bench:batch:0:labels";
    static final long[] SHAPE = {1000, 3, 128, 128};

    private static final PulseGaps GAPS = new PulseGaps();
    private static final AtomicLong PEAK_HEAP = new AtomicLong();

    public static void main(String[] args) {
        try {
            bench();
        } catch (Throwable e) {
            e.printStackTrace();
            System.out.println("FAILED: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    private static void bench() throws Exception {
        RedisBinary binary = RedisBinary.locate(Path.of("target/redis-bin"));
        Path servers = Files.createDirectories(Path.of("target/redis-servers"));
        try (RedisProcess redis = RedisProcess.start(binary, Files.createTempDirectory(servers, "data-bench-"), List.of())) {
            long bytes = write(redis.uri());
            System.out.printf(Locale.ROOT, "Redis %s; %s: float32 %s, %.1f MB npy; max heap %d MB; load %s%n",
                    binary.version(), IMAGES, Arrays.toString(SHAPE), bytes / 1e6,
                    Runtime.getRuntime().maxMemory() >> 20, Machine.loadavg());
            FxThread.startHeadless();
            run(redis);
            System.out.println("load at the end: " + Machine.loadavg());
            Machine.printHeapAfterGc();
        } finally {
            Platform.exit();
        }
    }

    /**
     * The batch as np.save writes it — its header, then the data APPENDed 4 MB at a time so the bench itself holds no
     * copy of it — with pixel values in a smooth pattern, so the statistics are not trivial.
     */
    private static long write(String uri) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
            c.setTimeout(Duration.ofMinutes(2));
            byte[] key = IMAGES.getBytes(StandardCharsets.UTF_8);
            byte[] header = NpyWriter.header(DType.FLOAT32, SHAPE);
            c.sync().set(key, header);
            long n = SHAPE[0] * SHAPE[1] * SHAPE[2] * SHAPE[3];
            int chunk = 1 << 20;
            ByteBuffer b = ByteBuffer.allocate(chunk * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < n; ) {
                b.clear();
                for (int k = 0; k < chunk && i < n; k++, i++) {
                    b.putFloat((float) Math.sin(i * 0.001) * 2f);
                }
                c.sync().append(key, Arrays.copyOf(b.array(), b.position()));
            }
            long[] labels = new long[(int) SHAPE[0]];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = (i * 7) % 10;
            }
            c.sync().set(LABELS.getBytes(StandardCharsets.UTF_8),
                    NpyWriter.write(DType.INT64, new long[] {labels.length}, RawBytes.int64(labels)));
            return c.sync().strlen(key);
        } finally {
            client.shutdown();
        }
    }

    private static void run(RedisProcess redis) throws Exception {
        Path home = Files.createTempDirectory("data-bench-home");
        onFx(() -> {
            GAPS.start();
            return null;
        });
        // the window opens on the Browser (a fresh home); the Data view is made and laid out when switched to
        MainWindow window = ViewFrames.window(home);
        Thread.sleep(1000);
        long switched = System.nanoTime();
        long firstFrame = onFx(() -> {
            CompletableFuture<Long> drawn = FxThread.frameDone(window.stage().getScene());
            window.show(ViewId.DATA);
            return drawn;
        }).get(1, TimeUnit.MINUTES);
        GAPS.print("data first layout", switched, firstFrame);
        System.out.printf(Locale.ROOT, "  switched to the Data view (not connected) to its first frame drawn: %d ms%n",
                ms(firstFrame - switched));
        DataView view = onFx(() -> (DataView) window.view(ViewId.DATA));
        DataModel model = view.model();
        Parent root = (Parent) view.root();
        Thread.sleep(500);
        Thread heapWatch = new Thread(DataBench::watchHeap, "heap-watch");
        heapWatch.setDaemon(true);
        heapWatch.start();

        // phase 1: connect; the view opens the labelled image batch by itself and draws its first page
        long t0 = System.nanoTime();
        // the grid's pixels are made off the FX thread after its page is in: the phase waits for them too
        ImageView gridImage = onFx(() -> (ImageView)
                ((Parent) root.lookup("#data-images-grid")).getChildrenUnmodifiable().get(0));
        CompletableFuture<Long> grid = onFx(() -> {
            CompletableFuture<Long> drawn = when(() -> model.images().pageProperty().get() != null
                    && model.labels().labelsProperty().get() != null && gridImage.getImage() != null,
                    model.images().pageProperty(), model.labels().labelsProperty(), gridImage.imageProperty());
            window.open(ConnectionProfile.fromUri(redis.uri()));
            return drawn;
        });
        long drawn = grid.get(2, TimeUnit.MINUTES);
        System.out.printf(Locale.ROOT, "PHASE open: first 64 images with their labels drawn %d ms after connecting%n",
                ms(drawn - t0));
        GAPS.print("data open", t0, drawn);

        // phase 2: the summary streams the whole array (statistics, each column's)
        long summarised = onFx(() -> when(() -> model.summary().phaseProperty().get() == ArraySummary.Phase.DONE,
                model.summary().phaseProperty())).get(5, TimeUnit.MINUTES);
        System.out.printf(Locale.ROOT, "PHASE summary: all %.1f MB streamed %d ms after connecting (%.0f MB/s from the "
                        + "first grid)%n", 4.0 * 1000 * 3 * 128 * 128 / 1e6, ms(summarised - t0),
                4.0 * 1000 * 3 * 128 * 128 / 1e6 / ((summarised - drawn) / 1e9));
        GAPS.print("data summary", drawn, summarised);
        System.out.println("  heap after GC with the summary done: " + heapAfterGc());
        if (FxSampler.enabled()) {
            System.out.println(FxSampler.profile(drawn, summarised, 12));
        }

        // phase 3: the histogram (a second stream) on the Summary tab
        long t3 = System.nanoTime();
        long histogram = onFx(() -> {
            HistogramPane pane = (HistogramPane) root.lookup("#data-histogram");
            CompletableFuture<Long> shown = when(() -> pane.plot().shownProperty().get() != null,
                    pane.plot().shownProperty());
            model.modeProperty().set(DataModel.Mode.SUMMARY);
            // to the frame that draws it: binned before the tab showed, the phase held no pulse at all
            return shown.thenCompose(t -> FxThread.frameDone(window.stage().getScene()));
        }).get(5, TimeUnit.MINUTES);
        System.out.printf(Locale.ROOT, "PHASE histogram: 64 bins of every value drawn %d ms after showing the "
                + "summary%n", ms(histogram - t3));
        GAPS.print("data histogram", t3, histogram);

        // phase 4: the table, paged from the first row to the last (3,000 × 16,384 columns: rows read one window each)
        long t4 = System.nanoTime();
        long paged = pageTable(model);
        System.out.printf(Locale.ROOT, "PHASE table: first page, 5 pages on, last page and back to the first in %d ms%n",
                ms(paged - t4));
        GAPS.print("data table", t4, paged);
        System.out.println("  heap after GC on the table's first page: " + heapAfterGc());
        if (FxSampler.enabled()) {
            System.out.println(FxSampler.profile(t4, paged, 12));
        }

        // phase 5: the grid, paged on five times
        long t5 = System.nanoTime();
        onFx(() -> {
            model.modeProperty().set(DataModel.Mode.IMAGES);
            return null;
        });
        long turned = 0;
        for (int i = 0; i < 5; i++) {
            long before = onFx(() -> model.images().pageProperty().get().first());
            Object pixelsBefore = onFx(gridImage::getImage);
            turned = onFx(() -> {
                CompletableFuture<Long> next = when(() -> model.images().pageProperty().get() != null
                        && model.images().pageProperty().get().first() == before + ImagePreview.PAGE_SAMPLES
                        && gridImage.getImage() != pixelsBefore, model.images().pageProperty(),
                        gridImage.imageProperty());
                model.images().turn(1);
                return next;
            }).get(1, TimeUnit.MINUTES);
        }
        System.out.printf(Locale.ROOT, "PHASE images: five pages of 64 images (12.6 MB each) in %d ms%n", ms(turned - t5));
        GAPS.print("data images", t5, turned);
        System.out.printf(Locale.ROOT, "  heap after GC on the sixth page: %s; highest heap used seen %d MB%n",
                heapAfterGc(), PEAK_HEAP.get() >> 20);
    }

    private static long pageTable(DataModel model) throws Exception {
        onFx(() -> {
            model.modeProperty().set(DataModel.Mode.TABLE);
            return null;
        });
        TablePreview table = model.table();
        long at = waitPage(table, 0, () -> null);
        for (int i = 1; i <= 5; i++) {
            long row = (long) i * TablePreview.PAGE_ROWS;
            at = waitPage(table, row, () -> {
                table.turn(1);
                return null;
            });
        }
        long last = onFx(() -> (table.rowCount() - 1) / TablePreview.PAGE_ROWS * TablePreview.PAGE_ROWS);
        at = waitPage(table, last, () -> {
            table.goToRow(Long.MAX_VALUE);
            return null;
        });
        return waitPage(table, 0, () -> {
            table.goToRow(0);
            return null;
        });
    }

    private static long waitPage(TablePreview table, long firstRow, Callable<Void> action) throws Exception {
        return onFx(() -> {
            CompletableFuture<Long> shown = when(() -> table.pageProperty().get() != null
                    && table.pageProperty().get().firstRow() == firstRow, table.pageProperty());
            action.call();
            return shown;
        }).get(1, TimeUnit.MINUTES);
    }

    private static void watchHeap() {
        while (true) {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            PEAK_HEAP.accumulateAndGet(used, Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String heapAfterGc() throws InterruptedException {
        return (Machine.usedHeapAfterGc() >> 20) + " MB";
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static <T> T onFx(Callable<T> task) throws Exception {
        return FxThread.call(task, 60);
    }
}
