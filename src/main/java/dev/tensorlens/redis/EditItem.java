package dev.tensorlens.redis;

/**
 * One member in a batch of a split edit: for an undo of a move, {@code flag} says the move added it to the
 * destination (so the undo takes it out again); {@code score} is the score to put back in a sorted set, NaN when none.
 */
record EditItem(byte[] member, boolean flag, double score) {

    static EditItem of(byte[] member) {
        return new EditItem(member, false, Double.NaN);
    }
}
