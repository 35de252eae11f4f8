package dev.tensorlens.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Collectors;

/**
 * Where the FX thread and the renderer were during a long pulse gap: their stacks sampled every 2 ms (the last
 * 10 minutes kept), summed up per gap by the window benches when run with {@code -Dbench.sample=true}, or over a
 * whole phase ({@link #profile}).
 */
final class FxSampler {

    /** Frames of this app and JavaFX kept per sample: {@code -Dbench.sampleDepth=N}, 4 unless told. */
    private static final int DEPTH = Integer.getInteger("bench.sampleDepth", 4);

    /** (nanoTime, summary) pairs. */
    private static final ConcurrentLinkedDeque<Object[]> SAMPLES = new ConcurrentLinkedDeque<>();
    /** The summaries seen, each kept once: a sample holds a shared one. */
    private static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    private FxSampler() {
    }

    /** Whether {@code -Dbench.sample=true} asked for stack samples. */
    static boolean enabled() {
        return Boolean.getBoolean("bench.sample");
    }

    /** Starts sampling the FX thread's and the renderer's stacks every 2 ms. */
    static void start() throws Exception {
        Thread fx = FxThread.call(Thread::currentThread, 60);
        Thread sampler = new Thread(() -> {
            Thread renderer = null;
            while (true) {
                if (renderer == null) {
                    renderer = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().startsWith("QuantumRenderer")).findFirst().orElse(null);
                }
                long now = System.nanoTime();
                SAMPLES.add(new Object[] {now, once("FX " + summary(fx.getStackTrace()))});
                if (renderer != null) {
                    SAMPLES.add(new Object[] {now, once("RENDER " + summary(renderer.getStackTrace()))});
                }
                while (!SAMPLES.isEmpty() && now - (long) SAMPLES.peekFirst()[0] > 600_000_000_000L) {
                    SAMPLES.pollFirst();
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fx-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static String once(String summary) {
        return SEEN.computeIfAbsent(summary, k -> k);
    }

    /**
     * The innermost frames that say something: the top frame and the first few of this app or JavaFX's controls (or,
     * when there is none, the two frames under the top one).
     */
    private static String summary(StackTraceElement[] stack) {
        if (stack.length == 0) {
            return "-";
        }
        StringBuilder b = new StringBuilder(stack[0].getClassName().replaceAll(".*\\.", "") + "." + stack[0].getMethodName());
        int shown = 0;
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            String frame = " < " + c.replaceAll(".*\\.", "") + "." + e.getMethodName();
            // a recursion (a layout or CSS pass down the scene graph) is one frame
            if ((c.startsWith("dev.tensorlens") || c.startsWith("javafx.scene") || c.contains(".prism.") || c.contains("sg."))
                    && shown < DEPTH && !b.toString().endsWith(frame)) {
                b.append(frame);
                shown++;
            }
        }
        for (int i = 1; shown == 0 && i < Math.min(3, stack.length); i++) {
            b.append(" < ").append(stack[i].getClassName().replaceAll(".*\\.", "")).append('.')
                    .append(stack[i].getMethodName());
        }
        return b.toString();
    }

    /** The {@code n} most frequent FX-thread stacks sampled between two nanoTimes, with their share, indented. */
    static String profile(long from, long to, int n) {
        Map<String, Integer> counts = new TreeMap<>();
        int all = 0;
        for (Object[] sample : SAMPLES) {
            long t = (long) sample[0];
            if (t >= from && t <= to && ((String) sample[1]).startsWith("FX ")) {
                counts.merge((String) sample[1], 1, Integer::sum);
                all++;
            }
        }
        int total = all;
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .map(e -> String.format(Locale.ROOT, "      %4.1f %% %s", 100.0 * e.getValue() / total, e.getKey()))
                .collect(Collectors.joining("\n", "    FX thread, " + total + " samples:\n", ""));
    }

    /** The six most frequent stacks sampled between two nanoTimes, one line each ("12x FX ..."), indented. */
    static String between(long from, long to) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Object[] sample : SAMPLES) {
            long t = (long) sample[0];
            if (t >= from && t <= to) {
                counts.merge((String) sample[1], 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(6)
                .map(e -> "      " + e.getValue() + "x " + e.getKey()).collect(Collectors.joining("\n"));
    }
}
