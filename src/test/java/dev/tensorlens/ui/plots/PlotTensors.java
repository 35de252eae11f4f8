package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Float32 tensors for the plot tests, laid out as safetensors would hold them. */
final class PlotTensors {

    private PlotTensors() {
    }

    static Tensor floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return Tensor.view("t", DType.FLOAT32, new long[] {v.length}, b.array(), 0);
    }

    /** {@code n} normal values with standard deviation {@code sigma}, from {@code seed}. */
    static float[] gaussian(int n, double sigma, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * sigma);
        }
        return v;
    }
}
