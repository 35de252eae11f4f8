package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.redis.SplitEdit.Kind;
import io.lettuce.core.cluster.SlotHash;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Exact, undoable edits of dataset splits: ids added to, removed from and moved between splits (sets, or sorted sets
 * scored for weighted sampling), a score changed, and any of these undone.
 *
 * <p><b>Exact, per member.</b> Each batch of {@value EditRun#BATCH} ids is one small Lua script that edits them
 * atomically and answers what happened to each id, so every edit knows exactly which ids it changed, and its undo
 * puts back exactly that: the undo of an add removes only the ids that add added (not those that were there
 * already); the undo of a remove re-adds exactly what was removed (a sorted set's ids with their old scores, and never
 * over a score another client gave them since); a move remembers which moved ids were not in the destination yet,
 * and its undo takes only those out of the destination ("a move removes only what it added elsewhere") and puts
 * every moved id back in the source; the undo of a score puts the old score back only while the score is still the
 * one the edit set. So an edit another client made in between is never overwritten — with one limit a set cannot
 * lift: a set keeps no history, so an id the edit added and another client added again meanwhile (its SADD answered
 * 0) looks the same as one only the edit added, and the undo of the add takes it out; likewise the undo of a move puts
 * a moved id back in the source even when another client moved it on from the destination meanwhile (the undo's
 * sentence counts those it did not find there).
 *
 * <p><b>Without scripts.</b> A server that refuses scripts (an ACL without {@code +eval}, {@code EVAL} renamed away,
 * a managed service's restriction) gets the same edits as pipelined single-id commands on the same connection:
 * {@code SADD}/{@code SREM}/{@code ZADD NX} per id answer exactly 1 or 0, so the counts and the undo stay exact for
 * ids no one else touches meanwhile. What it gives up is atomicity within one id's steps: a move is
 * {@code SISMEMBER} in the destination then {@code SMOVE} (a sorted set: {@code ZSCORE}, {@code ZREM}, then
 * {@code ZADD NX}), a sorted set's remove is {@code ZSCORE} then {@code ZREM}, a score edit is {@code ZSCORE} then
 * {@code ZADD XX}; another client's change to the same id between those steps can be miscounted (an id it added to
 * the destination in between is taken for one the move added), and the undo of a score compares the score on the
 * client rather than on the server. And the batch is no longer one atomic step.
 *
 * <p><b>Running.</b> Ids come from an iterator, read lazily a batch at a time on the session's threads (a
 * five-million-line file streams, never copied into a list); one batch is in flight at a time so other clients are
 * served between batches; progress is reported after each batch and once at the end, on the session's threads.
 * {@link BatchedEdit#cancel()} stops after the batch in flight: the result completes normally with exact counts and
 * {@code done} false, and what was done can be undone. A failure midway fails the result with a
 * {@link SplitEditException} that holds the exact counts (and the undo) of what was done before. Read-only profiles
 * are refused before anything is sent, as are a move between a set and a sorted set and, on a cluster, a move between
 * two keys in different slots.
 *
 * <p><b>Undo memory.</b> An edit keeps the ids it changed, up to {@link #UNDO_LIMIT}; past that it still completes,
 * but cannot be undone ({@link SplitEdit#whyNoUndo()} says so).
 */
public final class SplitEdits {

    /** Ids an edit keeps in memory for its undo (about 100 MB for ids of 60 bytes); beyond it, no undo. */
    public static final int UNDO_LIMIT = 1_000_000;

    private final RedisSession session;
    private final SplitScripts scripts;
    private final ScoreSteps scores;
    private final int undoLimit;

    public SplitEdits(RedisSession session) {
        this(session, UNDO_LIMIT);
    }

    /** With a smaller undo memory, for tests of the limit. */
    SplitEdits(RedisSession session, int undoLimit) {
        this.session = Objects.requireNonNull(session);
        this.scripts = new SplitScripts(session);
        this.scores = new ScoreSteps(session, scripts);
        this.undoLimit = undoLimit;
    }

    /** Takes the path of a server that refuses scripts from now on: for tests. */
    SplitEdits withoutScripts() {
        scripts.refuseForTests();
        return this;
    }

    /**
     * Adds ids to a split. A sorted set's new ids get {@code score}; ids already in it keep theirs ({@code ZADD NX}).
     * {@code score} is ignored for a set.
     *
     * @param expected how many ids the iterator will give, for progress; -1 when not known
     */
    public BatchedEdit<SplitEdit> add(DatasetSplits.Split split, Iterator<byte[]> members, long expected, double score,
                                      Consumer<SplitEdit> progress) {
        String refused = refusal(split, "Adding ids to " + split.name());
        boolean zset = split.type() == RedisType.ZSET;
        if (refused == null && zset && Double.isNaN(score)) {
            refused = "A score must be a number, not NaN.";
        }
        if (refused != null) {
            return refusedEdit("Adding ids to " + split.name(), refused);
        }
        byte[] key = Keys.bytes(split.key());
        SplitEdit.Memory memory = new SplitEdit.Memory(new UndoLog(undoLimit, false), zset, score, null, Double.NaN);
        return start(zset ? MemberOps.zaddNx(key, score) : MemberOps.sadd(key), members,
                new EditTally(Kind.ADD, null, split.name(), split.key(), null, null, expected, memory), progress,
                "Adding ids to " + split.name());
    }

    /** Removes ids from a split (a sorted set's ids are remembered with their scores, for the undo). */
    public BatchedEdit<SplitEdit> remove(DatasetSplits.Split split, Iterator<byte[]> members, long expected,
                                         Consumer<SplitEdit> progress) {
        String operation = "Removing ids from " + split.name();
        String refused = refusal(split, operation);
        if (refused != null) {
            return refusedEdit(operation, refused);
        }
        byte[] key = Keys.bytes(split.key());
        boolean zset = split.type() == RedisType.ZSET;
        SplitEdit.Memory memory = new SplitEdit.Memory(new UndoLog(undoLimit, zset), zset, Double.NaN, null, Double.NaN);
        return start(zset ? MemberOps.zremScored(key) : MemberOps.srem(key), members,
                new EditTally(Kind.REMOVE, null, split.name(), split.key(), null, null, expected, memory), progress,
                operation);
    }

    /**
     * Moves ids from one split to another: {@code SMOVE} semantics for sets; for sorted sets each id keeps its score,
     * unless it is in the destination already, where it keeps the destination's score (as {@code SMOVE} leaves the
     * destination alone). Refused, before anything is sent, between a set and a sorted set, and on a cluster between
     * keys in different slots.
     */
    public BatchedEdit<SplitEdit> move(DatasetSplits.Split from, DatasetSplits.Split to, Iterator<byte[]> members,
                                       long expected, Consumer<SplitEdit> progress) {
        String operation = "Moving ids from " + from.name() + " to " + to.name();
        String refused = refusal(from, operation);
        if (refused == null) {
            refused = refusal(to, operation);
        }
        if (refused == null) {
            refused = moveRefusal(from, to);
        }
        if (refused != null) {
            return refusedEdit(operation, refused);
        }
        byte[] source = Keys.bytes(from.key());
        byte[] destination = Keys.bytes(to.key());
        boolean zset = from.type() == RedisType.ZSET;
        SplitEdit.Memory memory = new SplitEdit.Memory(new UndoLog(undoLimit, zset), zset, Double.NaN, null, Double.NaN);
        return start(zset ? MemberOps.zmove(source, destination) : MemberOps.smove(source, destination), members,
                new EditTally(Kind.MOVE, null, from.name(), from.key(), to.name(), to.key(), expected, memory), progress,
                operation);
    }

    /**
     * Changes the score of an id already in a sorted-set split; never adds one (an id that is not there is reported,
     * {@code changed} 0). The old score is remembered for the undo.
     */
    public CompletableFuture<SplitEdit> setScore(DatasetSplits.Split split, byte[] member, double score) {
        String operation = "Setting a score in " + split.name();
        String refused = refusal(split, operation);
        if (refused == null && split.type() != RedisType.ZSET) {
            refused = split.name() + " is a set: its ids have no scores. Only a sorted set's ids have scores.";
        }
        if (refused == null && Double.isNaN(score)) {
            refused = "A score must be a number, not NaN.";
        }
        if (refused != null) {
            return refusedEdit(operation, refused).result();
        }
        byte[] key = Keys.bytes(split.key());
        return scores.set(key, member, score).handleAsync((found, failure) -> {
            if (failure != null) {
                throw RedisErrors.wrap(operation, failure);
            }
            UndoLog log = new UndoLog(undoLimit, true);
            if (found.code() == 1) {
                log.add(member, false, found.score());
            }
            SplitEdit.Memory memory = new SplitEdit.Memory(log, true, score, Keys.display(member), found.score());
            memory.finished = true;
            return new SplitEdit(Kind.SCORE, split.name(), split.key(), null, null, found.code(), 1 - found.code(), 0,
                    1, 1, true, null, 0, 0, memory);
        }, session.executor());
    }

    /**
     * Undoes an edit: exactly what it changed, as the class comment says, in batches as the edit ran. An undo that
     * was stopped can be started again and goes on where it stopped. Refused when {@link SplitEdit#canUndo()} is
     * false, with its reason.
     */
    public BatchedEdit<SplitEdit> undo(SplitEdit edit, Consumer<SplitEdit> progress) {
        String operation = "Undoing the " + edit.kind().name().toLowerCase(Locale.ROOT) + " of " + edit.split();
        String why = edit.whyNoUndo();
        if (why == null && session.isReadOnly()) {
            return refusedEdit(operation, null);
        }
        SplitEdit.Memory memory = edit.memory();
        if (why != null || !memory.undoing.compareAndSet(false, true)) {
            return refusedEdit(operation, why != null ? why : "It is being undone now.");
        }
        if (edit.kind() == Kind.SCORE) {
            return undoScore(edit, progress, operation);
        }
        byte[] key = Keys.bytes(edit.key());
        byte[] other = edit.otherKey() == null ? null : Keys.bytes(edit.otherKey());
        boolean zset = memory.zset;
        MemberOps.Op op = switch (edit.kind()) {
            case ADD -> zset ? MemberOps.zremScored(key) : MemberOps.srem(key);
            case REMOVE -> zset ? MemberOps.zaddNxOwn(key) : MemberOps.sadd(key);
            case MOVE -> zset ? MemberOps.zputBack(key, other) : MemberOps.sputBack(key, other);
            default -> throw new IllegalStateException(edit.kind() + " has no batched undo");
        };
        UndoLog log = memory.log;
        long start = memory.undoneUpTo.get();
        Iterator<EditItem> items = new Iterator<>() {
            long next = start;

            @Override
            public boolean hasNext() {
                return next < log.size();
            }

            @Override
            public EditItem next() {
                return log.item((int) next++);
            }
        };
        EditTally tally = new EditTally(Kind.UNDO, edit.kind(), edit.split(), edit.key(), edit.otherSplit(),
                edit.otherKey(), log.size() - start, new SplitEdit.Memory(null, zset, Double.NaN, null, Double.NaN));
        return new EditRun(session, scripts, op, items, tally, Objects.requireNonNull(progress), operation,
                memory.undoneUpTo::addAndGet, () -> {
            if (memory.undoneUpTo.get() >= log.size()) {
                log.release();
            }
            memory.undoing.set(false);
        }).start();
    }

    private BatchedEdit<SplitEdit> undoScore(SplitEdit edit, Consumer<SplitEdit> progress, String operation) {
        SplitEdit.Memory memory = edit.memory();
        EditItem item = memory.log.item(0);
        CompletableFuture<SplitEdit> result = scores.restore(Keys.bytes(edit.key()), item.member(), memory.score,
                item.score()).handleAsync((found, failure) -> {
            memory.undoing.set(false);
            if (failure != null) {
                throw RedisErrors.wrap(operation, failure);
            }
            memory.undoneUpTo.set(1); // also when another client's score stays: undoing again would change nothing
            SplitEdit undone = new SplitEdit(Kind.UNDO, edit.split(), edit.key(), null, null, found.code() == 1 ? 1 : 0,
                    found.code() == 1 ? 0 : 1, 0, 1, 1, true, Kind.SCORE, 0, 0, new SplitEdit.Memory(null, true,
                    found.code() == 2 ? found.score() : Double.NaN, memory.member, item.score()));
            progress.accept(undone);
            return undone;
        }, session.executor());
        return new BatchedEdit<>(result, () -> { });
    }

    private BatchedEdit<SplitEdit> start(MemberOps.Op op, Iterator<byte[]> members, EditTally tally,
                                         Consumer<SplitEdit> progress, String operation) {
        Objects.requireNonNull(members);
        Objects.requireNonNull(progress);
        Iterator<EditItem> items = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return members.hasNext();
            }

            @Override
            public EditItem next() {
                byte[] m = members.next();
                return m == null ? null : EditItem.of(m);
            }
        };
        return new EditRun(session, scripts, op, items, tally, progress, operation, n -> { }, () -> { }).start();
    }

    /** Why an edit of {@code split} is refused before anything is sent, or null. */
    private String refusal(DatasetSplits.Split split, String operation) {
        if (session.isReadOnly()) {
            return "";
        }
        if (split.type() != RedisType.SET && split.type() != RedisType.ZSET) {
            return split.name() + " (" + split.key() + ") is not a set or a sorted set, so it has no ids to edit.";
        }
        return null;
    }

    private String moveRefusal(DatasetSplits.Split from, DatasetSplits.Split to) {
        if (from.type() != to.type()) {
            return "Ids cannot move from " + from.name() + " (" + article(from) + ") to " + to.name() + " ("
                    + article(to) + "): a set's ids have no scores and a sorted set's ids need one. Add them to "
                    + to.name() + " and remove them from " + from.name() + " instead.";
        }
        byte[] a = Keys.bytes(from.key());
        byte[] b = Keys.bytes(to.key());
        if (Arrays.equals(a, b)) {
            return from.name() + " and " + to.name() + " are the same key; there is nowhere to move the ids.";
        }
        if (session.isCluster() && SlotHash.getSlot(a) != SlotHash.getSlot(b)) {
            return from.key() + " and " + to.key() + " are in different slots of the cluster, and one step can only "
                    + "move ids between keys of one slot. Keys that share a {hash tag}, such as {mnist}:train and "
                    + "{mnist}:test, share a slot: give the splits' keys one.";
        }
        return null;
    }

    private static String article(DatasetSplits.Split split) {
        return split.type() == RedisType.ZSET ? "a sorted set" : "a set";
    }

    /** A refused edit: failed before anything was sent ("" or null for a read-only profile). */
    private BatchedEdit<SplitEdit> refusedEdit(String operation, String why) {
        RedisOperationException failure = why == null || why.isEmpty()
                ? new ReadOnlyProfileException(operation, session.profile().displayName())
                : new RedisOperationException(operation, why, null);
        return new BatchedEdit<>(CompletableFuture.failedFuture(failure), () -> { });
    }
}
