package dev.tensorlens.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benches report about the machine and this JVM beside their figures. */
final class Machine {

    private Machine() {
    }

    /** Heap in use after three full GCs a tenth of a second apart (what the app holds, not what it dropped). */
    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The line of /proc/loadavg: a figure from a loaded machine is read with it. */
    static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Prints "heap after GC: N MB" (MB of 2^20 bytes), the last line of every frame-time bench. */
    static void printHeapAfterGc() throws InterruptedException {
        System.out.println("heap after GC: " + (usedHeapAfterGc() >> 20) + " MB");
    }
}
