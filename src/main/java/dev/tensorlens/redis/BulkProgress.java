package dev.tensorlens.redis;

/**
 * How far a {@link KeyEditor#deleteAll} has come.
 *
 * @param deleted   keys the server removed ({@code UNLINK}'s replies summed); less than {@code attempted} when some
 *                  keys were already gone
 * @param attempted keys sent in {@code UNLINK} batches so far
 * @param expected  the count the caller expected (from its scan), for a progress bar; the keys iterated decide
 * @param done      true once every key has been sent; false in a report after {@link BatchedEdit#cancel()}
 */
public record BulkProgress(long deleted, long attempted, int expected, boolean done) {

    /** 0 … 1; exactly 1 only when done (more keys than expected can come). */
    public double fraction() {
        if (done) {
            return 1.0;
        }
        if (expected <= 0) {
            return 0.0;
        }
        return Math.min(0.99, (double) attempted / expected);
    }
}
