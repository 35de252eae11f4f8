package dev.tensorlens.demo;

/**
 * Grey-scale 28×28 digit images, row-major, one byte per pixel (0 background … 255 ink), with their labels:
 * the layout of MNIST, so the arrays look like what people cache from it.
 */
record DigitImages(byte[] pixels, int[] labels) {

    static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;

    int count() {
        return labels.length;
    }

    /** Image {@code i}'s pixels scaled to [0, 1]: the model's input and the cached "normalised" batches. */
    float[] normalized(int i) {
        float[] x = new float[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            x[p] = (pixels[i * PIXELS + p] & 0xFF) / 255f;
        }
        return x;
    }

    /** The raw bytes of images {@code from} (inclusive) to {@code to} (exclusive). */
    byte[] rawImages(int from, int to) {
        byte[] out = new byte[(to - from) * PIXELS];
        System.arraycopy(pixels, from * PIXELS, out, 0, out.length);
        return out;
    }
}
