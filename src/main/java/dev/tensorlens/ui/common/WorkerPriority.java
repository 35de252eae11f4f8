package dev.tensorlens.ui.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Background CPU work gives way to the FX thread. On a machine with two CPUs the workers (statistics, decoding, the
 * key index), Lettuce's threads, the collector and the renderer keep both busy while a view opens or reads, and the FX
 * thread then waits for a CPU for much of a long frame (the frame bench counts it: 35-74 ms of gaps of 60-120 ms).
 * Linux shares a CPU by weight: a worker at nice 10 weighs about a tenth of the FX thread at nice 0, so the FX thread
 * runs as soon as it is ready and the workers take what it leaves. Java's thread priorities do not reach Linux's
 * scheduler (only with {@code -XX:ThreadPriorityPolicy=1}, which warns at every start), so each worker renices itself
 * once, with the {@code renice} command, as it starts; on Windows Java's lowest priority does the same. Best effort:
 * where {@code renice} is missing or refuses, the workers run at the normal weight. The JIT compiler threads are
 * lowered the same way ({@link #lowerCompilers}). {@code -Dtensorlens.workerNice=0} turns both off,
 * {@code -Dtensorlens.niceCompilers=false} the compilers' alone (to compare).
 */
final class WorkerPriority {

    private static final Logger log = LoggerFactory.getLogger(WorkerPriority.class);
    private static final int NICE = Integer.getInteger("tensorlens.workerNice", 10);
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private static final AtomicBoolean COMPILERS_LOWERED = new AtomicBoolean();

    private WorkerPriority() {
    }

    /** {@code task}, run on a thread that first lowers its own weight; for a worker thread's factory. */
    static Runnable lowered(Runnable task) {
        return () -> {
            lowerCurrentThread();
            task.run();
        };
    }

    /**
     * Linux: the JVM's JIT compiler threads at the workers' weight too. On two CPUs the C2 compiler is the JVM's largest
     * user of CPU while a view first connects, opens and reads (a third of the Models bench's CPU, 25-64 % of it in
     * its busiest seconds), compiling exactly while the FX thread needs a CPU; compiled a little later, the code runs
     * interpreted or at C1 a little longer. The compilers start with the JVM, so once is enough.
     */
    static void lowerCompilers() {
        if (NICE <= 0 || !LINUX || !Boolean.parseBoolean(System.getProperty("tensorlens.niceCompilers", "true"))
                || COMPILERS_LOWERED.getAndSet(true)) {
            return;
        }
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            List<String> ids = new ArrayList<>();
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")); // "C2 CompilerThre" (cut to 15 characters)
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        ids.add(task.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
            if (!ids.isEmpty()) {
                renice(ids);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("The JIT compilers stay at the normal weight", e);
        }
    }

    private static void renice(List<String> threadIds) throws IOException {
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(NICE), "-p"));
        command.addAll(threadIds);
        new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
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
            renice(List.of(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            log.debug("A worker stays at the normal weight", e);
        }
    }
}
