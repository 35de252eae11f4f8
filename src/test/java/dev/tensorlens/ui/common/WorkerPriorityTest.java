package dev.tensorlens.ui.common;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The workers give way to the FX thread: on Linux each runs at nice 10 (a tenth of a normal thread's share of a busy
 * CPU), the threads that are not workers at the normal weight.
 */
class WorkerPriorityTest {

    @Test
    void workersRunAtALowerWeightThanTheOtherThreads() throws Exception {
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
        } finally {
            executors.shutdown();
        }
    }

    /** The 19th field of /proc/thread-self/stat, counted after the thread's name (which may hold spaces). */
    private static int niceOfThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(after[16]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
