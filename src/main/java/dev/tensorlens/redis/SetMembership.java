package dev.tensorlens.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Who is in which set: what the Datasets view needs for its splits (train, validation and test as sets of sample
 * ids, sometimes sorted sets of ids scored by something). Sizes, pages of members, membership checks, the overlap
 * between two splits (leakage), and edits. Keys and members are exact bytes.
 *
 * <p>Nothing loads a whole set ({@code SMEMBERS}, {@code SINTER}): members come in pages, overlaps are counted on the
 * server or a page at a time. Commands that differ by server version are chosen from the version the session learnt
 * once ({@link RedisSession#versionNumber()}). Every edit goes through {@link RedisSession#write}, so a read-only
 * profile refuses it before anything is sent.
 */
public final class SetMembership {

    /** Members per {@code SADD}/{@code SREM} in {@link #addAll}/{@link #removeAll}: quick, never a long stall. */
    static final int BATCH = 500;
    /** Members per {@code SSCAN} page when counting an overlap a page at a time. */
    static final int OVERLAP_PAGE = 1000;
    /**
     * {@code SMISMEMBER} (and {@code ZMSCORE} with it) arrived in Redis 6.2, {@code SINTERCARD} in 7.0 (major × 100 +
     * minor).
     */
    static final int SMISMEMBER_SINCE = 602;
    static final int SINTERCARD_SINCE = 700;

    private final RedisSession session;
    /** The version to act as if the server had, for tests of the older paths; null asks the session. */
    private final Integer assumedVersion;

    public SetMembership(RedisSession session) {
        this(session, null);
    }

    private SetMembership(RedisSession session, Integer assumedVersion) {
        this.session = Objects.requireNonNull(session);
        this.assumedVersion = assumedVersion;
    }

    /** The same operations choosing their commands as if the server were {@code version} (such as 600 or 602). */
    SetMembership assumingVersion(int version) {
        return new SetMembership(session, version);
    }

    CompletableFuture<Integer> version() {
        return assumedVersion != null ? CompletableFuture.completedFuture(assumedVersion) : session.versionNumber();
    }

    /** Members of a set ({@code SCARD}) or sorted set ({@code ZCARD}); 0 for no key; fails for another type. */
    public CompletableFuture<Long> size(byte[] key) {
        CompletableFuture<String> type = session.read("TYPE", c -> c.type(key));
        CompletableFuture<Long> size = type.thenCompose(t -> switch (t) {
            case "set" -> session.read("SCARD", c -> c.scard(key));
            case "zset" -> session.read("ZCARD", c -> c.zcard(key));
            case "none" -> CompletableFuture.completedFuture(0L);
            default -> CompletableFuture.failedFuture(notASet("SCARD", key, t));
        });
        Futures.cancelTogether(size, type);
        return size;
    }

    /**
     * A page of at least {@code count} members (fewer only at the end) starting at {@code cursor} ({@code null} for
     * the start): {@code SSCAN} for a set, {@code ZSCAN} with scores for a sorted set; {@code match} is a Redis glob
     * pattern or {@code null}. A missing key is one empty, finished page. As every scan, a member can come twice
     * when the set is resized meanwhile.
     */
    public CompletableFuture<MemberPage> scanMembers(byte[] key, String cursor, byte[] match, int count) {
        CompletableFuture<String> type = session.read("TYPE", c -> c.type(key));
        CompletableFuture<MemberPage> page = type.thenCompose(t -> {
            if (t.equals("none")) {
                return CompletableFuture.completedFuture(new MemberPage(List.of(), null));
            }
            if (!t.equals("set") && !t.equals("zset")) {
                return CompletableFuture.failedFuture(notASet("SSCAN", key, t));
            }
            return Futures.map(new CollectionPager(session).page(key, t, cursor, match, count), p -> new MemberPage(
                    p.entries().stream().map(e -> new MemberPage.Member(e.member(), e.score())).toList(), p.nextCursor()));
        });
        Futures.cancelTogether(page, type);
        return page;
    }

    /**
     * Whether each of {@code members} is in the set, in the same order: one {@code SMISMEMBER} from Redis 6.2,
     * pipelined {@code SISMEMBER}s before.
     */
    public CompletableFuture<List<Boolean>> contains(byte[] key, List<byte[]> members) {
        if (members.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<byte[]> copy = List.copyOf(members);
        return version().thenCompose(v -> isMember(session, v, key, copy));
    }

    /** Whether each member is in the set at {@code key}: the commands of {@link #contains}, for a known version. */
    static CompletableFuture<List<Boolean>> isMember(RedisSession session, int version, byte[] key, List<byte[]> members) {
        if (version >= SMISMEMBER_SINCE) {
            byte[][] all = members.toArray(byte[][]::new);
            return session.read("SMISMEMBER", c -> c.smismember(key, all));
        }
        List<CompletableFuture<Boolean>> each = new ArrayList<>(members.size());
        for (byte[] member : members) {
            each.add(session.read("SISMEMBER", c -> c.sismember(key, member)));
        }
        CompletableFuture<?>[] all = each.toArray(CompletableFuture[]::new);
        CompletableFuture<List<Boolean>> found = CompletableFuture.allOf(all)
                .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
        Futures.cancelTogether(found, all);
        return found;
    }

    /**
     * Whether each member is in the sorted set at {@code key} (has a score), in the same order: one {@code ZMSCORE}
     * from Redis 6.2, pipelined {@code ZSCORE}s before. The sorted-set twin of {@link #isMember}, for the overlap walk
     * and the split locator, whose splits can be sorted sets of ids.
     */
    static CompletableFuture<List<Boolean>> hasScores(RedisSession session, int version, byte[] key,
                                                      List<byte[]> members) {
        if (version >= SMISMEMBER_SINCE) {
            byte[][] all = members.toArray(byte[][]::new);
            return Futures.map(session.read("ZMSCORE", c -> c.zmscore(key, all)),
                    scores -> scores.stream().map(Objects::nonNull).toList());
        }
        List<CompletableFuture<Double>> each = new ArrayList<>(members.size());
        for (byte[] member : members) {
            each.add(session.read("ZSCORE", c -> c.zscore(key, member)));
        }
        CompletableFuture<?>[] all = each.toArray(CompletableFuture[]::new);
        CompletableFuture<List<Boolean>> found = CompletableFuture.allOf(all)
                .thenApply(v -> each.stream().map(f -> f.join() != null).toList());
        Futures.cancelTogether(found, all);
        return found;
    }

    /**
     * How many members the two sets share: {@code SINTERCARD 2 a b} from Redis 7 (one command, counted on the
     * server), else the smaller set read in pages of {@value #OVERLAP_PAGE} and each page checked against the other
     * (see {@link SetOverlap}). On a cluster, two keys in different slots cannot meet in one command, so they are
     * counted page by page too, rather than failing with {@code CROSSSLOT}. {@code progress} hears members checked
     * of the smaller set's size after each page (once at the end with {@code SINTERCARD}), on one of the session's
     * threads, never the caller's. Cancelling the future stops after the page in flight.
     */
    public CompletableFuture<Long> intersectionCount(byte[] a, byte[] b, Consumer<OverlapProgress> progress) {
        Objects.requireNonNull(progress);
        CompletableFuture<Long> result = new CompletableFuture<>();
        version().whenCompleteAsync((v, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (v >= SINTERCARD_SINCE && sameSlot(session, a, b)) {
                countOnServer(a, b, progress, result);
            } else {
                new SetOverlap(session, v, OVERLAP_PAGE).count(a, b, progress, result);
            }
        }, session.executor());
        return result;
    }

    private void countOnServer(byte[] a, byte[] b, Consumer<OverlapProgress> progress, CompletableFuture<Long> result) {
        CompletableFuture<Long> sizeA = session.read("SCARD", c -> c.scard(a));
        CompletableFuture<Long> sizeB = session.read("SCARD", c -> c.scard(b));
        CompletableFuture<Long> shared = session.read("SINTERCARD", c -> c.sintercard(a, b));
        Futures.cancelTogether(result, sizeA, sizeB, shared);
        CompletableFuture.allOf(sizeA, sizeB, shared).whenCompleteAsync((v, failure) -> {
            if (failure != null) {
                result.completeExceptionally(RedisErrors.unwrap(failure));
                return;
            }
            try {
                long smaller = Math.min(sizeA.join(), sizeB.join());
                progress.accept(new OverlapProgress(smaller, smaller));
                result.complete(shared.join());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, session.executor());
    }

    /** Outside a cluster every key is in one place; in one, only keys of one slot can share a command. */
    static boolean sameSlot(RedisSession session, byte[] a, byte[] b) {
        return !session.isCluster() || SlotHash.getSlot(a) == SlotHash.getSlot(b);
    }

    /**
     * Up to {@code limit} members that are in both sets, for a leakage warning to name examples: the smaller set read
     * in pages and each page checked against the other, stopping once {@code limit} are found. Cancelling the
     * future stops after the page in flight.
     */
    public CompletableFuture<List<byte[]>> intersectionMembers(byte[] a, byte[] b, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit);
        }
        CompletableFuture<List<byte[]>> result = new CompletableFuture<>();
        if (limit == 0) {
            result.complete(List.of());
            return result;
        }
        version().whenCompleteAsync((v, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                new SetOverlap(session, v, OVERLAP_PAGE).members(a, b, limit, result);
            }
        }, session.executor());
        return result;
    }

    /** One {@code SADD} of {@code members}: how many were added and how many were already present. */
    public CompletableFuture<SetChange> add(byte[] key, List<byte[]> members) {
        return once("SADD", key, members, (c, batch) -> c.sadd(key, batch));
    }

    /** One {@code SREM} of {@code members}: how many were removed and how many were not found. */
    public CompletableFuture<SetChange> remove(byte[] key, List<byte[]> members) {
        return once("SREM", key, members, (c, batch) -> c.srem(key, batch));
    }

    private CompletableFuture<SetChange> once(String command, byte[] key, List<byte[]> members,
            BiFunction<RedisClusterAsyncCommands<byte[], byte[]>, byte[][], RedisFuture<Long>> call) {
        byte[][] all = members.toArray(byte[][]::new);
        if (all.length == 0) {
            return CompletableFuture.completedFuture(new SetChange(0, 0, 0, 0, true));
        }
        return Futures.map(session.write(command, c -> call.apply(c, all)),
                changed -> new SetChange(changed, all.length - changed, all.length, all.length, true));
    }

    /**
     * Adds {@code members} with {@code SADD} in batches of {@value #BATCH}, one batch in flight at a time so the
     * server keeps serving others; {@code progress} hears the counts after every batch and once more at the end with
     * {@code done} true, on one of the session's threads, never the caller's (a callback that throws stops the edit
     * and fails it). Refused on a read-only profile before anything is sent. See {@link BatchedEdit} for cancelling.
     */
    public BatchedEdit<SetChange> addAll(byte[] key, List<byte[]> members, Consumer<SetChange> progress) {
        return inBatches("SADD", key, members, progress, (c, batch) -> c.sadd(key, batch));
    }

    /** {@link #addAll} for {@code SREM}: members removed and members not found. */
    public BatchedEdit<SetChange> removeAll(byte[] key, List<byte[]> members, Consumer<SetChange> progress) {
        return inBatches("SREM", key, members, progress, (c, batch) -> c.srem(key, batch));
    }

    private BatchedEdit<SetChange> inBatches(String command, byte[] key, List<byte[]> members, Consumer<SetChange> progress,
            BiFunction<RedisClusterAsyncCommands<byte[], byte[]>, byte[][], RedisFuture<Long>> call) {
        Objects.requireNonNull(key);
        Objects.requireNonNull(progress);
        CompletableFuture<SetChange> result = new CompletableFuture<>();
        if (session.isReadOnly()) {
            result.completeExceptionally(new ReadOnlyProfileException(command, session.profile().displayName()));
            return new BatchedEdit<>(result, () -> { });
        }
        Batches batches = new Batches(command, List.copyOf(members), progress, call, result);
        batches.next();
        return new BatchedEdit<>(result, batches::stop);
    }

    /** One bulk edit: the next batch is sent when the previous one's reply arrives. */
    private final class Batches {
        final String command;
        final List<byte[]> members;
        final Consumer<SetChange> progress;
        final BiFunction<RedisClusterAsyncCommands<byte[], byte[]>, byte[][], RedisFuture<Long>> call;
        final CompletableFuture<SetChange> result;
        volatile boolean stopRequested;
        long changed;
        int sent;

        Batches(String command, List<byte[]> members, Consumer<SetChange> progress,
                BiFunction<RedisClusterAsyncCommands<byte[], byte[]>, byte[][], RedisFuture<Long>> call,
                CompletableFuture<SetChange> result) {
            this.command = command;
            this.members = members;
            this.progress = progress;
            this.call = call;
            this.result = result;
            // Cancelling the future stops the edit as stop() does; the batch in flight finishes.
            result.whenComplete((v, e) -> stopRequested = true);
        }

        void stop() {
            stopRequested = true;
        }

        SetChange counts(boolean done) {
            return new SetChange(changed, sent - changed, sent, members.size(), done);
        }

        void next() {
            if (stopRequested || sent == members.size()) {
                finish(sent == members.size());
                return;
            }
            byte[][] batch = members.subList(sent, Math.min(sent + BATCH, members.size())).toArray(byte[][]::new);
            session.write(command, c -> call.apply(c, batch)).whenCompleteAsync((n, failure) -> {
                if (failure != null) {
                    fail(RedisErrors.wrap(command, failure));
                    return;
                }
                try {
                    changed += n;
                    sent += batch.length;
                    progress.accept(counts(false));
                } catch (RuntimeException e) {
                    fail(RedisErrors.wrap(command, e));
                    return;
                }
                next();
            }, session.executor()); // never on the caller's thread, and no recursion when replies come fast
        }

        private void finish(boolean done) {
            SetChange last = counts(done);
            if (done) {
                try {
                    progress.accept(last);
                } catch (RuntimeException e) {
                    fail(RedisErrors.wrap(command, e));
                    return;
                }
            }
            result.complete(last);
        }

        private void fail(RedisOperationException e) {
            String sofar = sent == 0 ? " No member was changed." : " Of the " + sent + " members sent before that, "
                    + changed + " were changed.";
            result.completeExceptionally(new RedisOperationException(e.operation(), e.getMessage() + sofar,
                    e.getCause() == null ? e : e.getCause()));
        }
    }

    /**
     * {@code SMOVE}: moves {@code member} from one set to another, atomically. False when it was not in
     * {@code source} (nothing changed). On a cluster both sets must share a slot; the failure says so in words.
     */
    public CompletableFuture<Boolean> move(byte[] source, byte[] destination, byte[] member) {
        return session.write("SMOVE", c -> c.smove(source, destination, member));
    }

    /**
     * Changes the score of a member already in a sorted set: {@code ZADD key XX CH score member}. {@code XX} because
     * editing a score must never add a member the user did not have (a typo in the id would otherwise create one);
     * a member that is not there is reported instead. False when there is no such member (nothing was added); true
     * when it has the score now (also when it had it already, told apart with a {@code ZSCORE}).
     */
    public CompletableFuture<Boolean> setScore(byte[] key, byte[] member, double score) {
        if (Double.isNaN(score)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("A score must be a number, not NaN."));
        }
        CompletableFuture<Long> changed = session.write("ZADD", c -> c.zadd(key, ZAddArgs.Builder.xx().ch(), score, member));
        CompletableFuture<Boolean> exists = changed.thenCompose(n -> n > 0 ? CompletableFuture.completedFuture(true)
                : Futures.map(session.read("ZSCORE", c -> c.zscore(key, member)), Objects::nonNull));
        Futures.cancelTogether(exists, changed);
        return exists;
    }

    private static RedisOperationException notASet(String operation, byte[] key, String type) {
        return new RedisOperationException(operation, Keys.display(key) + " is a " + type
                + ", not a set or a sorted set.", null);
    }
}
