package dev.tensorlens.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import com.sun.management.OperatingSystemMXBean;

/**
 * Where the CPU went between two moments, on a machine whose two vCPUs are shared with other builds: how busy the
 * machine was (from {@code /proc/stat}, everyone's work), and how many CPUs this JVM and the bench's redis-server used.
 * Linux only; elsewhere the figures are 0.
 */
record CpuShare(long wallNanos, long machineBusy, long machineTotal, long jvmNanos, long serverTicks) {

    /** Linux's clock ticks per second for {@code /proc} CPU times. */
    private static final double TICKS = 100;

    static CpuShare now(long serverPid) {
        long busy = 0;
        long total = 0;
        long server = 0;
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 1; i < cpu.length; i++) {
                long v = Long.parseLong(cpu[i]);
                total += v;
                busy += i == 4 || i == 5 ? 0 : v; // idle, iowait
            }
            String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            server = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        } catch (Exception e) {
            // not Linux, or the server is gone: zeros
        }
        long jvm = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new CpuShare(System.nanoTime(), busy, total, jvm, server);
    }

    /** "machine 97 % busy; this JVM 1.21 CPUs, redis-server 0.35" since {@code before}. */
    String since(CpuShare before) {
        double wall = (wallNanos - before.wallNanos) / 1e9;
        long total = machineTotal - before.machineTotal;
        return String.format(Locale.ROOT, "machine %.0f %% busy; this JVM %.2f CPUs, redis-server %.2f",
                total == 0 ? 0 : 100.0 * (machineBusy - before.machineBusy) / total,
                (jvmNanos - before.jvmNanos) / 1e9 / wall, (serverTicks - before.serverTicks) / TICKS / wall);
    }
}
