package dev.tensorlens.tensor.stats;

/** Small helpers over decoded blocks. */
final class Blocks {

    private Blocks() {
    }

    /**
     * Whether every value is finite, in a loop without branches: {@code x - x} is 0 for a finite x and NaN for
     * NaN or ±Inf, and a NaN anywhere makes the sum NaN. Four sums keep the adds from waiting on each other.
     */
    static boolean allFinite(double[] v, int n) {
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            a += v[i] - v[i];
            b += v[i + 1] - v[i + 1];
            c += v[i + 2] - v[i + 2];
            d += v[i + 3] - v[i + 3];
        }
        for (; i < n; i++) {
            a += v[i] - v[i];
        }
        return a + b + c + d == 0;
    }
}
