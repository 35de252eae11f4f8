package dev.tensorlens.redis;

import dev.tensorlens.redis.SplitEdit.Kind;

/**
 * The counts of one running split edit, kept member by member from the codes the server answered, and the undo log
 * it fills. Written by one batch at a time (each batch's step runs after the last one's), read for snapshots.
 */
final class EditTally {

    private final Kind kind;
    private final Kind undid;
    private final String split;
    private final String key;
    private final String otherSplit;
    private final String otherKey;
    private final long expected;
    private final SplitEdit.Memory memory;
    private long changed;
    private long unchanged;
    private long alreadyInTarget;
    private long sent;
    private long takenOut;
    private long notTakenOut;

    EditTally(Kind kind, Kind undid, String split, String key, String otherSplit, String otherKey, long expected,
              SplitEdit.Memory memory) {
        this.kind = kind;
        this.undid = undid;
        this.split = split;
        this.key = key;
        this.otherSplit = otherSplit;
        this.otherKey = otherKey;
        this.expected = expected;
        this.memory = memory;
    }

    SplitEdit.Memory memory() {
        return memory;
    }

    /** What happened to one member: {@code code} as {@link MemberOps} answers it for this kind of edit. */
    synchronized void record(EditItem item, int code, double score) {
        sent++;
        UndoLog log = memory.log;
        switch (kind) {
            case ADD -> {
                if (code == 1) {
                    changed++;
                    log.add(item.member(), false, Double.NaN);
                } else {
                    unchanged++;
                }
            }
            case REMOVE -> {
                if (code == 1) {
                    changed++;
                    log.add(item.member(), false, score);
                } else {
                    unchanged++;
                }
            }
            case MOVE -> {
                if (code == 0) {
                    unchanged++;
                } else {
                    changed++;
                    alreadyInTarget += code == 2 ? 1 : 0;
                    // flag: the move added it to the destination, so its undo takes it out of there again
                    log.add(item.member(), code == 1, score);
                }
            }
            case UNDO -> recordUndo(item, code);
            default -> throw new IllegalStateException(kind + " is not a batched edit");
        }
    }

    private void recordUndo(EditItem item, int code) {
        if (undid == Kind.MOVE) {
            if ((code & 1) != 0) {
                changed++;
            } else {
                unchanged++;
            }
            if (item.flag()) {
                if ((code & 2) != 0) {
                    takenOut++;
                } else {
                    notTakenOut++;
                }
            }
        } else if (code == 1) {
            changed++;
        } else {
            unchanged++;
        }
    }

    /** The counts now; {@code last} gives the snapshot the undo data (progress reports in between have none). */
    synchronized SplitEdit snapshot(boolean done, boolean last) {
        return new SplitEdit(kind, split, key, otherSplit, otherKey, changed, unchanged, alreadyInTarget, sent,
                expected, done, undid, takenOut, notTakenOut, last ? memory : null);
    }
}
