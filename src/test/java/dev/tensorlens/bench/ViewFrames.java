package dev.tensorlens.bench;

import dev.tensorlens.settings.AppDirs;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.common.UiExecutor;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.shell.MainWindow;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the frame-time benches of single views share ({@link DatasetsViewBench}, {@link PersistenceViewBench}): the
 * real main window headless, "shown on screen" as the frame that holds a state, and one line per phase.
 *
 * <p>"On screen" is checked after the layout of every pulse (a post-layout pulse listener), so the state is what that
 * pulse's frame draws; the time is taken once the render thread has finished that frame (a 1 × 1 snapshot queued
 * behind it, as {@link HeatmapBench} does).
 */
final class ViewFrames {

    private ViewFrames() {
    }

    /**
     * The real main window in a fresh settings folder under {@code home}, shown on a new stage, made as the app makes
     * it ({@link #made}), its scene prepared on this thread (any thread but the FX thread), then shown.
     */
    static MainWindow window(Path home) throws Exception {
        MainWindow w = made(home);
        w.prepare();
        onFx(() -> {
            w.show(new Stage());
            return null;
        });
        return w;
    }

    /**
     * The main window as the app's start makes it, not prepared yet: the theme's stylesheets read ahead and the context
     * made on this thread (any thread but the FX thread), the window constructed on the FX thread.
     */
    static MainWindow made(Path home) throws Exception {
        Themes.warmUp();
        AppContext context = AppContext.create(new AppDirs(home.resolve("config"), home.resolve("data")),
                UiExecutor.fx());
        return onFx(() -> new MainWindow(context));
    }

    /**
     * The window on a fresh home under a temp folder named {@code prefix}, the pulse gaps logged from then, a second of
     * plain pulses, then {@code view} shown; prints the phase {@code "<name> first layout"} from the switch to the
     * frame that shows the view made, styled and laid out (not connected yet). Any thread but the FX thread.
     */
    static MainWindow firstLayout(PulseGaps gaps, String prefix, ViewId view, String name) throws Exception {
        Path home = Files.createTempDirectory(prefix);
        MainWindow window = window(home);
        Scene scene = onFx(() -> window.stage().getScene());
        onFx(() -> {
            gaps.start();
            CssTrace.attachIfAsked(scene);
            return null;
        });
        Thread.sleep(1000);
        long[] t = new long[1];
        CompletableFuture<Long> laidOut = onFx(() -> {
            t[0] = System.nanoTime();
            window.show(view);
            return shown(scene, () -> true);
        });
        phase(gaps, scene, name + " first layout", t[0], laidOut.get(1, TimeUnit.MINUTES),
                "the view made, styled and laid out (not connected)");
        return window;
    }

    /**
     * FX thread: completes with the nanoTime at which the frame of the first pulse whose layout leaves
     * {@code condition} true has been rendered (a pulse is coming: {@link PulseGaps}' timer asks for every one).
     */
    static CompletableFuture<Long> shown(Scene scene, BooleanSupplier condition) {
        CompletableFuture<Long> at = new CompletableFuture<>();
        boolean[] seen = new boolean[1];
        Runnable[] self = new Runnable[1];
        self[0] = () -> {
            if (seen[0]) {
                return;
            }
            boolean holds;
            try {
                holds = condition.getAsBoolean();
            } catch (RuntimeException e) {
                seen[0] = true;
                at.completeExceptionally(e);
                Platform.runLater(() -> scene.removePostLayoutPulseListener(self[0]));
                return;
            }
            if (holds) {
                seen[0] = true;
                Platform.runLater(() -> {
                    scene.removePostLayoutPulseListener(self[0]);
                    new Rectangle(1, 1).snapshot(null, null); // queued behind this pulse's frame: waits for it
                    at.complete(System.nanoTime());
                });
            }
        };
        scene.addPostLayoutPulseListener(self[0]);
        return at;
    }

    /**
     * The nanoTime of the next pulse's layout from now: by then the pulse gap that held everything before it has been
     * logged (the timer logs a gap at the start of the pulse that ends it), so a phase's summary ends there.
     */
    static long nextPulse(Scene scene) throws Exception {
        CompletableFuture<Long> at = new CompletableFuture<>();
        FxThread.call(() -> {
            Runnable[] self = new Runnable[1];
            self[0] = () -> {
                if (at.complete(System.nanoTime())) {
                    Platform.runLater(() -> scene.removePostLayoutPulseListener(self[0]));
                }
            };
            scene.addPostLayoutPulseListener(self[0]);
            return null;
        }, 60);
        return at.get(60, TimeUnit.SECONDS);
    }

    /**
     * Prints the phase's line, {@code "<phase>: longest pulse gap N ms (p99 M ms, …)"} over ({@code from}, the next
     * pulse], then its wall time ({@code from} to {@code end}) and {@code details}; with sampling on, where the FX
     * thread spent the phase.
     */
    static void phase(PulseGaps gaps, Scene scene, String phase, long from, long end, String details) throws Exception {
        long to = Math.max(end, nextPulse(scene));
        System.out.println(phase + ": " + gaps.summary(from, to));
        System.out.printf(Locale.ROOT, "  %s: wall time %d ms%s%n", phase, (end - from) / 1_000_000,
                details.isEmpty() ? "" : "; " + details);
        if (FxSampler.enabled()) {
            System.out.println(FxSampler.profile(from, to, 12));
        }
    }

    static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    static <T> T onFx(Callable<T> task) throws Exception {
        return FxThread.call(task, 120);
    }
}
