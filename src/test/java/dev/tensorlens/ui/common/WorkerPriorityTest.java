package dev.tensorlens.ui.common;

import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The workers, Lettuce's threads and the JIT compilers give way to the FX thread: on Linux they run at nice 10 (a tenth
 * of a normal thread's share of a busy CPU), the other threads at the normal weight.
 */
class WorkerPriorityTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Test
    void workersAndCompilersRunAtALowerWeightThanTheOtherThreads() throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux only");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/renice")) || Files.isExecutable(Path.of("/bin/renice")),
                "renice installed");
        AppExecutors executors = new AppExecutors();
        try {
            // the renice runs as the worker starts, in a process of its own: wait for it to take effect
            int workerNice = CompletableFuture.supplyAsync(() -> {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                int nice = niceOfThisThread();
                while (nice == 0 && System.nanoTime() < until) {
                    Thread.onSpinWait();
                    nice = niceOfThisThread();
                }
                return nice;
            }, executors.background()).get(20, TimeUnit.SECONDS);
            assertThat(workerNice).as("a worker's nice").isEqualTo(10);
            assertThat(CompletableFuture.supplyAsync(WorkerPriorityTest::niceOfThisThread, executors.timers())
                    .get(10, TimeUnit.SECONDS)).as("a timer thread's nice").isZero();
            assertThat(niceOfThisThread()).as("this thread's").isZero();
            // and the JIT compilers, reniced once as the executors were made
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!compilersNice().stream().allMatch(n -> n == 10) && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(compilersNice()).as("the JIT compiler threads' nice").isNotEmpty().containsOnly(10);
            // and Lettuce's threads of a session opened since, which read and decode the replies
            try (RedisSession session = RedisSession.open(redis.profile()).get(10, TimeUnit.SECONDS)) {
                session.ping().get(10, TimeUnit.SECONDS); // a round trip: the event loop has started
                until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!threadsNice("lettuce-").stream().allMatch(n -> n == 10) && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                assertThat(threadsNice("lettuce-")).as("Lettuce's threads' nice").isNotEmpty().containsOnly(10);
            }
        } finally {
            executors.shutdown();
        }
    }

    /** The nice of each of this JVM's threads whose name starts with {@code prefix}. */
    private static List<Integer> threadsNice(String prefix) {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(task -> {
                try {
                    return Files.readString(task.resolve("comm")).startsWith(prefix);
                } catch (IOException gone) {
                    return false;
                }
            }).map(WorkerPriorityTest::nice).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int niceOfThisThread() {
        return nice(Path.of("/proc/thread-self"));
    }

    /** The nice of each of this JVM's C1 and C2 compiler threads. */
    private static List<Integer> compilersNice() {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(task -> {
                try {
                    return Files.readString(task.resolve("comm")).matches("C[12] CompilerThre.*\\s*");
                } catch (IOException gone) {
                    return false;
                }
            }).map(WorkerPriorityTest::nice).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 19th field of a thread's stat, counted after the thread's name (which may hold spaces). */
    private static int nice(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(after[16]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
