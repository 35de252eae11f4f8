package dev.tensorlens.redis;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The members two sets share, found without loading either: the smaller set is read in pages ({@code SSCAN}, or
 * {@code ZSCAN} for a sorted set) and each page is checked against the other ({@code SMISMEMBER}/{@code ZMSCORE}, or
 * pipelined {@code SISMEMBER}/{@code ZSCORE} before Redis 6.2). Client memory stays at one page (plus the members
 * kept, at most the limit asked for), and every command touches one key, so it also works for two sets in different
 * slots of a cluster. Used where {@code SINTERCARD}/{@code ZINTERCARD} cannot be (before Redis 7, across slots) and to
 * list shared members, which those only count.
 *
 * <p>Like every scan, a set changed during the walk can have a member seen twice or missed; for a set left alone the
 * result is exact.
 */
final class SetOverlap {

    /** One of the two collections: its key and whether it is a sorted set (the commands differ, the walk does not). */
    record Side(byte[] key, boolean sorted) {
        Side {
            Objects.requireNonNull(key);
        }

        static Side set(byte[] key) {
            return new Side(key, false);
        }
    }

    /** How many members the two share, and the first {@code limit} of them the walk met. */
    record Found(long count, List<byte[]> sample) {
    }

    /** What to do with each checked page: return false to stop early. */
    interface PageSink {
        boolean accept(List<byte[]> members, List<Boolean> inOther);
    }

    private final RedisSession session;
    private final int version;
    private final int pageSize;

    SetOverlap(RedisSession session, int version, int pageSize) {
        this.session = session;
        this.version = version;
        this.pageSize = pageSize;
    }

    /** Counts the shared members of two sets into {@code result}, reporting each page to {@code progress}. */
    void count(byte[] a, byte[] b, Consumer<OverlapProgress> progress, CompletableFuture<Long> result) {
        count(Side.set(a), Side.set(b), progress, result);
    }

    /** {@link #count(byte[], byte[], Consumer, CompletableFuture)} for sets or sorted sets. */
    void count(Side a, Side b, Consumer<OverlapProgress> progress, CompletableFuture<Long> result) {
        long[] shared = {0};
        walk(a, b, progress, (members, inOther) -> {
            inOther.forEach(found -> shared[0] += found ? 1 : 0);
            return true;
        }, result, () -> shared[0]);
    }

    /** Up to {@code limit} members shared by two sets into {@code result}; stops reading once it has them. */
    void members(byte[] a, byte[] b, int limit, CompletableFuture<List<byte[]>> result) {
        members(Side.set(a), Side.set(b), limit, result);
    }

    /** {@link #members(byte[], byte[], int, CompletableFuture)} for sets or sorted sets. */
    void members(Side a, Side b, int limit, CompletableFuture<List<byte[]>> result) {
        List<byte[]> shared = new ArrayList<>();
        walk(a, b, p -> { }, (members, inOther) -> {
            keep(members, inOther, shared, limit);
            return shared.size() < limit;
        }, result, () -> List.copyOf(shared));
    }

    /**
     * The count and, in the same walk, the first {@code limit} shared members met: where the count has to be taken
     * page by page anyway, a second walk for examples would read the smaller set twice.
     */
    void countAndSample(Side a, Side b, int limit, Consumer<OverlapProgress> progress, CompletableFuture<Found> result) {
        long[] count = {0};
        List<byte[]> sample = new ArrayList<>();
        walk(a, b, progress, (members, inOther) -> {
            inOther.forEach(found -> count[0] += found ? 1 : 0);
            keep(members, inOther, sample, limit);
            return true;
        }, result, () -> new Found(count[0], List.copyOf(sample)));
    }

    private static void keep(List<byte[]> members, List<Boolean> inOther, List<byte[]> into, int limit) {
        for (int i = 0; i < members.size() && into.size() < limit; i++) {
            if (inOther.get(i)) {
                into.add(members.get(i));
            }
        }
    }

    /** {@code SCARD} or {@code ZCARD}: 0 for a key that is not there. */
    CompletableFuture<Long> size(Side side) {
        return side.sorted() ? session.read("ZCARD", c -> c.zcard(side.key()))
                : session.read("SCARD", c -> c.scard(side.key()));
    }

    private <T> void walk(Side a, Side b, Consumer<OverlapProgress> progress, PageSink sink,
                          CompletableFuture<T> result, Supplier<T> outcome) {
        CompletableFuture<Long> sizeA = size(a);
        CompletableFuture<Long> sizeB = size(b);
        Futures.cancelTogether(result, sizeA, sizeB);
        sizeA.thenCombine(sizeB, (na, nb) -> new long[] {na, nb}).whenCompleteAsync((sizes, failure) -> {
            if (failure != null) {
                result.completeExceptionally(RedisErrors.unwrap(failure));
                return;
            }
            boolean aSmaller = sizes[0] <= sizes[1];
            long total = Math.min(sizes[0], sizes[1]);
            if (total == 0) {
                progress.accept(new OverlapProgress(0, 0));
                result.complete(outcome.get());
                return;
            }
            Walk<T> walk = new Walk<>(aSmaller ? a : b, aSmaller ? b : a, total, progress, sink, result, outcome);
            walk.page(ScanCursor.INITIAL);
        }, session.executor());
    }

    /** A page of members and where the scan goes on from (null when it is finished). */
    record Page(List<byte[]> members, ScanCursor next) {
    }

    /** {@code SSCAN} or {@code ZSCAN} (whose scores are dropped: only who is in both matters here). */
    CompletableFuture<Page> scan(Side side, ScanCursor cursor) {
        ScanArgs args = ScanArgs.Builder.limit(pageSize);
        if (side.sorted()) {
            return Futures.map(session.read("ZSCAN", c -> c.zscan(side.key(), cursor, args)), p -> new Page(
                    p.getValues().stream().map(ScoredValue::getValue).toList(), p.isFinished() ? null : p));
        }
        return Futures.map(session.read("SSCAN", c -> c.sscan(side.key(), cursor, args)),
                p -> new Page(p.getValues(), p.isFinished() ? null : p));
    }

    /**
     * Whether each of {@code members} is in {@code side}, in order: {@code SMISMEMBER} or {@code ZMSCORE} (a score
     * means a member) from Redis 6.2, pipelined {@code SISMEMBER}/{@code ZSCORE} before.
     */
    static CompletableFuture<List<Boolean>> contains(RedisSession session, int version, Side side, List<byte[]> members) {
        return side.sorted() ? SetMembership.hasScores(session, version, side.key(), members)
                : SetMembership.isMember(session, version, side.key(), members);
    }

    /** One walk over the smaller set: a page in flight at a time. */
    private final class Walk<T> {
        final Side scanned;
        final Side other;
        final long total;
        final Consumer<OverlapProgress> progress;
        final PageSink sink;
        final CompletableFuture<T> result;
        final Supplier<T> outcome;
        /** Only the page in flight is cancelled with the result: a callback per page would keep every page read. */
        final StepInFlight inFlight;
        long checked;

        Walk(Side scanned, Side other, long total, Consumer<OverlapProgress> progress, PageSink sink,
             CompletableFuture<T> result, Supplier<T> outcome) {
            this.scanned = scanned;
            this.other = other;
            this.total = total;
            this.progress = progress;
            this.sink = sink;
            this.result = result;
            this.outcome = outcome;
            this.inFlight = new StepInFlight(result);
        }

        void page(ScanCursor cursor) {
            if (result.isDone()) {
                return; // cancelled: stop after the page in flight
            }
            CompletableFuture<Page> page = inFlight.track(scan(scanned, cursor));
            // every step hops to the session's threads: the caller's thread never runs the sink or the progress
            page.thenComposeAsync(p -> check(p.members()).thenApplyAsync(found -> {
                boolean more = sink.accept(p.members(), found);
                checked += p.members().size();
                progress.accept(new OverlapProgress(checked, total));
                return more && p.next() != null ? p.next() : null;
            }, session.executor()), session.executor()).whenComplete((next, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(RedisErrors.unwrap(failure));
                } else if (next == null) {
                    result.complete(outcome.get());
                } else {
                    page(next);
                }
            });
        }

        /** Whether each member is in the other set, in order. */
        CompletableFuture<List<Boolean>> check(List<byte[]> members) {
            if (members.isEmpty()) {
                return CompletableFuture.completedFuture(List.of()); // a scan may return an empty page mid-way
            }
            return contains(session, version, other, members);
        }
    }
}
