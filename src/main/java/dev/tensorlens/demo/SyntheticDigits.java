package dev.tensorlens.demo;

import java.util.List;
import java.util.Random;

/**
 * Draws digits 0–9 as anti-aliased strokes at 28×28, each with its own jitter (scale, slant, rotation, offset,
 * pen width) and sparse background noise, from a fixed seed: the same images on every machine, different
 * enough from each other that a model has something to learn.
 */
final class SyntheticDigits {

    private SyntheticDigits() {
    }

    static DigitImages generate(int count, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * DigitImages.PIXELS];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int digit = random.nextInt(10);
            labels[i] = digit;
            draw(digit, random, pixels, i * DigitImages.PIXELS);
        }
        return new DigitImages(pixels, labels);
    }

    private static void draw(int digit, Random random, byte[] out, int offset) {
        double scale = 18 + random.nextGaussian() * 1.5;
        double angle = random.nextGaussian() * 0.12;
        double slant = random.nextGaussian() * 0.15;
        double dx = 14 + random.nextGaussian() * 1.2;
        double dy = 14 + random.nextGaussian() * 1.2;
        double pen = 1.0 + random.nextDouble() * 0.8;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);

        float[] ink = new float[DigitImages.PIXELS];
        for (double[] stroke : DigitStrokes.of(digit)) {
            double[] p = new double[stroke.length];
            for (int k = 0; k < stroke.length; k += 2) {
                // Centre the unit box, slant, rotate, scale, and move to the jittered centre.
                double x = stroke[k] - 0.5 + slant * (0.5 - stroke[k + 1]);
                double y = stroke[k + 1] - 0.5;
                p[k] = dx + scale * (cos * x - sin * y) + random.nextGaussian() * 0.3;
                p[k + 1] = dy + scale * (sin * x + cos * y) + random.nextGaussian() * 0.3;
            }
            for (int k = 0; k + 3 < p.length; k += 2) {
                segment(ink, p[k], p[k + 1], p[k + 2], p[k + 3], pen);
            }
        }
        for (int q = 0; q < DigitImages.PIXELS; q++) {
            float v = ink[q];
            if (random.nextInt(100) < 4) {
                v += 0.15f + 0.35f * random.nextFloat(); // a speck of scanner dust
            }
            out[offset + q] = (byte) Math.round(255 * Math.min(1f, v));
        }
    }

    /** Ink near the segment: full within the pen's radius, fading over one pixel (cheap anti-aliasing). */
    private static void segment(float[] ink, double x0, double y0, double x1, double y1, double pen) {
        int minX = Math.max(0, (int) Math.floor(Math.min(x0, x1) - pen - 1));
        int maxX = Math.min(DigitImages.SIDE - 1, (int) Math.ceil(Math.max(x0, x1) + pen + 1));
        int minY = Math.max(0, (int) Math.floor(Math.min(y0, y1) - pen - 1));
        int maxY = Math.min(DigitImages.SIDE - 1, (int) Math.ceil(Math.max(y0, y1) + pen + 1));
        double vx = x1 - x0;
        double vy = y1 - y0;
        double length2 = Math.max(1e-9, vx * vx + vy * vy);
        for (int y = minY; y <= maxY; y++) {
            for (int x = minX; x <= maxX; x++) {
                double t = Math.max(0, Math.min(1, ((x - x0) * vx + (y - y0) * vy) / length2));
                double ex = x - (x0 + t * vx);
                double ey = y - (y0 + t * vy);
                double distance = Math.sqrt(ex * ex + ey * ey); // not Math.hypot: it is several times slower
                float v = (float) Math.max(0, Math.min(1, pen + 0.5 - distance));
                int q = y * DigitImages.SIDE + x;
                ink[q] = Math.max(ink[q], v);
            }
        }
    }
}
