package dev.tensorlens.redis;

/**
 * How far {@link SetMembership#intersectionCount} has come: members of the smaller set checked against the other,
 * of how many it had when the count began.
 */
public record OverlapProgress(long checked, long total) {

    /** 0 … 1; a set that grew during the count can take {@code checked} past {@code total}. */
    public double fraction() {
        return total <= 0 ? 1.0 : Math.min(1.0, (double) checked / total);
    }
}
