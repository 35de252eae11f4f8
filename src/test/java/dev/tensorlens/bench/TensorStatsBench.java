package dev.tensorlens.bench;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.Histogram;
import dev.tensorlens.tensor.stats.TensorStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Decode + statistics + histogram of 64 M float32 (256 MB little-endian), on one thread. Each operation is
 * the whole tensor, so bytes/s = 268,435,456 / (seconds per operation). See docs/BENCHMARKS.md for the command.
 * Not a JUnit test: surefire finds no tests here and does not run it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class TensorStatsBench {

    static final int ELEMENTS = 64 * 1024 * 1024;

    private byte[] bytes;

    @Setup(Level.Trial)
    public void fill() {
        bytes = new byte[ELEMENTS * Float.BYTES];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < ELEMENTS; i++) {
            // weights-like: normal around 0, some exact zeros, a rare NaN so the special-value path is present
            float v = (float) (random.nextDouble() < 0.05 ? 0 : gaussian(random) * 0.02);
            b.putFloat(i * Float.BYTES, i % 1_000_003 == 0 ? Float.NaN : v);
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(1e-300, 1);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private Tensor decode() {
        return Tensor.view("w", DType.FLOAT32, new long[] {ELEMENTS}, bytes, 0);
    }

    /** What the dashboard does when a layer is opened: view, summary, 64-bin histogram. */
    @Benchmark
    public Histogram statsAndHistogram() {
        Tensor t = decode();
        TensorStats s = TensorStats.of(t);
        return Histogram.linear(t, s, Histogram.DEFAULT_BINS);
    }

    /** The summary pass alone. */
    @Benchmark
    public TensorStats statsOnly() {
        return TensorStats.of(decode());
    }

    /** The histogram pass alone (range already known). */
    @Benchmark
    public Histogram histogramOnly(RangeState range) {
        return Histogram.linear(decode(), range.stats, Histogram.DEFAULT_BINS);
    }

    /** The statistics the histogram pass needs, computed once outside the measurement. */
    @State(Scope.Benchmark)
    public static class RangeState {
        TensorStats stats;

        @Setup(Level.Trial)
        public void compute(TensorStatsBench bench) {
            stats = TensorStats.of(bench.decode());
        }
    }
}
