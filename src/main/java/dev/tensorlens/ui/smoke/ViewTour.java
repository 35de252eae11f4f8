package dev.tensorlens.ui.smoke;

import dev.tensorlens.redis.ConnectionState;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.shell.MainWindow;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Walks the main window through every view the way a user does (the navigation buttons), and waits for each to draw
 * its main content without an error banner. All looking happens on the FX thread, a tick every
 * {@value #TICK_MILLIS} ms posted from a timer thread: nothing here ever waits on the FX thread, so the views load
 * exactly as they do for a user.
 */
final class ViewTour {

    static final long TICK_MILLIS = 100;
    /** One view may take this long; a view that needs more is broken even when the whole run has time left. */
    static final long VIEW_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final MainWindow window;
    private final SessionModel session;
    private final SmokeRun run;
    private final ViewId[] views = ViewId.values();
    private final List<String> timings = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tensorlens-smoke-tick");
        t.setDaemon(true);
        return t;
    });
    /** A tick is waiting in the FX queue: don't pile more behind it when the FX thread is busy. */
    private final AtomicBoolean queued = new AtomicBoolean();

    /** -1 while connecting, then the index of the view being waited for. */
    private int current = -1;
    private long stepStarted;
    private boolean over;

    ViewTour(MainWindow window, SessionModel session, SmokeRun run) {
        this.window = window;
        this.session = session;
        this.run = run;
    }

    void start() {
        stepStarted = System.nanoTime();
        // the toolkit's start and the first window: what a user waits for before anything can load
        timings.add("window " + seconds(stepStarted - run.startedNanos()));
        timer.scheduleWithFixedDelay(() -> {
            if (queued.compareAndSet(false, true)) {
                Platform.runLater(this::tick);
            }
        }, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        queued.set(false);
        if (over) {
            return;
        }
        try {
            step();
        } catch (RuntimeException e) {
            // a view that throws while we look at it is a failure to report, not a reason to hang
            fail("looking at the " + stepName() + " failed: " + e);
        }
    }

    private void step() {
        String error = session.lastErrorProperty().get();
        if (error != null) {
            fail((current < 0 ? "connecting to the demo server failed: " : "the " + stepName() + " showed an error: ")
                    + error);
            return;
        }
        long now = System.nanoTime();
        if (current < 0) {
            if (session.stateProperty().get() == ConnectionState.CONNECTED) {
                finishStep(now, "connected");
                show(0);
            } else {
                timedOut(now, "the demo server to start and connect (" + connectionStage() + ")");
            }
            return;
        }
        ViewId id = views[current];
        ViewReadiness readiness = ViewReadiness.of(id);
        Node root = window.view(id).root();
        if (ViewReadiness.shown(root) && readiness.drawn().test(root)) {
            finishStep(now, id.slug());
            if (current + 1 < views.length) {
                show(current + 1);
            } else {
                over = true;
                timer.shutdown();
                run.succeeded(views.length, String.join(", ", timings));
            }
        } else {
            timedOut(now, readiness.waitingFor() + " in the " + stepName());
        }
    }

    /** Presses the view's navigation button, as a click does. */
    private void show(int index) {
        current = index;
        ViewId id = views[index];
        Node button = window.stage().getScene().lookup("#nav-" + id.slug());
        if (!(button instanceof ButtonBase nav)) {
            fail("the navigation has no button for the " + id.title() + " view");
            return;
        }
        nav.fire();
    }

    private void finishStep(long now, String what) {
        timings.add(what + " " + seconds(now - stepStarted));
        stepStarted = now;
    }

    /** Fails, and says so, when the whole run or this step has had its time. */
    private boolean timedOut(long now, String waitingFor) {
        if (run.pastDeadline(now)) {
            fail("timed out after " + run.timeoutText() + " waiting for " + waitingFor);
            return true;
        }
        if (current >= 0 && now - stepStarted > VIEW_TIMEOUT_NANOS) {
            fail("waited " + seconds(VIEW_TIMEOUT_NANOS) + " for " + waitingFor);
            return true;
        }
        return false;
    }

    private String connectionStage() {
        String activity = session.activityProperty().get();
        return activity != null ? activity : session.stateProperty().get().label();
    }

    private String stepName() {
        return current < 0 ? "connection" : views[current].title() + " view";
    }

    private void fail(String reason) {
        over = true;
        timer.shutdown();
        run.failed(reason);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
