package dev.tensorlens.tensor.image;

import dev.tensorlens.tensor.Tensor;

/**
 * One sample of an image array as ARGB pixels, the way torchvision's {@code save_image} would draw it: one channel in
 * grey (or through a colour map), three as RGB, four as RGBA (alpha from the fourth channel, not premultiplied, as
 * {@link dev.tensorlens.tensor.write.PngWriter} and JavaFX's {@code IntArgb} read it).
 *
 * <p>NaN has no intensity: a one-channel NaN pixel is {@link ColorMap#NAN_ARGB}; in colour each NaN channel takes
 * that magenta's own component (R 255, G 0, B 255, A 255), so an all-NaN pixel is magenta and a partly NaN one
 * still shows which channels were. ±Inf is clamped to the ends.
 *
 * <p>Values are read in runs straight from the tensor's bytes (one dtype decision per run, not per element), from
 * storage positions worked out with the tensor's strides, so a Fortran-order array draws the same as its C-order
 * copy. A C-order sample is one contiguous run and is read in a single pass.
 */
public final class SampleImages {

    private SampleImages() {
    }

    /**
     * The pixels of sample {@code index}, {@code width × height} row-major ARGB.
     *
     * @param samples    a tensor whose leading axis (for a batch layout) holds the samples it has: it may be a slice
     *                   of the full array read on its own (its shape[0] ≤ the full N), and {@code index} counts within
     *                   it; for a non-batch layout the tensor is the one image and {@code index} is 0
     * @param range      for AUTO: the raw lo/hi to scale by (the whole array's finite min/max, or the page's until
     *                   those are known); null takes this sample's own; ignored by UNIT and BYTE
     * @param oneChannel colour map for single-channel images (null = grey)
     * @throws IllegalArgumentException when the tensor does not read as images this way, or the normalisation's
     *                                  mean/std do not fit its channel count
     * @throws IndexOutOfBoundsException when there is no sample {@code index}
     */
    public static int[] argb(Tensor samples, ImageLayout layout, int index, ImageNormalisation norm, ValueRange range,
                             ColorMap oneChannel) {
        Geometry g = Geometry.of(samples, layout, index);
        Values v = read(samples, g);
        if (norm.mode() == ImageNormalisation.Mode.AUTO && range == null) {
            range = ValueRange.of(v.values);
        }
        int[] out = new int[g.h * g.w];
        if (g.c == 1) {
            if (oneChannel == null) {
                grey(v, new Intensities(norm, 1, range, 255), out);
            } else {
                mapped(v, new Intensities(norm, 1, range, ColorMap.SIZE - 1), oneChannel.tableUnsafe(), out);
            }
        } else {
            colour(v, g.c, new Intensities(norm, g.c, range, 255), out);
        }
        return out;
    }

    /**
     * The raw stored values of pixel ({@code row}, {@code col}) of sample {@code index}, one per channel, for a
     * readout: nothing undone or scaled, so the user sees what the array holds.
     */
    public static double[] pixel(Tensor samples, ImageLayout layout, int index, int row, int col) {
        Geometry g = Geometry.of(samples, layout, index);
        if (row < 0 || row >= g.h || col < 0 || col >= g.w) {
            throw new IndexOutOfBoundsException("pixel (" + row + ", " + col + ") of a " + g.h + "×" + g.w + " image");
        }
        double[] values = new double[g.c];
        long at = g.base + row * g.rowStride + col * g.colStride;
        for (int c = 0; c < g.c; c++) {
            values[c] = samples.getDouble(at + c * g.channelStride);
        }
        return values;
    }

    /** Elements read per pass by {@link #finiteRange}: small enough to stay in cache, big enough to amortise a run. */
    private static final int RUN = 1 << 16;

    /**
     * The finite min/max over every element of {@code samples} (for AUTO before whole-array statistics arrive); null
     * when none is finite.
     */
    public static ValueRange finiteRange(Tensor samples) {
        long n = samples.elementCount();
        float[] buffer = new float[(int) Math.min(n, RUN)];
        ValueRange.Counter counter = new ValueRange.Counter(false);
        for (long start = 0; start < n; start += RUN) {
            int count = (int) Math.min(RUN, n - start);
            Elements.read(samples, start, 1, count, buffer, 0);
            counter.add(buffer, 0, count);
        }
        ValueRange range = counter.result();
        return range.hasFinite() ? range : null;
    }

    private static void grey(Values v, Intensities levels, int[] out) {
        float[] x = v.values;
        int step = v.pixelStep;
        for (int p = 0, i = 0; p < out.length; p++, i += step) {
            int l = levels.level(x[i], 0);
            out[p] = l < 0 ? ColorMap.NAN_ARGB : 0xFF000000 | l * 0x010101;
        }
    }

    private static void mapped(Values v, Intensities levels, int[] table, int[] out) {
        float[] x = v.values;
        int step = v.pixelStep;
        for (int p = 0, i = 0; p < out.length; p++, i += step) {
            int l = levels.level(x[i], 0);
            out[p] = l < 0 ? ColorMap.NAN_ARGB : table[l];
        }
    }

    private static void colour(Values v, int channels, Intensities levels, int[] out) {
        float[] x = v.values;
        int step = v.pixelStep;
        int g = v.channelStep;
        int b = 2 * g;
        int a = 3 * g;
        boolean alpha = channels == 4;
        for (int p = 0, i = 0; p < out.length; p++, i += step) {
            int red = orNan(levels.level(x[i], 0), ColorMap.NAN_ARGB >> 16 & 0xFF);
            int green = orNan(levels.level(x[i + g], 1), ColorMap.NAN_ARGB >> 8 & 0xFF);
            int blue = orNan(levels.level(x[i + b], 2), ColorMap.NAN_ARGB & 0xFF);
            int opacity = alpha ? orNan(levels.level(x[i + a], 3), ColorMap.NAN_ARGB >>> 24) : 0xFF;
            out[p] = opacity << 24 | red << 16 | green << 8 | blue;
        }
    }

    private static int orNan(int level, int nanLevel) {
        return level < 0 ? nanLevel : level;
    }

    /**
     * A sample's values and where each is: value of pixel {@code p} (row-major), channel {@code c} at
     * {@code p · pixelStep + c · channelStep}.
     */
    private record Values(float[] values, int pixelStep, int channelStep) {
    }

    private static Values read(Tensor t, Geometry g) {
        int pixels = g.h * g.w;
        float[] values = new float[pixels * g.c];
        if (!t.fortranOrder()) {
            // the leading axis is the slowest in C order, so the sample is one run in its own H/W/C order
            Elements.read(t, g.base, 1, values.length, values, 0);
            return g.channelsLast ? new Values(values, g.c, 1) : new Values(values, 1, pixels);
        }
        // any other order: channel planes, each read along whichever of rows and columns lies closer in storage
        if (Math.abs(g.colStride) <= Math.abs(g.rowStride)) {
            for (int c = 0; c < g.c; c++) {
                for (int r = 0; r < g.h; r++) {
                    long start = g.base + c * g.channelStride + r * g.rowStride;
                    Elements.read(t, start, g.colStride, g.w, values, c * pixels + r * g.w);
                }
            }
        } else {
            float[] column = new float[g.h];
            for (int c = 0; c < g.c; c++) {
                for (int col = 0; col < g.w; col++) {
                    Elements.read(t, g.base + c * g.channelStride + col * g.colStride, g.rowStride, g.h, column, 0);
                    for (int r = 0, at = c * pixels + col; r < g.h; r++, at += g.w) {
                        values[at] = column[r];
                    }
                }
            }
        }
        return new Values(values, 1, pixels);
    }

    /** Sample {@code index}'s size and where its elements are in storage. */
    private record Geometry(int h, int w, int c, boolean channelsLast, long base, long rowStride, long colStride,
                            long channelStride) {

        static Geometry of(Tensor t, ImageLayout layout, int index) {
            long[] shape = t.shape();
            if (shape.length != layout.rank()) {
                throw new IllegalArgumentException("An array of shape " + Tensor.shapeText(shape)
                        + " does not read as " + layout.label() + " images.");
            }
            int c = layout.channels(shape);
            if (c != 1 && c != 3 && c != 4) {
                throw new IllegalArgumentException("Images of " + c + " channels cannot be drawn: only 1 (grey), "
                        + "3 (RGB) and 4 (RGBA) can.");
            }
            long h = shape[layout.heightAxis()];
            long w = shape[layout.widthAxis()];
            // the pixels, and the values of every channel, must fit one Java array
            if (h < 1 || w < 1 || h > Integer.MAX_VALUE || w > Integer.MAX_VALUE || h * w * c > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("Images of " + h + "×" + w + " pixels cannot be drawn.");
            }
            long n = layout.samples(shape);
            if (index < 0 || index >= n) {
                throw new IndexOutOfBoundsException("sample " + index + " of " + n + " in " + t);
            }
            long[] strides = t.strides();
            long base = layout.batch() ? index * strides[0] : 0;
            long channelStride = layout.channelAxis() < 0 ? 0 : strides[layout.channelAxis()];
            return new Geometry((int) h, (int) w, c, layout.channelsLast(), base,
                    strides[layout.heightAxis()], strides[layout.widthAxis()], channelStride);
        }
    }
}
