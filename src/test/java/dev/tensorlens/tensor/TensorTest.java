package dev.tensorlens.tensor;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class TensorTest {

    @Test
    void bufferReadsInTheTensorsByteOrder() {
        byte[] bytes = {9, 1, 0, 0, 0, 0, 0, 0, 1};
        Tensor le = Tensor.view("le", DType.INT32, new long[] {2}, ByteOrder.LITTLE_ENDIAN, false, bytes, 1);
        Tensor be = Tensor.view("be", DType.INT32, new long[] {2}, ByteOrder.BIG_ENDIAN, false, bytes, 1);

        ByteBuffer l = le.buffer();
        ByteBuffer b = be.buffer();

        assertThat(l.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(l.getInt(0)).isEqualTo(1);
        assertThat(b.getInt(4)).isEqualTo(1);
        assertThat(l.isReadOnly()).isTrue();
        assertThat(l.remaining()).isEqualTo(8);
    }
}
