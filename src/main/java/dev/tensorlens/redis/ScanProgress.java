package dev.tensorlens.redis;

/**
 * How far a scan has come: keys delivered so far, pages (SCAN replies) read, and the key count the server
 * reported ({@code DBSIZE}, summed over masters on a cluster) when the scan started; {@code -1} when not asked
 * (the exact-key path). With a pattern or a type only some keys are delivered, so {@link #fraction()} is then a
 * lower bound until {@link #done()}.
 */
public record ScanProgress(long keysSeen, int pages, long dbSize, boolean done) {

    /** 0 … 1; exactly 1 only when done. Keys added during the scan can push keysSeen over dbSize. */
    public double fraction() {
        if (done) {
            return 1.0;
        }
        if (dbSize <= 0) {
            return 0.0;
        }
        return Math.min(0.99, (double) keysSeen / dbSize);
    }
}
