package dev.tensorlens.bench;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.Histogram;
import dev.tensorlens.tensor.stats.TensorStats;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A companion to {@link TensorStatsBench} for a shared machine: times the same work by the thread's CPU time as
 * well as by the wall clock, so other processes competing for the two cores show up as the gap between the two
 * instead of silently lowering the figure. Run: java -cp ... dev.tensorlens.bench.TensorStatsCpuTime [rounds]
 */
public final class TensorStatsCpuTime {

    private TensorStatsCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        TensorStatsBench bench = new TensorStatsBench();
        bench.fill();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long bytes = (long) TensorStatsBench.ELEMENTS * Float.BYTES;
        for (int r = 0; r < rounds; r++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            Histogram h = bench.statsAndHistogram();
            long wall = System.nanoTime() - wall0;
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            System.out.printf("round %2d: wall %6.1f ms (%.2f GB/s), cpu %6.1f ms (%.2f GB/s, %.0f Melem/s) [%d]%n",
                    r, wall / 1e6, bytes / (double) wall, cpu / 1e6, bytes / (double) cpu,
                    TensorStatsBench.ELEMENTS * 1e3 / cpu, h.binnedCount());
        }
    }
}
