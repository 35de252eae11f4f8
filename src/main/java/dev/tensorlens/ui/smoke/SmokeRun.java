package dev.tensorlens.ui.smoke;

import dev.tensorlens.StartupOptions;
import dev.tensorlens.demo.DemoServer;
import dev.tensorlens.settings.AppDirs;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.shell.MainWindow;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@code tensorlens --smoke}: one run of the whole dashboard on the demo server, told in one line. Owns what lives
 * outside the FX thread: the clock, the verdict, the demo server's end, and a watchdog for a toolkit that never
 * answers. The views are walked by {@link ViewTour}.
 */
public final class SmokeRun {

    public static final String OK = "tensorlens smoke ok";
    public static final String FAILED = "tensorlens smoke failed: ";
    /** The exit code of a failed run; 2 stays the command line's code for usage errors. */
    public static final int EXIT_FAILED = 1;

    private static final Logger log = LoggerFactory.getLogger(SmokeRun.class);
    /** How long past the deadline the tour may take to say so itself before the watchdog speaks for it. */
    private static final long GRACE_SECONDS = 10;

    private final StartupOptions.Smoke options;
    private final long started = System.nanoTime();
    private final long deadline;
    /** The one line to print: the first verdict wins (tour, toolkit failure or watchdog). */
    private final CompletableFuture<Verdict> verdict = new CompletableFuture<>();
    private final AtomicBoolean printed = new AtomicBoolean();
    private final PrintStream out;
    private final PrintStream err;
    private volatile DemoServer demo;
    private volatile Path config;

    private record Verdict(boolean ok, String line) {
    }

    private SmokeRun(StartupOptions.Smoke options, PrintStream out, PrintStream err) {
        this.options = options;
        this.deadline = started + options.timeout().toNanos();
        this.out = out;
        this.err = err;
    }

    /**
     * Starts the toolkit through {@code launch} (which returns when it has ended), prints the verdict and returns
     * the exit code. The demo server is stopped before the line is printed, whatever happened.
     */
    public static int run(StartupOptions.Smoke options, Consumer<SmokeRun> launch) {
        SmokeRun run = new SmokeRun(options, System.out, System.err);
        if (options.headless()) {
            var problem = Headless.problem();
            if (problem.isPresent()) {
                return run.print(new Verdict(false, FAILED + problem.get() + "."));
            }
            Headless.use();
        }
        run.startWatchdog();
        try {
            launch.accept(run);
        } catch (RuntimeException e) {
            // no display, no toolkit: Application.launch throws before any window exists
            log.warn("The toolkit did not start", e);
            run.failed("JavaFX did not start: " + e);
        }
        run.failed("the window closed before every view was shown"); // only if nothing was decided
        run.cleanUp();
        return run.print(run.verdict.join());
    }

    /**
     * The folders this run uses: the machine's own for logs and the unpacked redis-server, a temporary one for
     * settings, so that walking every view does not become the user's remembered view.
     */
    public AppDirs dirs(AppDirs machine) {
        try {
            config = Files.createTempDirectory("tensorlens-smoke-config-");
            return new AppDirs(config, machine.data());
        } catch (IOException e) {
            return machine; // an unwritable temp folder is no reason to fail; the settings file just changes
        }
    }

    /** The window is up: walk its views. FX thread. */
    public void follow(MainWindow window, SessionModel session) {
        new ViewTour(window, session, this).start();
    }

    /** The app is ending with this demo server: stopped once the toolkit has ended, before the verdict is told. */
    public void stopAfterwards(DemoServer server) {
        demo = server;
    }

    void succeeded(int views, String timings) {
        decide(new Verdict(true, OK + ": " + views + " views in " + ViewTour.seconds(System.nanoTime() - started)
                + " (" + timings + ")"));
    }

    /** The run failed for {@code reason} (the first verdict holds). */
    public void failed(String reason) {
        decide(new Verdict(false, FAILED + reason + (reason.endsWith(".") ? "" : ".")));
    }

    private void decide(Verdict v) {
        if (verdict.complete(v) && Platform.isFxApplicationThread()) {
            Platform.exit();
        }
    }

    long startedNanos() {
        return started;
    }

    boolean pastDeadline(long now) {
        return now - deadline >= 0;
    }

    String timeoutText() {
        return options.timeout().toSeconds() + " s";
    }

    /**
     * A tour on a stuck FX thread cannot say it timed out. After the deadline and a grace, the watchdog gives the
     * verdict, asks the toolkit to end, and, if it does not, ends the process itself (the demo server's shutdown hook
     * stops the server).
     */
    private void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            long wait = Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
            try {
                verdict.get(wait, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                failed("timed out after " + timeoutText() + ": the window stopped answering");
                try {
                    Platform.exit();
                } catch (RuntimeException toolkitNotThere) {
                    // never started: nothing to end but the process
                }
                try {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(GRACE_SECONDS));
                } catch (InterruptedException stop) {
                    return;
                }
                print(verdict.join());
                System.exit(EXIT_FAILED);
            } catch (Exception e) {
                // decided: nothing to watch
            }
        }, "tensorlens-smoke-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private void cleanUp() {
        DemoServer server = demo;
        if (server != null) {
            server.close();
        }
        Path dir = config;
        if (dir != null) {
            DemoServer.deleteTree(dir);
        }
    }

    /** Prints the verdict once (the watchdog and the main thread may both try) and gives the exit code. */
    private int print(Verdict v) {
        if (printed.compareAndSet(false, true)) {
            (v.ok() ? out : err).println(v.line());
            (v.ok() ? out : err).flush();
        }
        return v.ok() ? 0 : EXIT_FAILED;
    }
}
