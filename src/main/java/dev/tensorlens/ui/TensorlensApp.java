package dev.tensorlens.ui;

import dev.tensorlens.StartupOptions;
import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.demo.DemoServer;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.RedisErrors;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.settings.AppDirs;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.common.UiExecutor;
import dev.tensorlens.ui.shell.MainWindow;
import dev.tensorlens.ui.smoke.SmokeRun;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The JavaFX application: builds the context, shows the main window, opens what the command line asked for. */
public final class TensorlensApp extends Application {

    private static final Logger log = LoggerFactory.getLogger(TensorlensApp.class);
    private static volatile StartupOptions startup = new StartupOptions(false, null);
    /** The {@code --smoke} run this process is, if it is one. */
    private static volatile SmokeRun smoke;

    private AppContext context;
    private MainWindow window;
    private volatile DemoServer demo;
    /** The demo server's start under way, if any (see {@link #awaitDemoStart}). */
    private static volatile CompletableFuture<?> demoStarting = CompletableFuture.completedFuture(null);
    /** Set by {@link #stop()}: a demo server that finishes starting after it is closed at once. */
    private boolean stopped;

    /** Starts the toolkit and blocks until the window is closed (or a {@code --smoke} run is over); the exit code. */
    public static int launch(StartupOptions options) {
        startup = options;
        if (options.smoke() == null) {
            Application.launch(TensorlensApp.class);
            awaitDemoStart();
            return 0;
        }
        return SmokeRun.run(options.smoke(), run -> {
            smoke = run;
            Application.launch(TensorlensApp.class);
            awaitDemoStart();
        });
    }

    /**
     * A demo server still starting when the toolkit ends (a smoke run out of time, a window closed at once) is
     * stopped and its folder removed by its starting thread ({@link #keep}); the launcher ends the process with
     * {@code System.exit}, which waits for no thread, so the end of the toolkit waits for that one here (bounded).
     */
    private static void awaitDemoStart() {
        try {
            demoStarting.get(20, TimeUnit.SECONDS);
        } catch (Exception startFailedOrTooSlow) {
            // failed: nothing to stop; too slow: the next demo's start reaps what is left (DemoServer.reapAbandoned)
        }
    }

    /** What the next instance opens at start; for launchers that start the application themselves (tests). */
    static void setStartupOptions(StartupOptions options) {
        startup = options;
    }

    /** The demo server this instance started, if any. */
    DemoServer demoServer() {
        return demo;
    }

    /**
     * FX thread. The window is made on a background thread and shown when it is ready, so the FX thread never holds
     * the cold start's seconds of FXML, CSS and layout; only then does anything touch the session (connecting), since
     * the views made meanwhile are binding to it.
     */
    @Override
    public void start(Stage stage) {
        SmokeRun run = smoke;
        AppDirs dirs = run == null ? AppDirs.forThisMachine() : run.dirs(AppDirs.forThisMachine());
        // Off the FX thread what needs no FX thread: the context (settings and profiles read from disk) and the theme's
        // stylesheets read ahead, so that the FX thread's share before the window exists (the window's model and the
        // theme applied) is a short step of its own.
        CompletableFuture.supplyAsync(() -> {
            Themes.warmUp();
            return AppContext.create(dirs, UiExecutor.fx());
        }, starter()).thenApplyAsync(made -> {
            context = made;
            window = new MainWindow(made);
            return window;
        }, Platform::runLater).thenAcceptAsync(MainWindow::prepare, starter())
                .whenComplete((made, failure) -> Platform.runLater(() -> {
                    if (failure != null) {
                        cannotStart(failure, run);
                    } else {
                        showAndOpen(stage, run);
                    }
                }));
    }

    /**
     * The window could not be made (a broken install: a class or a resource missing). Making it again on this thread
     * would leave the half-made one's listeners behind, so the app says why and ends, as an exception thrown from
     * {@code start} would end it.
     */
    private void cannotStart(Throwable failure, SmokeRun run) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        log.error("The window could not be made", cause);
        System.err.println("Tensorlens could not make its window: " + cause);
        if (run != null) {
            run.failed("the window could not be made: " + cause);
        }
        Platform.exit();
    }

    private void showAndOpen(Stage stage, SmokeRun run) {
        window.show(stage);
        if (run != null) {
            run.follow(window, context.session());
        }
        StartupOptions options = startup;
        if (options.demo()) {
            startDemo();
        } else if (options.uri() != null) {
            try {
                window.open(ConnectionProfile.fromCommandLine(options.uri()));
            } catch (IllegalArgumentException e) {
                context.session().failed("--uri " + options.uri() + ": " + e.getMessage() + ".");
            }
        } else {
            window.openConnectionManager();
        }
    }

    /** Starts the private demo server off the FX thread, fills it, then connects to it. */
    private void startDemo() {
        context.session().preparing("Starting the demo server…");
        DemoSeeder.prepareAsync(context.executors().background()); // trains the demo model while the server starts
        CompletableFuture<DemoServer> starting = CompletableFuture.supplyAsync(() -> {
            try {
                DemoServer server = DemoServer.start(context.dirs().binaryCache());
                if (!keep(server)) {
                    server.close(); // the app ended while the server started (a smoke run out of time)
                    throw new IllegalStateException("the app ended while the demo server started");
                }
                try (RedisSession seeding = RedisSession.open(server.profile()).join()) {
                    DemoSeeder.seed(seeding).join();
                }
                return server;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, demoStarter());
        demoStarting = starting;
        starting.whenComplete((server, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                log.warn("Demo server failed to start", failure);
                context.session().failed(RedisErrors.describe("Starting the demo server", failure));
            } else {
                window.open(server.profile());
            }
        }));
    }

    /**
     * The demo server starts on a thread of its own that is not a daemon: when the app ends while it starts (a smoke
     * run out of time), the JVM waits for it, and {@link #keep} then stops the server and removes its folder. On the
     * workers' daemon threads the JVM could end in the middle, its folder made and no shutdown hook for it yet.
     */
    private static Executor demoStarter() {
        return threadNamed("tensorlens-demo-start");
    }

    /** A start-up step that must not hold the FX thread, each on a thread of its own. */
    private static Executor starter() {
        return threadNamed("tensorlens-start");
    }

    private static Executor threadNamed(String name) {
        return task -> new Thread(task, name).start();
    }

    /** Hands the started demo server to {@link #stop()}; false when the app has stopped already. */
    private synchronized boolean keep(DemoServer server) {
        if (stopped) {
            return false;
        }
        demo = server;
        return true;
    }

    /**
     * The window closed. Nothing here waits on the FX thread: the connection closes and the demo server stops on
     * threads that are not daemons, so the JVM finishes them before it exits.
     */
    @Override
    public void stop() {
        if (context != null) {
            context.close();
        }
        DemoServer server;
        synchronized (this) {
            stopped = true;
            server = demo;
        }
        SmokeRun run = smoke;
        if (server != null && run != null) {
            run.stopAfterwards(server); // stopped before the verdict is printed
        } else if (server != null) {
            new Thread(server::close, "tensorlens-demo-stop").start();
        }
    }
}
