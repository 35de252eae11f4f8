package dev.tensorlens.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Who had the CPUs while the FX thread waited for one: with {@code -Dbench.meanwhile=true}, every 10 ms the time on a
 * CPU of each thread of this JVM (the JIT compilers and GC threads too, which Java's own thread list hides) and of
 * every {@code redis-server} and {@code yes} process, from Linux's {@code schedstat}; a long pulse gap then says which
 * of them ran in it ("meanwhile: C2 CompilerThread 24, redis-server 9"). Linux only: elsewhere it says nothing.
 * Reading a few dozen small files every 10 ms costs a little CPU itself: its runs are for finding, not figures.
 */
final class Meanwhile {

    private static final long PERIOD_MS = 10;
    /** Snapshots older than this are dropped. */
    private static final long KEEP_NANOS = 600_000_000_000L;
    /** The threads and processes named in a gap: those that ran at least this long in it. */
    private static final long SHOWN_NANOS = 3_000_000L;
    /** Snapshots between two looks through /proc for the other processes (one a second). */
    private static final long RESCAN_EVERY = 1000 / PERIOD_MS;

    /** (nanoTime, name → ns on a CPU) snapshots, in order. */
    private static final ConcurrentLinkedDeque<Snapshot> SNAPSHOTS = new ConcurrentLinkedDeque<>();
    /** The FX and sampler threads' own task ids: their time is shown elsewhere or is the sampler's own. */
    private static volatile String fxTask = "";

    private record Snapshot(long at, Map<String, Long> running) {
    }

    private Meanwhile() {
    }

    static boolean enabled() {
        return Boolean.getBoolean("bench.meanwhile");
    }

    /** Starts the snapshots; call on the FX thread (its own time is left out: the gap line gives it). */
    static void start() {
        fxTask = threadSelfTask();
        Thread sampler = new Thread(() -> {
            String own = threadSelfTask();
            Map<Path, String> others = Map.of();
            for (long n = 0; ; n++) {
                if (n % RESCAN_EVERY == 0) {
                    others = others();
                }
                long now = System.nanoTime();
                SNAPSHOTS.add(new Snapshot(now, running(own, others)));
                while (!SNAPSHOTS.isEmpty() && now - SNAPSHOTS.peekFirst().at() > KEEP_NANOS) {
                    SNAPSHOTS.pollFirst();
                }
                try {
                    Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "meanwhile-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** ", meanwhile: C2 CompilerThread 24, redis-server 9" for [from, to], or "" when not sampling or none ran. */
    static String between(long from, long to) {
        Snapshot before = null;
        Snapshot after = null;
        for (Snapshot s : SNAPSHOTS) {
            if (s.at() <= from) {
                before = s;
            } else if (s.at() >= to) {
                after = s;
                break;
            }
        }
        if (before == null || after == null) {
            return "";
        }
        List<Map.Entry<String, Long>> ran = new ArrayList<>();
        for (Map.Entry<String, Long> e : after.running().entrySet()) {
            long delta = e.getValue() - before.running().getOrDefault(e.getKey(), 0L);
            if (delta >= SHOWN_NANOS) {
                ran.add(Map.entry(e.getKey(), delta));
            }
        }
        ran.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Long> e : ran) {
            b.append(b.length() == 0 ? ", meanwhile: " : ", ").append(e.getKey()).append(' ')
                    .append(e.getValue() / 1_000_000);
        }
        return b.toString();
    }

    /** Time on a CPU by name: this JVM's threads (numbered ones summed under one name), the other processes whole. */
    private static Map<String, Long> running(String own, Map<Path, String> others) {
        Map<String, Long> byName = new HashMap<>();
        addTasks(Path.of("/proc/self/task"), null, own, byName);
        others.forEach((process, name) -> addTasks(process.resolve("task"), name, own, byName));
        return byName;
    }

    /** The redis-server and yes processes running, by their /proc folder: looked for once a second, not per snapshot. */
    private static Map<Path, String> others() {
        Map<Path, String> found = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : processes) {
                String name = read(p.resolve("comm"));
                if (name.equals("redis-server") || name.equals("yes")) {
                    found.put(p, name);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a process ended while read: found without it
        }
        return found;
    }

    private static void addTasks(Path tasks, String process, String own, Map<String, Long> byName) {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
            for (Path task : all) {
                String id = task.getFileName().toString();
                if (process == null && (id.equals(own) || id.equals(fxTask))) {
                    continue;
                }
                String stat = read(task.resolve("schedstat"));
                if (stat.isEmpty()) {
                    continue;
                }
                String name = process != null ? process : read(task.resolve("comm")).replaceAll("[#\\d]+$", "").trim();
                byName.merge(name, Long.parseLong(stat.substring(0, stat.indexOf(' '))), Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            // gone while read
        }
    }

    private static String threadSelfTask() {
        try {
            return Path.of("/proc/thread-self").toRealPath().getFileName().toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
