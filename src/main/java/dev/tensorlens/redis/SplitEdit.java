package dev.tensorlens.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an edit of a dataset split did (so far, in a progress report), made by {@link SplitEdits}. Every count is
 * exact, per member, as the server answered it: a member listed twice counts once as changed and once as unchanged.
 *
 * <p>The counts per kind:
 * <ul>
 *   <li>{@code ADD}: {@code changed} ids added, {@code unchanged} ids that were there already (a sorted set keeps
 *       their scores).</li>
 *   <li>{@code REMOVE}: {@code changed} ids removed, {@code unchanged} ids that were not in the split.</li>
 *   <li>{@code MOVE} ({@code split} → {@code otherSplit}): {@code changed} ids that left the source,
 *       {@code alreadyInTarget} of them were in the destination already, {@code unchanged} ids not in the source.</li>
 *   <li>{@code SCORE}: {@code changed} 1 when the score was set, {@code unchanged} 1 when the id was not there.</li>
 *   <li>{@code UNDO} (of the kind {@code undid}): {@code changed} ids put back as they were (re-added, taken out
 *       again, back in the source, a score restored), {@code unchanged} ids that were that way already (another
 *       client got there first); for an undone move {@code takenOut} ids it had added were taken out of
 *       {@code otherSplit} and {@code notTakenOut} of them were not there any more.</li>
 * </ul>
 *
 * @param kind            what the edit was
 * @param split           the split edited (the source of a move), by name
 * @param key             its key, as display text
 * @param otherSplit      the destination of a move, else null
 * @param otherKey        its key, else null
 * @param sent            ids handled so far ({@code changed + unchanged})
 * @param expected        ids the caller said would come, or -1 when not known
 * @param done            every id was handled; false in a progress report and when the edit was stopped
 * @param undid           for an {@code UNDO}, the kind of edit it undid; else null
 * @param memory          what undo needs; null in progress reports while the edit runs (opaque)
 */
public record SplitEdit(Kind kind, String split, String key, String otherSplit, String otherKey,
                        long changed, long unchanged, long alreadyInTarget, long sent, long expected, boolean done,
                        Kind undid, long takenOut, long notTakenOut, Memory memory) {

    /** The kinds of edit. */
    public enum Kind { ADD, REMOVE, MOVE, SCORE, UNDO }

    /** Counts without undo data, for a model's tests and previews: it cannot be undone. */
    public SplitEdit(Kind kind, String split, String key, String otherSplit, String otherKey, long changed,
                     long unchanged, long alreadyInTarget, long sent, long expected, boolean done) {
        this(kind, split, key, otherSplit, otherKey, changed, unchanged, alreadyInTarget, sent, expected, done, null,
                0, 0, null);
    }

    /**
     * 0 … 1 for a progress bar; {@code -1} (a JavaFX progress bar's "indeterminate") while running with no
     * {@code expected} count. 1 once done.
     */
    public double fraction() {
        if (done) {
            return 1.0;
        }
        if (expected < 0) {
            return -1.0;
        }
        return expected == 0 ? 1.0 : Math.min(1.0, (double) sent / expected);
    }

    /** Whether {@link SplitEdits#undo} can undo this edit now (what it did is remembered, and not undone yet). */
    public boolean canUndo() {
        return whyNoUndo() == null;
    }

    /** Why this edit cannot be undone, in words; null when it can. */
    public String whyNoUndo() {
        if (memory == null) {
            return kind == Kind.UNDO ? "An undo cannot itself be undone; do the edit again instead."
                    : "The edit is still running; it can be undone once it has finished or been stopped.";
        }
        return memory.whyNoUndo(this);
    }

    /** What happened, in one or two sentences a data scientist reads: "Added 1,200 ids to train; 37 were already there." */
    public String sentence() {
        return SplitEditWords.sentence(this);
    }

    /**
     * What an edit remembers for its undo, opaque outside this package: the members it changed (up to
     * {@link SplitEdits#UNDO_LIMIT}), which of a move's members it added to the destination, their old scores, and
     * how much of it has been undone. Shared by the edit's final report and its result.
     */
    public static final class Memory {
        final UndoLog log;
        final boolean zset;
        /** The score an add gave new members, or the score a score edit set. */
        final double score;
        /** The member a score edit (or its undo) was about, as display text, else null. */
        final String member;
        /** A score edit's old score, an undone score edit's score found by the undo; NaN when none. */
        final double oldScore;
        /** Members of the log undone so far: an undo that was stopped goes on from there next time. */
        final AtomicLong undoneUpTo = new AtomicLong();
        final AtomicBoolean undoing = new AtomicBoolean();
        volatile boolean finished;

        Memory(UndoLog log, boolean zset, double score, String member, double oldScore) {
            this.log = log;
            this.zset = zset;
            this.score = score;
            this.member = member;
            this.oldScore = oldScore;
        }

        String whyNoUndo(SplitEdit edit) {
            if (edit.kind == Kind.UNDO) {
                return "An undo cannot itself be undone; do the edit again instead.";
            }
            if (!finished) {
                return "The edit is still running; it can be undone once it has finished or been stopped.";
            }
            if (log == null || log.overflowed()) {
                return "This edit changed more than " + SplitEditWords.count(log == null ? 0 : log.limit())
                        + " ids, more than are kept in memory to undo it; it cannot be undone here.";
            }
            if (undoing.get()) {
                return "It is being undone now.";
            }
            if (undoneUpTo.get() > 0 && undoneUpTo.get() >= log.size()) {
                return "It has been undone already.";
            }
            if (log.size() == 0) {
                return "Nothing to undo: the edit changed no id.";
            }
            return null;
        }
    }
}
