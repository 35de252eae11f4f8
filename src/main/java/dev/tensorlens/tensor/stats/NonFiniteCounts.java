package dev.tensorlens.tensor.stats;

/** How many NaN, +Inf and -Inf values an accumulator has seen: counted apart, kept out of every other figure. */
final class NonFiniteCounts {

    long nan;
    long posInf;
    long negInf;

    /** {@code x} is not finite. */
    void add(double x) {
        if (x != x) {
            nan++;
        } else if (x > 0) {
            posInf++;
        } else {
            negInf++;
        }
    }

    void merge(NonFiniteCounts other) {
        nan += other.nan;
        posInf += other.posInf;
        negInf += other.negInf;
    }
}
