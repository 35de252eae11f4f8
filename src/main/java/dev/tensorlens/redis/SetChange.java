package dev.tensorlens.redis;

/**
 * What an add or remove of set members did (so far, for a bulk edit in progress). Each member given counts once, in
 * the order given: a member listed twice is added the first time and "already present" the second.
 *
 * @param changed   members added ({@code SADD}) or removed ({@code SREM}), as the server counted them
 * @param unchanged members that were already present (add) or not found (remove)
 * @param sent      members sent so far ({@code changed + unchanged})
 * @param total     members the edit was given
 * @param done      every member was sent; false in a report after the edit was cancelled
 */
public record SetChange(long changed, long unchanged, long sent, long total, boolean done) {

    /** 0 … 1, for a progress bar. */
    public double fraction() {
        return total == 0 ? 1.0 : (double) sent / total;
    }
}
