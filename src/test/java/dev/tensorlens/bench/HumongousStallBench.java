package dev.tensorlens.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Why reading a 200 MB value freezes the window although no byte of it is touched on the FX thread: a new Java array
 * is zeroed by the thread that allocates it, and under G1 (JDK 17) that happens in one go inside the VM, where the
 * thread cannot stop at a safepoint. Any safepoint asked for meanwhile (a young GC because another thread allocates,
 * a thread dump) waits for the zeroing to end, and every other thread, the FX thread included, waits at it. On fresh
 * heap memory the zeroing also pays the page faults, about 0.5 s for 200 MB on the 2-vCPU test machine.
 *
 * <p>This bench shows it without JavaFX: one thread allocates {@code --mb} MB (default 200) six times, as one array
 * or as {@code --chunks N} arrays, while another allocates 64 KB of garbage in a loop (it asks for young GCs, as the
 * FX thread does while it draws progress) and a third, standing in for the FX thread, sleeps 1 ms in a loop and
 * records its longest gap. Compare collectors with {@code -XX:+UseZGC}, which clears large arrays in segments and
 * lets safepoints in between.
 *
 * <pre>java -cp target/test-classes dev.tensorlens.bench.HumongousStallBench [--mb 200] [--chunks 50]</pre>
 */
public final class HumongousStallBench {

    private static volatile Object kept;
    private static volatile Object garbage;
    private static volatile boolean done;

    private HumongousStallBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        int mb = 200;
        int chunks = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--mb" -> mb = Integer.parseInt(args[i + 1]);
                case "--chunks" -> chunks = Math.max(1, Integer.parseInt(args[i + 1]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String collector = ManagementFactory.getGarbageCollectorMXBeans().get(0).getName();
        System.out.printf(Locale.ROOT, "%d MB as %d array(s) of %d bytes, 6 times; collector %s%n",
                mb, chunks, (long) mb * (1 << 20) / chunks, collector);
        Thread allocator = allocator((long) mb << 20, chunks);
        Thread churn = new Thread(() -> {
            while (!done) {
                garbage = new byte[64 << 10];
                Thread.onSpinWait();
            }
        }, "churn");
        churn.setDaemon(true);
        churn.start();
        allocator.start();
        long longest = 0;
        long last = System.nanoTime();
        while (allocator.isAlive()) {
            Thread.sleep(1);
            long now = System.nanoTime();
            longest = Math.max(longest, now - last);
            last = now;
        }
        done = true;
        System.out.printf(Locale.ROOT, "longest gap of a thread that sleeps 1 ms in a loop: %d ms%n", longest / 1_000_000);
    }

    private static Thread allocator(long bytes, int chunks) {
        return new Thread(() -> {
            for (int round = 0; round < 6; round++) {
                long t0 = System.nanoTime();
                byte[][] parts = new byte[chunks][];
                for (int c = 0; c < chunks; c++) {
                    parts[c] = new byte[(int) (bytes / chunks)];
                }
                kept = parts;
                System.out.printf(Locale.ROOT, "round %d: allocated in %d ms%n", round, (System.nanoTime() - t0) / 1_000_000);
                kept = null;
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "allocator");
    }
}
