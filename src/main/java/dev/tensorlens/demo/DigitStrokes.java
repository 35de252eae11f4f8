package dev.tensorlens.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * How each digit is drawn: a few polylines in a unit box (x right, y down), the way a person would write it.
 * Loops are polygons sampled from ellipses so that every stroke is a list of straight segments.
 */
final class DigitStrokes {

    private DigitStrokes() {
    }

    /** Polylines for {@code digit}; each polyline is {x0, y0, x1, y1, …}. */
    static List<double[]> of(int digit) {
        List<double[]> strokes = new ArrayList<>();
        switch (digit) {
            case 0 -> strokes.add(ellipse(0.5, 0.5, 0.26, 0.38, 0, 1));
            case 1 -> {
                strokes.add(new double[] {0.52, 0.1, 0.52, 0.9});
                strokes.add(new double[] {0.34, 0.26, 0.52, 0.1});
            }
            case 2 -> strokes.add(new double[] {0.25, 0.3, 0.35, 0.13, 0.58, 0.1, 0.74, 0.24, 0.7, 0.45,
                    0.26, 0.88, 0.8, 0.88});
            case 3 -> strokes.add(new double[] {0.25, 0.14, 0.72, 0.14, 0.45, 0.44, 0.7, 0.58, 0.72, 0.78,
                    0.52, 0.9, 0.24, 0.84});
            case 4 -> strokes.add(new double[] {0.64, 0.9, 0.64, 0.1, 0.2, 0.64, 0.8, 0.64});
            case 5 -> strokes.add(new double[] {0.74, 0.11, 0.32, 0.11, 0.29, 0.45, 0.6, 0.42, 0.75, 0.6,
                    0.7, 0.82, 0.5, 0.9, 0.24, 0.84});
            case 6 -> strokes.add(new double[] {0.7, 0.1, 0.42, 0.28, 0.28, 0.6, 0.34, 0.85, 0.6, 0.9,
                    0.73, 0.7, 0.6, 0.52, 0.3, 0.6});
            case 7 -> strokes.add(new double[] {0.2, 0.12, 0.8, 0.12, 0.42, 0.9});
            case 8 -> {
                strokes.add(ellipse(0.5, 0.3, 0.19, 0.18, 0, 1));
                strokes.add(ellipse(0.5, 0.69, 0.24, 0.21, 0, 1));
            }
            case 9 -> {
                strokes.add(ellipse(0.48, 0.32, 0.22, 0.2, 0, 1));
                strokes.add(new double[] {0.7, 0.32, 0.64, 0.9});
            }
            default -> throw new IllegalArgumentException("not a digit: " + digit);
        }
        return strokes;
    }

    /** An ellipse (or an arc of it, in turns from 0 to 1) as a closed 16-sided polyline. */
    private static double[] ellipse(double cx, double cy, double rx, double ry, double from, double to) {
        int sides = 16;
        double[] points = new double[2 * (sides + 1)];
        for (int i = 0; i <= sides; i++) {
            double angle = 2 * Math.PI * (from + (to - from) * i / sides);
            points[2 * i] = cx + rx * Math.cos(angle);
            points[2 * i + 1] = cy + ry * Math.sin(angle);
        }
        return points;
    }
}
