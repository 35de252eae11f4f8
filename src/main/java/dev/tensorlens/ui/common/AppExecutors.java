package dev.tensorlens.ui.common;

import dev.tensorlens.redis.WorkerPriority;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The UI's threads besides the FX thread, made once and handed to the models that need them; {@link #shutdown()}
 * stops all of them at one point when the app closes. Every thread is a daemon, so none of them can hold the
 * JVM open. (The Redis work runs on Lettuce's threads, owned by the session.)
 */
public final class AppExecutors {

    private final ExecutorService background;
    private final ScheduledExecutorService timers;
    private final ExecutorService waiting;
    private final ExecutorService files;

    public AppExecutors() {
        int cores = Runtime.getRuntime().availableProcessors();
        // the workers, Lettuce's threads and the JIT compilers give way to the FX thread when both want a CPU
        // (see WorkerPriority)
        WorkerPriority.forTheWindow();
        ThreadFactory workers = daemon("tensorlens-worker");
        this.background = Executors.newFixedThreadPool(Math.max(2, Math.min(4, cores)),
                task -> workers.newThread(WorkerPriority.lowered(task)));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("tensorlens-timer"));
        this.waiting = Executors.newCachedThreadPool(daemon("tensorlens-task"));
        // Not a daemon, so a settings write queued as the window closes is finished before the JVM exits; with no
        // core thread it holds nothing open once idle for a second.
        this.files = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> new Thread(r, "tensorlens-files"));
    }

    /** CPU work off the FX thread: decoding, statistics, building rows, writing settings. */
    public ExecutorService background() {
        return background;
    }

    /** Periodic and delayed work: the heartbeat, live-update ticks. Keep each run short. */
    public ScheduledExecutorService timers() {
        return timers;
    }

    /** Threads that only wait (the task list's view of a running job); one per listed job. */
    public ExecutorService waiting() {
        return waiting;
    }

    /** Small file writes (settings), one after the other. */
    public ExecutorService files() {
        return files;
    }

    /**
     * Stops every thread without waiting for any: the workers at once (nothing they hold can be lost), the file
     * writer after the writes already queued.
     */
    public void shutdown() {
        background.shutdownNow();
        timers.shutdownNow();
        waiting.shutdownNow();
        files.shutdown();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
