package dev.tensorlens.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Background CPU work gives way to the FX thread. On a machine with two CPUs the workers (statistics, decoding, the
 * key index), Lettuce's threads, the collector and the renderer keep both busy while a view opens or reads, and the FX
 * thread then waits for a CPU for much of a long frame (the frame bench counts it: 35-74 ms of gaps of 60-120 ms).
 * Linux shares a CPU by weight: a worker at nice 10 weighs about a tenth of the FX thread at nice 0, so the FX thread
 * runs as soon as it is ready and the workers take what it leaves. Java's thread priorities do not reach Linux's
 * scheduler (only with {@code -XX:ThreadPriorityPolicy=1}, which warns at every start), so each worker renices itself
 * once, with the {@code renice} command, as it starts; on Windows Java's lowest priority does the same. Lettuce's
 * threads (reading and decoding replies: 4 MiB ranges, pages of keys) are made the same way, through the session's
 * client resources ({@code LettuceSetup}): a reply the FX thread waits for still comes as soon as a CPU is free, and
 * on two CPUs the Models view's connect and comparison held the FX thread less (longest gaps of three runs each:
 * connect 48-80 ms against 56-116, compare 33-62 against 53-114). Best effort:
 * where {@code renice} is missing or refuses, the workers run at the normal weight. The JIT compiler threads are
 * lowered the same way ({@link #forTheWindow}). Only once the window's executors exist: the command line has no FX
 * thread to give way to, and starts no {@code renice}. {@code -Dtensorlens.workerNice=0} turns it all off,
 * {@code -Dtensorlens.niceCompilers=false} the compilers' part alone (to compare).
 */
public final class WorkerPriority {

    private static final Logger log = LoggerFactory.getLogger(WorkerPriority.class);
    private static final int NICE = Integer.getInteger("tensorlens.workerNice", 10);
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private static final AtomicBoolean COMPILERS_LOWERED = new AtomicBoolean();
    /** Set once by the window's executors ({@link #forTheWindow}); until then threads keep their weight. */
    private static volatile boolean forWindow;
    /** Starts the {@code renice} processes, so that a thread lowering itself (an event loop) does not wait for one. */
    private static final Executor RENICER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tensorlens-renice");
        t.setDaemon(true);
        return t;
    });

    private WorkerPriority() {
    }

    /** {@code task}, run on a thread that first lowers its own weight; for a worker thread's factory. */
    public static Runnable lowered(Runnable task) {
        return () -> {
            lowerCurrentThread();
            task.run();
        };
    }

    /**
     * A window's background threads give way to its FX thread from now on: the workers, Lettuce's threads and the JIT
     * compilers (lowered once, on the renicer's thread: the caller is on the way to the window's first frame).
     */
    public static void forTheWindow() {
        forWindow = true;
        RENICER.execute(WorkerPriority::lowerCompilers);
    }

    /**
     * Linux: the JVM's JIT compiler threads at the workers' weight too. On two CPUs the C2 compiler is the JVM's largest
     * user of CPU while a view first connects, opens and reads (a third of the Models bench's CPU, 25-64 % of it in
     * its busiest seconds), compiling exactly while the FX thread needs a CPU; compiled a little later, the code runs
     * interpreted or at C1 a little longer. The code cache's sweeper goes with them: it frees what the compilers
     * replaced, and ran 12-16 ms in gaps of 64-67 ms of the frame bench at the normal weight. They all start with the
     * JVM, so once is enough.
     */
    private static void lowerCompilers() {
        if (NICE <= 0 || !LINUX || !Boolean.parseBoolean(System.getProperty("tensorlens.niceCompilers", "true"))
                || COMPILERS_LOWERED.getAndSet(true)) {
            return;
        }
        List<String> ids = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")); // "C2 CompilerThre" (cut to 15 characters)
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")
                            || name.startsWith("Sweeper thread")) {
                        ids.add(task.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("The JIT compilers stay at the normal weight", e);
            return;
        }
        if (!ids.isEmpty()) {
            renice(ids, "The JIT compilers stay");
        }
    }

    /** Starts {@code renice} for the threads, on the calling thread; best effort, {@code whatStays} said if not. */
    private static void renice(List<String> threadIds, String whatStays) {
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(NICE), "-p"));
        command.addAll(threadIds);
        try {
            new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException | RuntimeException e) {
            log.debug(whatStays + " at the normal weight", e);
        }
    }

    private static void lowerCurrentThread() {
        if (NICE <= 0 || !forWindow) {
            return;
        }
        Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
        if (!LINUX) {
            return;
        }
        try {
            // /proc/thread-self links to /proc/<pid>/task/<tid>; setpriority(2) takes a thread's id as a process id
            String id = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            RENICER.execute(() -> renice(List.of(id), "A worker stays"));
        } catch (IOException | RuntimeException e) {
            log.debug("A worker stays at the normal weight", e);
        }
    }
}
