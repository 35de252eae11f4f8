package dev.tensorlens.bench;

import dev.tensorlens.demo.DemoServer;
import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.PersistenceStatus;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.persistence.PersistenceModel;
import dev.tensorlens.ui.persistence.PersistenceView;
import dev.tensorlens.ui.shell.MainWindow;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import org.controlsfx.control.ToggleSwitch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.tensorlens.bench.ViewFrames.ms;
import static dev.tensorlens.bench.ViewFrames.onFx;
import static dev.tensorlens.bench.ViewFrames.phase;
import static dev.tensorlens.bench.ViewFrames.shown;

/**
 * The Persistence view's frame times in the real main window, headless (Monocle), while the server writes GBs: a
 * private redis-server filled by {@code DEBUG POPULATE} with 1 MB strings to the GB asked for, {@code rdbcompression}
 * off, so a {@code BGSAVE} writes them all and takes seconds. One line per phase, {@code "<phase>: longest pulse gap
 * N ms (p99 M ms, …)"} ({@link PulseGaps}), then its wall time: the view's first layout (before connecting),
 * connecting until the master's card shows its status, 5 s of idle status reads, "Save now" clicked until the card
 * shows the snapshot written with its new time, and (unless {@code noaof}) the AOF switch turned on (the server writes
 * the whole data set to the new file) and "Rewrite AOF". The server's folder (the RDB, the AOF) is deleted at the end.
 * Run with {@code -Xmx1g}; {@code -Dbench.sample=true} adds the FX thread's stacks during every gap over 50 ms. Not a
 * JUnit test. Arguments: [GB of data, default 3] [{@code noaof}].
 */
public final class PersistenceViewBench {

    private static final PulseGaps GAPS = new PulseGaps();
    private static final int VALUE_BYTES = 1_000_000;

    public static void main(String[] args) throws Exception {
        double gb = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        boolean aof = !(args.length > 1 && args[1].equals("noaof"));
        int keys = (int) Math.round(gb * 1e9 / VALUE_BYTES);
        RedisBinary binary = RedisBinary.locate(Path.of("target/redis-bin"));
        Path servers = Files.createDirectories(Path.of("target/redis-servers"));
        Path dir = Files.createTempDirectory(servers, "persistence-view-bench-");
        System.out.printf(Locale.ROOT, "Redis %s, JVM max heap %d MB, load %s, %.0f GB free where the server writes%n",
                binary.version(), Runtime.getRuntime().maxMemory() >> 20, Machine.loadavg(),
                Files.getFileStore(dir).getUsableSpace() / 1e9);
        List<String> debug = binary.versionNumber() >= 700 ? List.of("--enable-debug-command", "local") : List.of();
        try (RedisProcess redis = RedisProcess.start(binary, dir, debug)) {
            long fillStart = System.nanoTime();
            populate(redis.uri(), keys);
            System.out.printf(Locale.ROOT, "filled %,d keys × %,d bytes (%.1f GB) in %d ms (DEBUG POPULATE), "
                    + "rdbcompression no%n", keys, VALUE_BYTES, keys * (double) VALUE_BYTES / 1e9,
                    ms(System.nanoTime() - fillStart));
            FxThread.startHeadless();
            run(redis, dir, aof);
            System.out.println("load at the end: " + Machine.loadavg());
        } finally {
            Platform.exit();
            DemoServer.deleteTree(dir);
            System.out.println("deleted " + dir + (Files.exists(dir) ? " (NOT: it is still there)" : ""));
        }
        System.exit(0);
    }

    private static void populate(String uri, int keys) {
        RedisClient client = RedisClient.create(uri);
        client.setDefaultTimeout(Duration.ofMinutes(10));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().configSet("rdbcompression", "no");
            c.sync().dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("POPULATE").add(keys).add("big").add(VALUE_BYTES));
        } finally {
            client.shutdown();
        }
    }

    private static void run(RedisProcess redis, Path dir, boolean aof) throws Exception {
        MainWindow window = ViewFrames.firstLayout(GAPS, "persistence-view-bench-home", ViewId.PERSISTENCE, "persistence");
        Scene scene = onFx(() -> window.stage().getScene());
        long[] t = new long[1]; // each phase's start, set on the FX thread
        PersistenceView view = onFx(() -> (PersistenceView) window.view(ViewId.PERSISTENCE));
        PersistenceModel model = view.model();
        Parent root = (Parent) view.root();
        Thread.sleep(500);

        AtomicInteger reads = new AtomicInteger();
        onFx(() -> {
            model.readAtProperty().addListener((obs, old, at) -> reads.incrementAndGet());
            return null;
        });
        CompletableFuture<Long> status = onFx(() -> {
            CompletableFuture<Long> card = shown(scene, () -> model.phaseProperty().get() == PersistenceModel.Phase.READY
                    && text(root, "#fact-last-save") != null && root.lookup("#persist-cards").isVisible());
            t[0] = System.nanoTime();
            window.open(ConnectionProfile.fromUri(redis.uri()));
            return card;
        });
        long statusAt = status.get(2, TimeUnit.MINUTES);
        phase(GAPS, scene, "persistence connect to status", t[0], statusAt, String.format(Locale.ROOT,
                "the card says \"%s\"; last snapshot %s", onFx(() -> text(root, ".verdict")),
                onFx(() -> text(root, "#fact-last-save"))));

        Thread.sleep(500);
        int readsBefore = reads.get();
        long idleFrom = System.nanoTime();
        Thread.sleep(5000);
        long idleTo = System.nanoTime();
        phase(GAPS, scene, "persistence idle", idleFrom, idleTo, String.format(Locale.ROOT,
                "%d status reads shown in 5 s", reads.get() - readsBefore));
        Thread.sleep(500);

        // the theme switched to dark and back: every view in the window restyled (all are in its scene, hidden)
        CompletableFuture<Long> dark = onFx(() -> {
            t[0] = System.nanoTime();
            window.model().darkThemeProperty().set(true);
            return shown(scene, () -> true);
        });
        long darkAt = dark.get(2, TimeUnit.MINUTES);
        Thread.sleep(500);
        long[] lightFrom = new long[1];
        CompletableFuture<Long> light = onFx(() -> {
            lightFrom[0] = System.nanoTime();
            window.model().darkThemeProperty().set(false);
            return shown(scene, () -> true);
        });
        long lightAt = light.get(2, TimeUnit.MINUTES);
        phase(GAPS, scene, "persistence theme", t[0], lightAt, String.format(Locale.ROOT,
                "dark drawn %d ms after the switch, light again %d ms after switching back",
                ms(darkAt - t[0]), ms(lightAt - lightFrom[0])));
        Thread.sleep(500);

        // Save now: the card shows the snapshot being written, then written with its new time
        Instant lastBefore = onFx(() -> lastSave(model));
        List<String> seen = new ArrayList<>();
        onFx(() -> {
            model.masters().addListener((ListChangeListener<PersistenceStatus>) ch -> {
                String snapshot = text(root, "#fact-snapshot");
                if (snapshot != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(snapshot))) {
                    seen.add(snapshot);
                }
            });
            return null;
        });
        readsBefore = reads.get();
        CompletableFuture<Long>[] save = onFx(() -> {
            CompletableFuture<Long> running = shown(scene, () -> String.valueOf(text(root, "#fact-snapshot"))
                    .startsWith("being written"));
            CompletableFuture<Long> done = shown(scene, () -> !model.busyProperty().get()
                    && model.messageProperty().get().startsWith("Snapshot written")
                    && lastSave(model) != null && !lastSave(model).equals(lastBefore)
                    && !model.masters().get(0).snapshots().inProgress()
                    && String.valueOf(text(root, "#fact-snapshot")).startsWith("the last one"));
            t[0] = System.nanoTime();
            ((Button) root.lookup("#persist-bgsave")).fire();
            return array(running, done);
        });
        long saved = save[1].get(30, TimeUnit.MINUTES);
        long rdb = Files.size(dir.resolve("dump.rdb"));
        phase(GAPS, scene, "persistence bgsave", t[0], saved, String.format(Locale.ROOT,
                "BGSAVE wall time %d ms from the click to the card showing it written (%.2f GB RDB; the server says "
                        + "\"%s\"); shown as running %s ms after the click; %d status reads meanwhile; \"%s\"; last "
                        + "snapshot %s", ms(saved - t[0]), rdb / 1e9, onFx(() -> text(root, "#fact-snapshot")),
                save[0].isDone() ? Long.toString(ms(save[0].join() - t[0])) : "never", reads.get() - readsBefore,
                onFx(() -> model.messageProperty().get()), onFx(() -> text(root, "#fact-last-save"))));
        System.out.println("  snapshot line as the reads showed it: " + String.join(" | ", seen));

        if (aof) {
            Thread.sleep(1000);
            CompletableFuture<Long> on = onFx(() -> {
                CompletableFuture<Long> done = shown(scene, () -> !model.busyProperty().get()
                        && model.messageProperty().get().startsWith("AOF is on")
                        && !model.masters().isEmpty() && model.masters().get(0).appendOnlyFile().enabled()
                        && !model.masters().get(0).appendOnlyFile().rewriteRunning());
                t[0] = System.nanoTime();
                ((ToggleSwitch) root.lookup("#persist-aof")).setSelected(true);
                return done;
            });
            long onAt = on.get(30, TimeUnit.MINUTES);
            phase(GAPS, scene, "persistence aof on", t[0], onAt, String.format(Locale.ROOT,
                    "the switch turned on until the whole data set is in the new file: \"%s\"; %s",
                    onFx(() -> model.messageProperty().get()), aofFiles(dir)));
            Thread.sleep(1000);
            CompletableFuture<Long> rewrite = onFx(() -> {
                CompletableFuture<Long> done = shown(scene, () -> !model.busyProperty().get()
                        && model.messageProperty().get().contains("rewr")
                        && !model.masters().get(0).appendOnlyFile().rewriteRunning());
                t[0] = System.nanoTime();
                ((Button) root.lookup("#persist-rewrite")).fire();
                return done;
            });
            long rewritten = rewrite.get(30, TimeUnit.MINUTES);
            phase(GAPS, scene, "persistence aof rewrite", t[0], rewritten, String.format(Locale.ROOT,
                    "BGREWRITEAOF wall time %d ms: \"%s\"", ms(rewritten - t[0]), onFx(() -> model.messageProperty().get())));
        }

        onFx(() -> {
            GAPS.stop();
            return null;
        });
        System.out.println("heap after GC: " + (Machine.usedHeapAfterGc() >> 20) + " MB");
    }

    private static Instant lastSave(PersistenceModel model) {
        return model.masters().isEmpty() ? null : model.masters().get(0).snapshots().lastSave();
    }

    private static String text(Parent root, String selector) {
        Node n = root.lookup(selector);
        return n instanceof Label l ? l.getText() : null;
    }

    private static String aofFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().contains("appendonly") && Files.isRegularFile(p))
                    .map(p -> {
                        try {
                            return String.format(Locale.ROOT, "%s %.2f GB", p.getFileName(), Files.size(p) / 1e9);
                        } catch (IOException e) {
                            return p.getFileName().toString();
                        }
                    }).reduce((a, b) -> a + ", " + b).orElse("no AOF file");
        } catch (IOException e) {
            return "AOF files unknown";
        }
    }

    @SafeVarargs
    private static CompletableFuture<Long>[] array(CompletableFuture<Long>... each) {
        return each;
    }
}
