package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The float32 figures from the vector lanes (whole blocks of finite values) against a plain loop over the
 * values: min and max to the bit (-0.0 below +0.0, as the float32 kernel has always ordered them), zeros, the
 * smallest non-zero magnitude, the NaN and Inf counts; on data shaped to reach every branch of the fold (no
 * negative value, no non-negative one, only zeros, subnormals, the float32 extremes, blocks with a NaN or an Inf
 * between finite ones), read whole, in pieces cut anywhere and merged.
 */
class FloatLanesTest {

    private static final int N = 5 * ChunkDecoder.BLOCK + 123;

    @Test
    void figuresEqualAPlainLoopOnEveryShapeOfData() {
        SplittableRandom r = new SplittableRandom(17);
        for (Shape shape : shapes(r)) {
            float[] v = new float[N];
            for (int i = 0; i < N; i++) {
                v[i] = shape.value.apply(i);
            }
            check(shape.name, v, r);
        }
    }

    @Test
    void randomBlocksOfRandomBits() {
        SplittableRandom r = new SplittableRandom(23);
        for (int trial = 0; trial < 200; trial++) {
            float[] v = new float[ChunkDecoder.BLOCK * (1 + r.nextInt(3)) + r.nextInt(50)];
            boolean positive = r.nextInt(4) == 0;
            boolean negative = !positive && r.nextInt(3) == 0;
            for (int i = 0; i < v.length; i++) {
                float f;
                do {
                    f = Float.intBitsToFloat(r.nextInt());
                } while (!Float.isFinite(f) && r.nextInt(5000) != 0); // a non-finite value now and then
                if (positive) {
                    f = Math.abs(f);
                } else if (negative) {
                    f = -Math.abs(f);
                }
                v[i] = f;
            }
            check("random bits " + trial, v, r);
        }
    }

    private static void check(String name, float[] v, SplittableRandom r) {
        Tensor t = TestData.tensor(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, v);
        TensorStats s = TensorStats.of(t);
        assertFigures(name, s, v);

        StatsAccumulator pieces = new StatsAccumulator(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN);
        byte[] bytes = TestData.data(t);
        for (int at = 0; at < bytes.length; ) {
            int len = Math.min(1 + r.nextInt(3 * ChunkDecoder.BLOCK * 4), bytes.length - at);
            pieces.accept(bytes, at, len);
            at += len;
        }
        assertThat(pieces.result()).as(name + ": in pieces").isEqualTo(s);

        int split = r.nextInt(v.length + 1) * Float.BYTES;
        StatsAccumulator left = new StatsAccumulator(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN);
        StatsAccumulator right = new StatsAccumulator(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN);
        left.accept(bytes, 0, split);
        right.accept(bytes, split, bytes.length - split);
        assertFigures(name + ": merged", left.merge(right).result(), v);
    }

    private static void assertFigures(String name, TensorStats s, float[] v) {
        float min = Float.NaN;
        float max = Float.NaN;
        float smallest = Float.NaN;
        long zeros = 0;
        long nan = 0;
        long posInf = 0;
        long negInf = 0;
        long finite = 0;
        for (float x : v) {
            if (Float.isNaN(x)) {
                nan++;
            } else if (x == Float.POSITIVE_INFINITY) {
                posInf++;
            } else if (x == Float.NEGATIVE_INFINITY) {
                negInf++;
            } else {
                finite++;
                min = finite == 1 || Float.compare(x, min) < 0 ? x : min; // Float.compare: -0.0 < +0.0
                max = finite == 1 || Float.compare(x, max) > 0 ? x : max;
                if (x == 0) {
                    zeros++;
                } else if (Float.isNaN(smallest) || Math.abs(x) < smallest) {
                    smallest = Math.abs(x);
                }
            }
        }
        assertThat(s.count()).as(name).isEqualTo(v.length);
        assertThat(new long[] {s.nan(), s.posInf(), s.negInf(), s.finiteCount(), s.zeros()}).as(name)
                .containsExactly(nan, posInf, negInf, finite, zeros);
        assertThat(Double.doubleToRawLongBits(s.min())).as("%s: min %s, expected %s", name, s.min(), min)
                .isEqualTo(Double.doubleToRawLongBits(min));
        assertThat(Double.doubleToRawLongBits(s.max())).as("%s: max %s, expected %s", name, s.max(), max)
                .isEqualTo(Double.doubleToRawLongBits(max));
        assertThat(Double.doubleToRawLongBits(s.minNonZeroMagnitude())).as("%s: smallest non-zero", name)
                .isEqualTo(Double.doubleToRawLongBits(smallest));
    }

    private record Shape(String name, IntFunction<Float> value) {
    }

    private static List<Shape> shapes(SplittableRandom r) {
        float[] noise = new float[N];
        for (int i = 0; i < N; i++) {
            noise[i] = (float) r.nextGaussian();
        }
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape("normal", i -> noise[i]));
        shapes.add(new Shape("positive only", i -> Math.abs(noise[i]) + 1e-3f));
        shapes.add(new Shape("negative only", i -> -Math.abs(noise[i]) - 1e-3f));
        shapes.add(new Shape("non-negative with zeros", i -> i % 7 == 0 ? 0f : Math.abs(noise[i])));
        shapes.add(new Shape("non-positive with -0.0", i -> i % 7 == 0 ? -0f : -Math.abs(noise[i])));
        shapes.add(new Shape("only -0.0", i -> -0f));
        shapes.add(new Shape("only +0.0", i -> 0f));
        shapes.add(new Shape("±0.0", i -> i % 2 == 0 ? 0f : -0f));
        shapes.add(new Shape("-0.0 and positives", i -> i % 3 == 0 ? -0f : Math.abs(noise[i])));
        shapes.add(new Shape("+0.0 and negatives", i -> i % 3 == 0 ? 0f : -Math.abs(noise[i])));
        shapes.add(new Shape("subnormals", i -> noise[i] * Float.MIN_NORMAL / 4));
        shapes.add(new Shape("smallest subnormals", i -> i % 2 == 0 ? Float.MIN_VALUE : -Float.MIN_VALUE));
        shapes.add(new Shape("extremes", i -> switch (i % 4) {
            case 0 -> Float.MAX_VALUE;
            case 1 -> -Float.MAX_VALUE;
            case 2 -> Float.MIN_VALUE;
            default -> noise[i];
        }));
        shapes.add(new Shape("one constant", i -> 3.25f));
        shapes.add(new Shape("a NaN in every other block", i -> (i / ChunkDecoder.BLOCK) % 2 == 0 && i % 1000 == 5 ? Float.NaN : noise[i]));
        shapes.add(new Shape("infinities among finite blocks", i -> i == 3 * ChunkDecoder.BLOCK + 9
                ? Float.POSITIVE_INFINITY : i == 77 ? Float.NEGATIVE_INFINITY : noise[i] * 100));
        shapes.add(new Shape("non-finite only", i -> i % 3 == 0 ? Float.NaN : i % 3 == 1 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY));
        shapes.add(new Shape("the min in the last partial block", i -> i == N - 3 ? -1e30f : noise[i]));
        shapes.add(new Shape("the max in the last partial block, rest negative", i -> i == N - 1 ? 0f : -Math.abs(noise[i]) - 1));
        return shapes;
    }
}
