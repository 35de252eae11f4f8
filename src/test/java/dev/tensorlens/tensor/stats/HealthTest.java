package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class HealthTest {

    private static TensorStats stats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return TensorStats.of(Tensor.view("t", DType.FLOAT32, new long[] {values.length}, b.array(), 0));
    }

    @Test
    void flagsWhatAUserScansALayerTableFor() {
        assertThat(Health.of(stats(0.5f, -0.25f, 0f))).isEmpty();
        assertThat(Health.of(stats(0f, -0f, 0f))).containsExactly(Health.ALL_ZEROS);
        assertThat(Health.of(stats(0.1f, 0.1f, 0.1f))).containsExactly(Health.CONSTANT);
        assertThat(Health.of(stats(Float.NaN, 1f, 2f))).containsExactly(Health.NON_FINITE);
        assertThat(Health.of(stats(Float.POSITIVE_INFINITY, 3f, 3f))).containsExactly(Health.NON_FINITE, Health.CONSTANT);
        assertThat(Health.of(stats(7f))).as("one value is not a dead layer").isEmpty();
    }
}
