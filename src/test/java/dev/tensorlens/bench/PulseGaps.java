package dev.tensorlens.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import javafx.animation.AnimationTimer;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The FX thread's pauses between two pulses, as an {@link AnimationTimer} sees them (which also keeps the pulses
 * coming): every gap is logged with the time it ended, so any stretch of a run can be summed up afterwards, even
 * stretches that overlap. With {@code -Dbench.sample=true} each gap over 50 ms keeps where the FX and render threads
 * were during it ({@link FxSampler}). Each gap over 50 ms says how much CPU the FX thread and the renderer had in it
 * and how long the collector paused the JVM then: "120 ms @+3400 (FX 95, render 3, GC 12)" is the FX thread's own
 * work; "120 ms (FX 4, render 6)" on a busy machine is waiting for a CPU.
 */
final class PulseGaps {

    static final long LONG_NANOS = 50_000_000L;

    /** (end nanoTime, length, FX thread's CPU time, renderer's CPU time) of every gap, in order; guarded by this. */
    private long[] ends = new long[4096];
    private long[] lengths = new long[4096];
    private long[] fxCpu = new long[4096];
    private long[] renderCpu = new long[4096];
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long lastFxCpu;
    private long lastRenderCpu;
    private long renderer = -1;
    private int count;
    private final List<String> samples = new ArrayList<>();
    private long last;
    /** (start nanoTime, length) of every GC pause; guarded by this. */
    private final List<long[]> pauses = new ArrayList<>();

    PulseGaps() {
        long jvmStart = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, hb) -> {
                if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                    synchronized (this) {
                        pauses.add(new long[] {jvmStart + info.getStartTime() * 1_000_000, info.getDuration() * 1_000_000});
                    }
                }
            }, null, null);
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
            if (last != 0) {
                add(t, t - last, fx - lastFxCpu, render - lastRenderCpu);
            }
            last = t;
            lastFxCpu = fx;
            lastRenderCpu = render;
        }
    };

    /** Starts logging; FX thread. */
    void start() {
        last = 0;
        timer.start();
    }

    /** Stops logging; FX thread. */
    void stop() {
        timer.stop();
    }

    private synchronized void add(long end, long length, long fx, long render) {
        if (count == ends.length) {
            ends = Arrays.copyOf(ends, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
            fxCpu = Arrays.copyOf(fxCpu, count * 2);
            renderCpu = Arrays.copyOf(renderCpu, count * 2);
        }
        ends[count] = end;
        lengths[count] = length;
        fxCpu[count] = fx;
        renderCpu[count] = render;
        count++;
        if (length > LONG_NANOS && FxSampler.enabled()) {
            samples.add(end + "\n" + FxSampler.between(end - length, end));
        }
    }

    /**
     * The gaps that ended in ({@code from}, {@code to}], in words: "longest pulse gap N ms (p99 M ms, K pulses; over
     * 50 ms: [75 ms @+1234, …])", the times after {@code from}; with sampling on, the stacks of each long gap follow.
     */
    synchronized String summary(long from, long to) {
        List<Long> in = new ArrayList<>();
        StringBuilder longOnes = new StringBuilder();
        StringBuilder stacks = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (ends[i] > from && ends[i] <= to) {
                in.add(lengths[i]);
                if (lengths[i] > LONG_NANOS) {
                    longOnes.append(longOnes.length() == 0 ? "" : ", ").append(lengths[i] / 1_000_000)
                            .append(" ms @+").append((ends[i] - from) / 1_000_000);
                    longOnes.append(" (FX ").append(fxCpu[i] / 1_000_000).append(", render ")
                            .append(renderCpu[i] / 1_000_000);
                    long gc = gcWithin(ends[i] - lengths[i], ends[i]);
                    longOnes.append(gc > 0 ? ", GC " + gc / 1_000_000 : "").append(')');
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
        return String.format(Locale.ROOT, "longest pulse gap %d ms (p99 %d ms, %d pulses; GC paused %d ms; over 50 ms: "
                        + "[%s])%s", in.get(in.size() - 1) / 1_000_000, p99 / 1_000_000, in.size(),
                gcWithin(from, to) / 1_000_000, longOnes, stacks);
    }

    /** Nanoseconds of GC pauses within [from, to]. */
    private long gcWithin(long from, long to) {
        long sum = 0;
        for (long[] p : pauses) {
            sum += Math.max(0, Math.min(to, p[0] + p[1]) - Math.max(from, p[0]));
        }
        return sum;
    }
}
