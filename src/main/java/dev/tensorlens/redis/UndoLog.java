package dev.tensorlens.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The members one edit changed, in the order it changed them, for its undo: each with a flag (a moved member the
 * move added to the destination) and, for sorted sets, the score it had. Bounded: past {@code limit} members it
 * forgets them all and says so ({@link #overflowed()}), because an undo of only part of an edit would not be the
 * undo the user asked for, and memory for five million ids is not worth keeping for it.
 */
final class UndoLog {

    private final int limit;
    private final boolean scored;
    private List<byte[]> members = new ArrayList<>();
    private BitSet flags = new BitSet();
    private double[] scores;
    private boolean overflowed;

    UndoLog(int limit, boolean scored) {
        this.limit = limit;
        this.scored = scored;
        this.scores = scored ? new double[16] : null;
    }

    int limit() {
        return limit;
    }

    /** Written by one edit's batches, one after the other (each batch happens-after the last). */
    synchronized void add(byte[] member, boolean flag, double score) {
        if (overflowed) {
            return;
        }
        if (members.size() >= limit) {
            overflowed = true;
            members = List.of();
            flags = new BitSet();
            scores = null;
            return;
        }
        int i = members.size();
        members.add(member);
        if (flag) {
            flags.set(i);
        }
        if (scored) {
            if (i == scores.length) {
                scores = Arrays.copyOf(scores, Math.min(limit, Math.max(16, i * 2)));
            }
            scores[i] = score;
        }
    }

    synchronized boolean overflowed() {
        return overflowed;
    }

    synchronized int size() {
        return members.size();
    }

    synchronized EditItem item(int i) {
        return new EditItem(members.get(i), flags.get(i), scored ? scores[i] : Double.NaN);
    }

    /** Once the whole edit is undone its members are not needed any more. */
    synchronized void release() {
        members = List.of();
        flags = new BitSet();
        scores = scored ? new double[0] : null;
    }
}
