package dev.tensorlens.ui.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Background CPU work gives way to the FX thread. On a machine with two CPUs the workers (statistics, decoding, the
 * key index), Lettuce's threads, the collector and the renderer keep both busy while a view opens or reads, and the FX
 * thread then waits for a CPU for much of a long frame (the frame bench counts it: 35-74 ms of gaps of 60-120 ms).
 * Linux shares a CPU by weight: a worker at nice 10 weighs about a tenth of the FX thread at nice 0, so the FX thread
 * runs as soon as it is ready and the workers take what it leaves. Java's thread priorities do not reach Linux's
 * scheduler (only with {@code -XX:ThreadPriorityPolicy=1}, which warns at every start), so each worker renices itself
 * once, with the {@code renice} command, as it starts; on Windows Java's lowest priority does the same. Best effort:
 * where {@code renice} is missing or refuses, the workers run at the normal weight. {@code -Dtensorlens.workerNice=0}
 * turns it off (to compare).
 */
final class WorkerPriority {

    private static final Logger log = LoggerFactory.getLogger(WorkerPriority.class);
    private static final int NICE = Integer.getInteger("tensorlens.workerNice", 10);
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT)
            .contains("linux");

    private WorkerPriority() {
    }

    /** {@code task}, run on a thread that first lowers its own weight; for a worker thread's factory. */
    static Runnable lowered(Runnable task) {
        return () -> {
            lowerCurrentThread();
            task.run();
        };
    }

    private static void lowerCurrentThread() {
        if (NICE <= 0) {
            return;
        }
        Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
        if (!LINUX) {
            return;
        }
        try {
            // /proc/thread-self links to /proc/<pid>/task/<tid>; setpriority(2) takes a thread's id as a process id
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException | RuntimeException e) {
            log.debug("A worker stays at the normal weight", e);
        }
    }
}
