package dev.tensorlens.bench;

import javafx.animation.AnimationTimer;

import javax.management.ObjectName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The FX thread's pauses between two pulses, as an {@link AnimationTimer} sees them (which also keeps the pulses
 * coming): every gap is logged with the time it ended, so any stretch of a run can be summed up afterwards, even
 * stretches that overlap. With {@code -Dbench.sample=true} each gap over 50 ms keeps where the FX and render threads
 * were during it ({@link FxSampler}). Each gap over 50 ms says how much CPU the FX thread and the renderer had in it
 * and how long the JVM stood at safepoints then (GC pauses, G1's remark and cleanup, …, from the JVM's own safepoint
 * log, switched on through the DiagnosticCommand MBean): "120 ms @+3400 (FX 95, render 3, JVM paused 12)" is mostly
 * the FX thread's own work; "120 ms (FX 4, render 6)" on a busy machine is waiting for a CPU, which Linux counts
 * ("FX waiting for a CPU N": the FX thread runnable but not running, from {@code /proc/thread-self/schedstat}); on a
 * virtual machine, "stolen by the host N" is time its CPUs did not run at all (from {@code /proc/stat}, to 10 ms).
 */
final class PulseGaps {

    /**
     * A long gap: over 50 ms, the aim. {@code -Dbench.longMs=N} lists (and samples, and accounts for) the gaps
     * over N ms instead, to see what sits just under the aim; the figures are read with the default.
     */
    static final long LONG_MS = Long.getLong("bench.longMs", 50);
    static final long LONG_NANOS = LONG_MS * 1_000_000L;

    /**
     * Where Linux counts the calling thread's time on a CPU and its time runnable but waiting for one (the second of
     * its three numbers, in ns; with schedstats on, as they are by default).
     */
    private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
    /**
     * Where Linux counts, over all CPUs, the time a hypervisor ran something else while this virtual machine had work
     * (the eighth number of the first line, "steal", in ticks of 10 ms): a gap with time stolen is the host's.
     */
    private static final Path STAT = Path.of("/proc/stat");

    /**
     * (end nanoTime, length, FX thread's CPU time, its wait for a CPU, renderer's CPU time) of every gap, in order;
     * guarded by this.
     */
    private long[] ends = new long[4096];
    private long[] lengths = new long[4096];
    private long[] fxCpu = new long[4096];
    private long[] fxWait = new long[4096];
    private long[] renderCpu = new long[4096];
    private long[] stolen = new long[4096];
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long lastFxCpu;
    private long lastFxWait = -1;
    private long lastRenderCpu;
    private long lastSteal = -1;
    private long renderer = -1;
    private int count;
    private final List<String> samples = new ArrayList<>();
    private long last;
    private static boolean meanwhileStarted;
    /** Where the JVM logs its safepoints (every stop of all Java threads: GC pauses, G1's remark and cleanup, …). */
    private final Path safepoints;
    /** {@link System#nanoTime()} when the JVM started, to place the log's times. */
    private final long jvmStart;

    PulseGaps() {
        jvmStart = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000;
        try {
            safepoints = Files.createTempFile("pulse-gaps-safepoints", ".log");
            safepoints.toFile().deleteOnExit();
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "vmLog", new Object[] {new String[] {"output=" + safepoints, "what=safepoint=info",
                            "decorators=uptimenanos"}}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException("cannot log the JVM's safepoints", e);
        }
    }

    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            long t = System.nanoTime();
            long fx = threads.getCurrentThreadCpuTime();
            if (renderer < 0) {
                renderer = Thread.getAllStackTraces().keySet().stream()
                        .filter(r -> r.getName().startsWith("QuantumRenderer")).mapToLong(Thread::getId).findFirst().orElse(0);
            }
            long render = renderer > 0 ? threads.getThreadCpuTime(renderer) : 0;
            long waited = runQueueWait();
            long steal = stolenTicks();
            if (last != 0) {
                add(t, t - last, fx - lastFxCpu, waited < 0 || lastFxWait < 0 ? -1 : waited - lastFxWait,
                        render - lastRenderCpu, steal < 0 || lastSteal < 0 ? 0 : (steal - lastSteal) * 10_000_000L);
            }
            last = t;
            lastFxCpu = fx;
            lastFxWait = waited;
            lastRenderCpu = render;
            lastSteal = steal;
        }
    };

    /** Starts logging; FX thread. */
    void start() {
        if (Meanwhile.enabled() && !meanwhileStarted) {
            meanwhileStarted = true;
            Meanwhile.start(); // -Dbench.meanwhile=true: which other threads ran in each long gap
        }
        last = 0;
        timer.start();
    }

    /** Stops logging; FX thread. */
    void stop() {
        timer.stop();
    }

    /** The calling thread's time runnable but not running, in ns since it started; -1 where Linux does not say. */
    private static long runQueueWait() {
        try {
            String[] fields = Files.readString(SCHEDSTAT).trim().split(" ");
            return Long.parseLong(fields[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The machine's stolen time in ticks of 10 ms, summed over its CPUs; -1 where Linux does not say. */
    private static long stolenTicks() {
        try (var lines = Files.lines(STAT)) {
            String[] fields = lines.findFirst().orElse("").trim().split("\\s+");
            return fields.length > 8 ? Long.parseLong(fields[8]) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private synchronized void add(long end, long length, long fx, long waited, long render, long steal) {
        if (count == ends.length) {
            ends = Arrays.copyOf(ends, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
            fxCpu = Arrays.copyOf(fxCpu, count * 2);
            fxWait = Arrays.copyOf(fxWait, count * 2);
            renderCpu = Arrays.copyOf(renderCpu, count * 2);
            stolen = Arrays.copyOf(stolen, count * 2);
        }
        ends[count] = end;
        lengths[count] = length;
        fxCpu[count] = fx;
        fxWait[count] = waited;
        renderCpu[count] = render;
        stolen[count] = steal;
        count++;
        if (length > LONG_NANOS && FxSampler.enabled()) {
            samples.add(end + "\n" + FxSampler.between(end - length, end));
        }
    }

    /**
     * Prints the line every frame-time bench prints for a phase, "{@code phase}: longest pulse gap N ms (p99 M ms, …)",
     * the one {@link FrameBench} reads.
     */
    void print(String phase, long from, long to) {
        System.out.println(phase + ": " + summary(from, to));
    }

    /**
     * The gaps that ended in ({@code from}, {@code to}], in words: "longest pulse gap N ms (p99 M ms, K pulses; over
     * 50 ms: [75 ms @+1234, …])", the times after {@code from}; with sampling on, the stacks of each long gap follow.
     */
    synchronized String summary(long from, long to) {
        List<Pause> pauses = pauses();
        List<Long> in = new ArrayList<>();
        StringBuilder longOnes = new StringBuilder();
        StringBuilder stacks = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (ends[i] > from && ends[i] <= to) {
                in.add(lengths[i]);
                if (lengths[i] > LONG_NANOS) {
                    longOnes.append(longOnes.length() == 0 ? "" : ", ").append(lengths[i] / 1_000_000)
                            .append(" ms @+").append((ends[i] - from) / 1_000_000);
                    if (Boolean.getBoolean("bench.uptime")) {
                        // where the gap ended in the JVM's uptime, to find it in a flight recording
                        longOnes.append(" up ").append((ends[i] - jvmStart) / 1_000_000);
                    }
                    longOnes.append(" (FX ").append(fxCpu[i] / 1_000_000)
                            .append(fxWait[i] >= 0 ? ", FX waiting for a CPU " + fxWait[i] / 1_000_000 : "")
                            .append(", render ").append(renderCpu[i] / 1_000_000)
                            .append(stolen[i] > 0 ? ", stolen by the host " + stolen[i] / 1_000_000 : "");
                    long paused = pausedWithin(pauses, ends[i] - lengths[i], ends[i]);
                    longOnes.append(paused >= 1_000_000 ? ", JVM paused " + paused / 1_000_000 : "")
                            .append(longPausesWithin(pauses, ends[i] - lengths[i], ends[i]).isEmpty() ? ""
                                    : ":" + longPausesWithin(pauses, ends[i] - lengths[i], ends[i]))
                            .append(Meanwhile.between(ends[i] - lengths[i], ends[i])).append(')');
                    for (String s : samples) {
                        if (s.startsWith(ends[i] + "\n")) {
                            stacks.append("\n    gap of ").append(lengths[i] / 1_000_000).append(" ms @+")
                                    .append((ends[i] - from) / 1_000_000).append(" ms:\n")
                                    .append(s.substring(s.indexOf('\n') + 1));
                        }
                    }
                }
            }
        }
        if (in.isEmpty()) {
            return "no pulse in that time";
        }
        in.sort(null);
        long p99 = in.get(Math.max(0, (int) Math.ceil(in.size() * 0.99) - 1));
        return String.format(Locale.ROOT, "longest pulse gap %d ms (p99 %d ms, %d pulses; JVM paused %d ms; over %d ms: "
                        + "[%s])%s", in.get(in.size() - 1) / 1_000_000, p99 / 1_000_000, in.size(),
                pausedWithin(pauses, from, to) / 1_000_000, LONG_MS, longOnes, stacks);
    }

    /** A safepoint: when it began, how long it lasted, what it was for. */
    private record Pause(long start, long length, String what) {
    }

    /** Every safepoint logged so far. */
    private List<Pause> pauses() {
        List<Pause> all = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(safepoints)) {
                Matcher m = SAFEPOINT.matcher(line);
                if (m.find()) {
                    long end = jvmStart + Long.parseLong(m.group(1));
                    long total = Long.parseLong(m.group(3));
                    all.add(new Pause(end - total, total, m.group(2)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    private static final Pattern SAFEPOINT = Pattern.compile("^\\[(\\d+)ns\\] Safepoint \"([^\"]+)\".*Total: (\\d+) ns");

    /** Nanoseconds the JVM spent at safepoints within [from, to]. */
    private static long pausedWithin(List<Pause> pauses, long from, long to) {
        long sum = 0;
        for (Pause p : pauses) {
            sum += Math.max(0, Math.min(to, p.start() + p.length()) - Math.max(from, p.start()));
        }
        return sum;
    }

    /** The safepoints of over 20 ms within [from, to], by what they were for: " G1PauseRemark 306". */
    private static String longPausesWithin(List<Pause> pauses, long from, long to) {
        StringBuilder b = new StringBuilder();
        for (Pause p : pauses) {
            if (p.length() > 20_000_000 && p.start() < to && p.start() + p.length() > from) {
                b.append(' ').append(p.what()).append(' ').append(p.length() / 1_000_000);
            }
        }
        return b.toString();
    }
}
